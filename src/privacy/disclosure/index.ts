export * from './disclose-attrition.ts';
export * from './disclose-partition.ts';
export * from './disclosure-ledger.ts';
export * from './disclosure-policy.ts';
export * from './json-file-ledger.ts';
