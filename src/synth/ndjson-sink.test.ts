import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NdjsonSink } from './ndjson-sink.ts';

describe('NdjsonSink', () => {
  it('writes every line in order across chunk boundaries, including non-ASCII and oversized lines', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ai4h-sink-'));
    try {
      const path = join(dir, 'x.ndjson');
      const sink = new NdjsonSink(path, 64);
      const lines = [
        '{"a":1}',
        '{"name":"Súdwest-Fryslân Yılmaz Zoë"}',
        'x'.repeat(200),
        ...Array.from({ length: 500 }, (_, i) => `{"i":${i}}`),
      ];
      for (const [i, l] of lines.entries()) {
        sink.writeLine(l);
        if (i % 50 === 0) await sink.drained();
      }
      await sink.close();
      expect(sink.lines).toBe(lines.length);
      expect(await readFile(path, 'utf8')).toBe(`${lines.join('\n')}\n`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
