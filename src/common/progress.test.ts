import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressText, terminalProgress } from './progress.ts';

/** A stream that keeps what is written; `tty` makes it look like a terminal to the progress bar. */
function capture(tty: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY: tty, columns: 200, rows: 40 });
  return { stream, text: () => text };
}

describe('progress', () => {
  it('shows bytes as megabytes with the unit, counts as they are', () => {
    expect(progressText(12_345_678, 45_600_000, 'bytes')).toBe('12.3/45.6 MB');
    expect(progressText(1234, 5000)).toBe('1234/5000');
  });

  it('prints lines with the unit when stderr is not a terminal', () => {
    const out = capture(false);
    const p = terminalProgress('noord ingest', { unit: 'bytes', stream: out.stream });
    p.start(45_600_000);
    p.update(45_600_000);
    p.stop();
    expect(out.text()).toBe('noord ingest: 0.0/45.6 MB\nnoord ingest: 45.6/45.6 MB\n');
  });

  it('shows megabytes on the bar of a terminal', () => {
    const out = capture(true);
    const p = terminalProgress('noord ingest', { unit: 'bytes', stream: out.stream });
    p.start(45_600_000);
    p.update(22_800_000);
    p.stop();
    expect(out.text()).toContain('| 22.8/45.6 MB |');
    expect(out.text()).not.toContain('22800000');
  });
});
