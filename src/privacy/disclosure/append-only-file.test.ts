import { mkdtemp, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppendOnlyFile, frameChecksum } from './append-only-file.ts';

const MAGIC = 0x31545354; // "TST1"
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
async function tempFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'append-only-'));
  dirs.push(dir);
  return join(dir, 'station', 'ledger.bin');
}
const record = (header: string, payload: number[]) => {
  const head = Buffer.from(header, 'utf8');
  return AppendOnlyFile.frame(MAGIC, head, Uint8Array.from(payload), frameChecksum(head));
};

describe('append-only framed file', () => {
  it('reads back every appended record in order, with its lengths and place', async () => {
    const path = await tempFile();
    const file = new AppendOnlyFile(path, false, 'the test ledger');
    file.append([...record('{"a":1}', [1, 2, 3]), ...record('{"b":22}', [])]);
    file.append(record('{}', [9]));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    file.close();
    const again = new AppendOnlyFile(path, true, 'the test ledger');
    const frames = again.frames(MAGIC);
    expect(frames.map((f) => [f.headerBytes, f.payloadBytes])).toEqual([
      [7, 3],
      [8, 0],
      [2, 1],
    ]);
    expect(frames[1]!.at).toBe(12 + 7 + 3 + 4);
    expect(again.read(Buffer.alloc(8), frames[1]!.at + 12).toString('utf8')).toBe('{"b":22}');
    expect(again.size).toBe((await stat(path)).size);
    again.close();
  });

  it('cuts off a record a crash cut short; read-only leaves the file as it is', async () => {
    const path = await tempFile();
    const file = new AppendOnlyFile(path, false, 'the test ledger');
    file.append(record('{"a":1}', [1, 2, 3]));
    const whole = file.size;
    file.append(record('{"b":2}', [4, 5, 6]));
    file.close();
    await truncate(path, whole + 5);
    const reader = new AppendOnlyFile(path, true, 'the test ledger');
    expect(reader.frames(MAGIC)).toHaveLength(1);
    expect(reader.size).toBe(whole);
    expect(() => reader.append(record('{}', []))).toThrow(/read-only/);
    reader.close();
    expect((await stat(path)).size).toBe(whole + 5);
    const writer = new AppendOnlyFile(path, false, 'the test ledger');
    expect(writer.frames(MAGIC)).toHaveLength(1);
    writer.close();
    expect((await stat(path)).size).toBe(whole);
  });

  it('calls a record with another magic damage, naming the file and the byte', async () => {
    const path = await tempFile();
    new AppendOnlyFile(path, false, 'the test ledger').close();
    await writeFile(path, Buffer.alloc(40, 7));
    const file = new AppendOnlyFile(path, true, 'the test ledger');
    expect(() => file.frames(MAGIC)).toThrow(/the test ledger is damaged at byte 0/);
    file.close();
  });
});
