/** Helpers for tests: the local PostgreSQL, the shared external test data, SHACL validation, audit logs rewritten as an attacker would. */
export { dropSchema, freshSchema, postgresAvailable, TEST_PG_URL } from './postgres.ts';
export { readAuditFile, rewriteAndRehash } from './rewrite-audit-log.ts';
export { SHARED_EXTERNAL, sharedData } from './shared-data.ts';
export { validateTurtle } from './validate-shacl.ts';
