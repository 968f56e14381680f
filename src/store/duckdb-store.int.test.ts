import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from './open-store.ts';
import { stationStoreContract } from './store-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'ai4h-duckdb-store-'));

stationStoreContract(
  'DuckDB',
  (tables, key) => openStore({ backend: 'duckdb', path: join(dir, `${key}.duckdb`) }, tables),
  async () => rmSync(dir, { recursive: true, force: true }),
);
