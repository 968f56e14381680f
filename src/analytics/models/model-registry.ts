import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { conflict, notFound, unprocessable } from '../../common/app-error.ts';
import { replaceFile } from '../../common/replace-file.ts';
import type { RepresentativenessResult } from '../algorithms/representativeness/definition.ts';
import type { ValidationResult } from '../algorithms/validation/definition.ts';
import { type ModelRecord, type ModelRecordInput, ModelRecordSchema } from './model-record.ts';

/**
 * Models as JSON files (`<id>.json`) in one folder: simple to back up, diff and ship with technical
 * documentation. Writes are atomic (temp file + rename).
 */
export class ModelRegistry {
  constructor(private readonly dir: string) {}

  private path(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  private async write(record: ModelRecord): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await replaceFile(this.path(record.id), `${JSON.stringify(record, null, 2)}\n`);
  }

  /** Registers a new model; refuses an id that exists. */
  async register(input: ModelRecordInput): Promise<ModelRecord> {
    const record = ModelRecordSchema.parse(input);
    const existing = await this.find(record.id);
    if (existing) throw conflict(`model ${record.id} exists already`, 'id');
    await this.write(record);
    return record;
  }

  async find(id: string): Promise<ModelRecord | undefined> {
    let text: string;
    try {
      text = await readFile(this.path(ModelRecordSchema.shape.id.parse(id)), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    const parsed = ModelRecordSchema.safeParse(JSON.parse(text));
    if (!parsed.success)
      throw unprocessable(`model file is not a valid model record: ${parsed.error.message}`, `${id}.json`);
    return parsed.data;
  }

  async get(id: string): Promise<ModelRecord> {
    const r = await this.find(id);
    if (!r) throw notFound(`no model ${id}`, 'id');
    return r;
  }

  async list(): Promise<ModelRecord[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const ids = names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5));
    return Promise.all(ids.sort().map((id) => this.get(id)));
  }

  /** Adds an external validation to a model's record. */
  async addValidation(
    id: string,
    permitId: string,
    result: ValidationResult,
    runId?: string,
  ): Promise<ModelRecord> {
    const r = await this.get(id);
    r.validations.push({
      at: new Date().toISOString(),
      permitId,
      stations: Object.keys(result.perStation),
      ...(runId ? { runId } : {}),
      result,
    });
    await this.write(r);
    return r;
  }

  async setRepresentativeness(
    id: string,
    result: RepresentativenessResult,
    runId?: string,
  ): Promise<ModelRecord> {
    const r = await this.get(id);
    r.representativeness = result;
    if (runId) r.representativenessRunId = runId;
    await this.write(r);
    return r;
  }
}
