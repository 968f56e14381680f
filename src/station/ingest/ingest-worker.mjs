// Starts a reader thread of a parallel ingest: the TypeScript loader first, then the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./ingest-worker.ts');
