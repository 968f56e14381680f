import { badInput } from '../../common/index.ts';

/**
 * Reads a password from the terminal without echoing it (raw mode, character by character).
 * Only for a TTY; scripts pass `--password` or env `AI4H_PASSWORD`.
 */
export function readPassword(prompt: string, stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  if (!stdin.isTTY)
    return Promise.reject(
      badInput('give --password or set AI4H_PASSWORD (stdin is not a terminal)', '--password'),
    );
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(badInput('cancelled', '--password'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
