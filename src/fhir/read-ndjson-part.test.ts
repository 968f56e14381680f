import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type FhirItem,
  linesBeforePart,
  planNdjsonParts,
  readFhirFiles,
  readNdjsonPart,
} from './read-fhir-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'read-part-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
async function collect(items: AsyncIterable<FhirItem>): Promise<FhirItem[]> {
  const out: FhirItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Items of a file read part by part, with each part's line numbers moved by the lines before it. */
async function readInParts(path: string, partBytes: number, maxLineBytes?: number) {
  const out: { where: string; id?: unknown; error?: string }[] = [];
  for (const part of await planNdjsonParts([path], partBytes)) {
    const linesBefore = await linesBeforePart(path, part.start);
    let bytes = 0;
    for (const item of await collect(readNdjsonPart(part, { maxLineBytes, onBytes: (n) => (bytes += n) }))) {
      const line = Number(item.where.slice(path.length + 1)) + linesBefore;
      out.push({ where: `${path}:${line}`, id: item.resource?.id, error: item.error });
    }
    expect(bytes).toBe(part.end - part.start);
  }
  return out;
}

describe('readNdjsonPart', () => {
  it('reads every line exactly once, whatever the part size, with the same line numbers as a whole read', async () => {
    const line = fc.oneof(
      fc
        .string({ maxLength: 12 })
        .map((id) => JSON.stringify({ resourceType: 'Patient', id, pad: 'x'.repeat(id.length * 7) })),
      fc.constant(''),
      fc.constant('{"broken": '),
      fc.constant('   '),
      fc.constant('x'.repeat(300)), // longer than maxLineBytes below
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 40 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 400 }),
        async (lines, crlf, partBytes) => {
          const path = join(dir, `${counter++}.ndjson`);
          writeFileSync(path, lines.join(crlf ? '\r\n' : '\n'));
          const whole = (await collect(readFhirFiles([path], { maxLineBytes: 200 }))).map((i) => ({
            where: i.where,
            id: i.resource?.id,
            error: i.error,
          }));
          expect(await readInParts(path, partBytes, 200)).toEqual(whole);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps gzip files and JSON documents whole', async () => {
    const ndjson = join(dir, 'big.ndjson');
    writeFileSync(ndjson, `${'{"resourceType":"Patient","id":"a"}\n'.repeat(100)}`);
    const json = join(dir, 'bundle.json');
    writeFileSync(
      json,
      JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [] }).padEnd(500),
    );
    const parts = await planNdjsonParts([ndjson, json], 1000);
    expect(parts.filter((p) => p.file === json)).toEqual([{ file: json, start: 0, end: 500 }]);
    expect(parts.filter((p) => p.file === ndjson).length).toBe(4);
  });
});
