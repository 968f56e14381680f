import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { readPassword } from './read-password.ts';

/** A stand-in for a terminal: a stream that says it is a TTY and records raw mode. */
function fakeTty(isTTY = true) {
  const stream = new PassThrough() as unknown as NodeJS.ReadStream & { raw: boolean[] };
  stream.isTTY = isTTY;
  stream.raw = [];
  stream.setRawMode = (mode: boolean) => {
    stream.raw.push(mode);
    return stream;
  };
  return stream;
}

describe('readPassword', () => {
  it('reads up to Enter in raw mode, handles backspace, and never echoes the password', async () => {
    const echoed: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
      echoed.push(String(c));
      return true;
    });
    try {
      const tty = fakeTty();
      const read = readPassword('password: ', tty);
      tty.write('s3cretx');
      tty.write('\u007f!\r');
      expect(await read).toBe('s3cret!');
      expect(tty.raw).toEqual([true, false]);
      expect(echoed.join('')).toBe('password: \n');
    } finally {
      spy.mockRestore();
    }
  });

  it('refuses to prompt when stdin is not a terminal, and stops on Ctrl+C', async () => {
    await expect(readPassword('p: ', fakeTty(false))).rejects.toThrow(/give --password or set AI4H_PASSWORD/);
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const tty = fakeTty();
      const read = readPassword('p: ', tty);
      tty.write('ab\u0003');
      await expect(read).rejects.toThrow(/cancelled/);
    } finally {
      spy.mockRestore();
    }
  });
});
