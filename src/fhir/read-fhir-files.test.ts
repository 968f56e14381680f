import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedData } from '../test-support/shared-data.ts';
import { type FhirItem, jsonErrorText, listFhirFiles, readFhirFiles } from './read-fhir-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'read-fhir-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function file(name: string, content: string | Buffer): string {
  const path = join(dir, `${counter++}-${name}`);
  writeFileSync(path, content);
  return path;
}

async function readAll(paths: string[], options?: Parameters<typeof readFhirFiles>[1]): Promise<FhirItem[]> {
  const out: FhirItem[] = [];
  for await (const item of readFhirFiles(paths, options)) out.push(item);
  return out;
}

const patient = (id: string) => ({ resourceType: 'Patient', id, name: [{ family: 'Jansen' }] });

describe('readFhirFiles on NDJSON', () => {
  it('yields one resource per line with file:line, skipping blank lines, CRLF and a BOM', async () => {
    const text = `\uFEFF${JSON.stringify(patient('a'))}\r\n\n   \n${JSON.stringify(patient('b'))}\n${JSON.stringify(patient('c'))}`;
    const path = file('p.ndjson', text);
    const items = await readAll([path]);
    expect(items.map((i) => [i.where, i.resource?.id, i.error])).toEqual([
      [`${path}:1`, 'a', undefined],
      [`${path}:4`, 'b', undefined],
      [`${path}:5`, 'c', undefined],
    ]);
  });

  it('reports a truncated line without echoing its content and goes on', async () => {
    const good = JSON.stringify(patient('a'));
    const path = file('t.ndjson', `${good.slice(0, 30)}\n${good}\n`);
    const items = await readAll([path]);
    expect(items).toHaveLength(2);
    expect(items[0]?.where).toBe(`${path}:1`);
    expect(items[0]?.error).toMatch(/^malformed JSON: /);
    expect(items[0]?.error).not.toContain('Patient');
    expect(items[1]?.resource?.id).toBe('a');
  });

  it('reports a malformed token without the snippet V8 puts in its message', async () => {
    const path = file('m.ndjson', '{"resourceType":"Patient","name":Jansen}\n');
    const [item] = await readAll([path]);
    expect(item?.error).toBe('malformed JSON: unexpected token');
    expect(
      jsonErrorText(new SyntaxError(`Expected ',' or '}' after property value in JSON at position 6`)),
    ).toBe(`Expected ',' or '}' after property value in JSON at position 6`);
  });

  it('reports JSON values that are not objects', async () => {
    const path = file('v.ndjson', '[1,2]\n42\n"Jansen"\nnull\n');
    const items = await readAll([path]);
    expect(items.map((i) => i.error)).toEqual([
      'JSON array is not a FHIR resource',
      'JSON number is not a FHIR resource',
      'JSON string is not a FHIR resource',
      'JSON null is not a FHIR resource',
    ]);
  });

  it('reports a line with bytes that are not UTF-8', async () => {
    const bad = Buffer.concat([
      Buffer.from('{"resourceType":"Patient","id":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}\n'),
    ]);
    const path = file('u.ndjson', Buffer.concat([bad, Buffer.from(`${JSON.stringify(patient('ok'))}\n`)]));
    const items = await readAll([path]);
    expect(items[0]).toEqual({ where: `${path}:1`, error: 'line is not valid UTF-8' });
    expect(items[1]?.resource?.id).toBe('ok');
  });

  it('skips a line over maxLineBytes that spans several chunks, then reads on', async () => {
    const long = JSON.stringify({ resourceType: 'Binary', data: 'A'.repeat(3_000_000) });
    const path = file(
      'l.ndjson',
      `${JSON.stringify(patient('a'))}\n${long}\n${JSON.stringify(patient('b'))}\n`,
    );
    const items = await readAll([path], { maxLineBytes: 2_000_000 });
    expect(items.map((i) => [i.where, i.resource?.id ?? i.error])).toEqual([
      [`${path}:1`, 'a'],
      [`${path}:2`, 'line longer than 2000000 bytes (maxLineBytes); skipped'],
      [`${path}:3`, 'b'],
    ]);
  });

  it('skips a too-long last line without newline, and a too-long line inside one chunk', async () => {
    const path = file(
      'l2.ndjson',
      `${'x'.repeat(500)}\n${JSON.stringify(patient('a'))}\n${'y'.repeat(3_000_000)}`,
    );
    const items = await readAll([path], { maxLineBytes: 200 });
    expect(items.map((i) => [i.where, i.resource?.id ?? i.error])).toEqual([
      [`${path}:1`, 'line longer than 200 bytes (maxLineBytes); skipped'],
      [`${path}:2`, 'a'],
      [`${path}:3`, 'line longer than 200 bytes (maxLineBytes); skipped'],
    ]);
  });

  it('parses a 50 MB line with the default limit', async () => {
    const big = {
      resourceType: 'Binary',
      id: 'big',
      contentType: 'text/plain',
      data: 'QUJD'.repeat(12_500_000),
    };
    const path = file('big.ndjson', `${JSON.stringify(big)}\n${JSON.stringify(patient('after'))}\n`);
    expect(statSync(path).size).toBeGreaterThan(50_000_000);
    const items = await readAll([path]);
    expect(items).toHaveLength(2);
    expect(items[0]?.error).toBeUndefined();
    expect(String(items[0]?.resource?.data).length).toBe(50_000_000);
    expect(items[1]?.resource?.id).toBe('after');
  }, 30_000);

  it('reads gzip transparently and reports progress in bytes read from disk', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => JSON.stringify(patient(`p${i}`))).join('\n');
    const path = file('g.ndjson.gz', gzipSync(lines));
    let bytes = 0;
    const items = await readAll([path], { onBytes: (n) => (bytes += n) });
    expect(items).toHaveLength(2000);
    expect(items[1999]).toMatchObject({ where: `${path}:2000`, resource: { id: 'p1999' } });
    expect(bytes).toBe(statSync(path).size);
  });

  it('reports a truncated gzip file as an item, not an exception', async () => {
    const whole = gzipSync(
      Array.from({ length: 500 }, (_, i) => JSON.stringify(patient(`p${i}`))).join('\n'),
    );
    const path = file('cut.ndjson.gz', whole.subarray(0, Math.floor(whole.length / 2)));
    const items = await readAll([path]);
    const last = items.at(-1);
    expect(last?.error).toMatch(/^cannot read file: /);
  });

  it('keeps every object of any NDJSON file, in order (property)', async () => {
    const resource = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), {
      maxKeys: 5,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(resource, fc.constantFrom('\n', '\r\n', '\n\n')), { maxLength: 20 }),
        async (rows) => {
          const path = file('prop.ndjson', rows.map(([r, eol]) => JSON.stringify(r) + eol).join(''));
          const items = await readAll([path]);
          expect(items.map((i) => i.resource)).toEqual(rows.map(([r]) => JSON.parse(JSON.stringify(r))));
        },
      ),
      { numRuns: 40 },
    );
  });
  it('reads files of several chunks like a line-by-line reference: multi-byte text, bad bytes, CRLF (property)', async () => {
    const badBytes = Buffer.from([0xc3, 0x28]);
    const kind = fc.constantFrom('ascii', 'accents', 'bad', 'blank', 'broken');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(kind, fc.nat(300_000), fc.constantFrom('\n', '\r\n')), {
          minLength: 1,
          maxLength: 25,
        }),
        async (specs) => {
          const lines = specs.map(([k, pad, eol], i) => {
            const text = k === 'accents' ? 'ë€😀'.repeat(1 + (pad % 50_000)) : 'x'.repeat(pad);
            const body =
              k === 'blank'
                ? Buffer.from('  ')
                : k === 'broken'
                  ? Buffer.from(`{"id":"${i}","p":"${text}"`)
                  : k === 'bad'
                    ? Buffer.concat([Buffer.from(`{"id":"${i}","p":"${text}`), badBytes, Buffer.from('"}')])
                    : Buffer.from(JSON.stringify({ resourceType: 'Basic', id: String(i), p: text }));
            return Buffer.concat([body, Buffer.from(eol)]);
          });
          const path = file('chunks.ndjson', Buffer.concat(lines));
          const items = await readAll([path]);
          const expected = specs.flatMap(([k], i): Record<string, unknown>[] => {
            const where = `${path}:${i + 1}`;
            if (k === 'blank') return [];
            if (k === 'bad') return [{ where, error: 'line is not valid UTF-8' }];
            if (k === 'broken') return [{ where, error: expect.stringMatching(/^malformed JSON/) }];
            return [{ where, id: String(i) }];
          });
          expect(items.map((it) => (it.resource ? { where: it.where, id: it.resource.id } : it))).toEqual(
            expected,
          );
        },
      ),
      { numRuns: 12 },
    );
  });
});

describe('readFhirFiles on JSON documents', () => {
  const bundle = {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      { fullUrl: 'urn:uuid:1', resource: patient('a'), request: { method: 'POST', url: 'Patient' } },
      { fullUrl: 'urn:uuid:2', resource: { resourceType: 'Encounter', id: 'e' } },
      { fullUrl: 'urn:uuid:3' },
      { resource: patient('c') },
    ],
  };

  it('yields each Bundle entry with the line where the entry starts', async () => {
    const text = JSON.stringify(bundle, null, 2);
    const path = file('b.json', text);
    const items = await readAll([path]);
    const lineOf = (needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
    expect(items.map((i) => [i.where, i.resource?.id ?? i.error])).toEqual([
      [`${path}:${lineOf('"urn:uuid:1"')} entry[0]`, 'a'],
      [`${path}:${lineOf('"urn:uuid:2"')} entry[1]`, 'e'],
      [`${path}:${lineOf('"urn:uuid:3"')} entry[2]`, 'Bundle entry has no resource'],
      [`${path}:1 entry[3]`, 'c'],
    ]);
  });

  it('yields a single resource document, gzipped too', async () => {
    const path = file('one.json.gz', gzipSync(JSON.stringify(patient('x'), null, 1)));
    expect(await readAll([path])).toEqual([{ where: `${path}:1`, resource: patient('x') }]);
  });

  it('does not report entries without resource in a searchset', async () => {
    const path = file('s.json', JSON.stringify({ ...bundle, type: 'searchset' }));
    expect((await readAll([path])).filter((i) => i.error)).toEqual([]);
  });

  it('reads NDJSON that was saved as .json', async () => {
    const path = file('n.json', `${JSON.stringify(patient('a'))}\n${JSON.stringify(patient('b'))}\n`);
    expect((await readAll([path])).map((i) => i.resource?.id)).toEqual(['a', 'b']);
  });

  it('reports a truncated document at the line where parsing failed', async () => {
    const text = JSON.stringify(bundle, null, 2);
    const path = file('cut.json', text.slice(0, 200));
    const items = await readAll([path]);
    expect(items).toHaveLength(1);
    expect(items[0]?.error).toMatch(/^malformed JSON: /);
    expect(items[0]?.where).toBe(`${path}:${text.slice(0, 200).split('\n').length}`);
  });

  it('reports a document over the size limit and invalid UTF-8', async () => {
    const big = file('big.json', JSON.stringify({ resourceType: 'Binary', data: 'A'.repeat(5000) }));
    const bad = file(
      'bad.json',
      Buffer.concat([Buffer.from('{\n"a":"'), Buffer.from([0xff]), Buffer.from('"}')]),
    );
    const items = await readAll([big, bad], { maxLineBytes: 1000 });
    expect(items).toEqual([
      { where: `${big}:1`, error: 'JSON document larger than 1000 bytes (maxLineBytes); skipped' },
      { where: `${bad}:2`, error: 'file is not valid UTF-8' },
    ]);
  });
});

describe('listFhirFiles', () => {
  it('expands folders recursively, sorted, and reports what it does not read', async () => {
    const root = join(dir, 'tree');
    mkdirSync(join(root, 'sub', 'deeper'), { recursive: true });
    for (const name of ['b.ndjson', 'a.json', 'c.jsonl.gz', 'notes.txt', '.hidden.ndjson'])
      writeFileSync(join(root, name), '');
    writeFileSync(join(root, 'sub', 'deeper', 'x.NDJSON'), '');
    const readme = join(root, 'notes.txt');
    const skipped: string[] = [];
    const files = await listFhirFiles([root, readme, join(root, 'missing')], (s) => skipped.push(s.path));
    expect(files).toEqual([
      join(root, 'a.json'),
      join(root, 'b.ndjson'),
      join(root, 'c.jsonl.gz'),
      join(root, 'sub', 'deeper', 'x.NDJSON'),
    ]);
    expect(skipped).toEqual([readme, join(root, 'missing')]);
    const items = await readAll([readme]);
    expect(items).toEqual([{ where: readme, error: expect.stringMatching(/^unsupported file type/) }]);
  });
});

describe('readFhirFiles on the Synthea samples', () => {
  for (const folder of ['smart-sample-bulk-fhir-datasets', 'smart-generated-sample-data-r4-synthea']) {
    const path = sharedData(folder);
    it.skipIf(!path)(`reads ${folder} without errors`, async () => {
      let resources = 0;
      for await (const item of readFhirFiles([path!])) {
        expect(item.error).toBeUndefined();
        resources++;
      }
      expect(resources).toBeGreaterThan(1000);
    });
  }
});
