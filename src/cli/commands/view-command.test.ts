import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseViewDefinition } from '../../fhir/index.ts';
import { runViewOverFiles } from './view-command.ts';

const view = parseViewDefinition({
  resource: 'Patient',
  select: [
    { column: [{ name: 'id', path: 'id' }] },
    { forEachOrNull: 'name', column: [{ name: 'family', path: 'family' }] },
  ],
});

describe('ai4h view run', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ai4h-view-'));
    await writeFile(
      join(dir, 'a.ndjson'),
      [
        JSON.stringify({
          resourceType: 'Patient',
          id: 'p1',
          name: [{ family: 'de Vries, J' }, { family: 'Jansen' }],
        }),
        JSON.stringify({ resourceType: 'Observation', id: 'o1' }),
        JSON.stringify({ resourceType: 'Patient', id: 'p2' }),
      ].join('\n'),
    );
    await writeFile(
      join(dir, 'b.json'),
      JSON.stringify({
        resourceType: 'Bundle',
        type: 'collection',
        entry: [{ resource: { resourceType: 'Patient', id: 'p3' } }],
      }),
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const run = async (format: 'ndjson' | 'csv' | 'json', paths: string[]) => {
    let out = '';
    const code = await runViewOverFiles(view, paths, format, (s) => {
      out += s;
    });
    return { code, out };
  };

  it('prints NDJSON rows over NDJSON and Bundle files', async () => {
    const { code, out } = await run('ndjson', [dir]);
    expect(code).toBe(0);
    expect(
      out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { id: 'p1', family: 'de Vries, J' },
      { id: 'p1', family: 'Jansen' },
      { id: 'p2', family: null },
      { id: 'p3', family: null },
    ]);
  });

  it('prints CSV with a header and quoted fields, and a JSON array', async () => {
    const csv = await run('csv', [join(dir, 'a.ndjson')]);
    expect(csv.out).toBe('id,family\np1,"de Vries, J"\np1,Jansen\np2,\n');
    const json = await run('json', [join(dir, 'b.json')]);
    expect(JSON.parse(json.out)).toEqual([{ id: 'p3', family: null }]);
  });

  it('reports unreadable lines with file:line on stderr and exits 1', async () => {
    const bad = join(dir, 'bad.ndjson');
    await writeFile(bad, `${JSON.stringify({ resourceType: 'Patient', id: 'p9' })}\n{not json\n`);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { code, out } = await run('ndjson', [bad]);
    expect(code).toBe(1);
    expect(out).toBe('{"id":"p9","family":null}\n');
    expect(errors.mock.calls[0]?.[0]).toMatch(/bad\.ndjson:2/);
    errors.mockRestore();
  });
  it('says which files hold no FHIR resource and exits 1 when nothing could be read', async () => {
    const other = join(dir, 'truth.json');
    await writeFile(other, JSON.stringify({ generator: 'x', counts: { patients: 3 } }));
    const labels = join(dir, 'labels.ndjson');
    await writeFile(labels, `${JSON.stringify({ note: 'n1' })}\n${JSON.stringify({ note: 'n2' })}\n`);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { code, out } = await run('ndjson', [other, labels]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([
      `${other}:1: not a FHIR resource (no resourceType)`,
      `${labels}:1: not a FHIR resource (no resourceType)`,
      `${labels}:1: and 1 more without resourceType in this file`,
      'no Patient resource in the input: nothing to show',
    ]);
    errors.mockRestore();
  });

  it('counts resources of other types it skipped, and exits 1 when none is of the view type', async () => {
    const conditions = join(dir, 'conditions.ndjson');
    await writeFile(
      conditions,
      [
        { resourceType: 'Condition', id: 'c1' },
        { resourceType: 'Condition', id: 'c2' },
        { resourceType: 'Foo', id: 'f1' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const only = await run('csv', [conditions]);
    expect(only.code).toBe(1);
    expect(only.out).toBe('id,family\n');
    expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([
      'skipped 2 Condition, 1 Foo: the view is over Patient',
      'no Patient resource in the input: nothing to show',
    ]);
    errors.mockClear();
    const mixed = await run('ndjson', [conditions, join(dir, 'b.json')]);
    expect(mixed.code).toBe(0);
    expect(mixed.out).toBe('{"id":"p3","family":null}\n');
    expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([
      'skipped 2 Condition, 1 Foo: the view is over Patient',
    ]);
    errors.mockRestore();
  });

  it('keeps the written precision of decimals for a view that needs it (1.0 → boundaries 0.95 and 1.05)', async () => {
    const boundaries = parseViewDefinition({
      resource: 'Observation',
      select: [
        {
          column: [
            { name: 'low', path: 'value.ofType(Quantity).value.lowBoundary()', type: 'decimal' },
            { name: 'high', path: 'value.ofType(Quantity).value.highBoundary()', type: 'decimal' },
          ],
        },
      ],
    });
    // Its own folder: the other cases read the whole of `dir`.
    const obs = join(await mkdtemp(join(dir, 'precise-')), 'obs.ndjson');
    await writeFile(
      obs,
      '{"resourceType":"Observation","id":"o1","status":"final","code":{},"valueQuantity":{"value":1.0}}\n',
    );
    let out = '';
    const code = await runViewOverFiles(boundaries, [obs], 'ndjson', (s) => {
      out += s;
    });
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ low: 0.95, high: 1.05 });
  });
});
