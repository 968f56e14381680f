export { type AuditEntry, type AuditInput, chainEntries, GENESIS_HASH } from './audit-entry.ts';
export { AuditLog, type AuditVerification } from './audit-log.ts';
export { type AuditStorage, MemoryAuditStorage } from './audit-storage.ts';
export { FileAuditStorage, type HeadSigner, type UnreadableHead } from './file-audit-storage.ts';
