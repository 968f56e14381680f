export * from './differencing-check.ts';
export * from './disclosure-policy.ts';
export * from './release-count.ts';
export * from './release-ledger.ts';
export * from './release-partition.ts';
