import { describe, expect, it } from 'vitest';
import { LongPollWaiters } from './long-poll.ts';

const settled = async (p: Promise<unknown>) => {
  let done = false;
  void p.then(() => {
    done = true;
  });
  await new Promise((r) => setTimeout(r, 10));
  return done;
};

describe('long-poll waiters', () => {
  it('keeps a notification that arrives between reading the state and waiting', async () => {
    const waiters = new LongPollWaiters(60_000);
    const listener = waiters.listen('station:a');
    waiters.notify('station:a'); // e.g. a task committed while the poll was reading the queue
    expect(await settled(listener.wait(60_000))).toBe(true);
    // The notification is used up: the next wait waits again.
    const again = listener.wait(60_000);
    expect(await settled(again)).toBe(false);
    waiters.notify('station:b');
    expect(await settled(again)).toBe(false);
    waiters.notify('station:a');
    expect(await settled(again)).toBe(true);
    listener.close();
  });

  it('caps a wait at the re-check interval and ends every wait when closing', async () => {
    const waiters = new LongPollWaiters(20);
    const t0 = Date.now();
    await waiters.listen('run:r').wait(60_000);
    expect(Date.now() - t0).toBeLessThan(1000);

    const slow = new LongPollWaiters(60_000);
    const w = slow.listen('run:r').wait(60_000);
    slow.close();
    expect(await settled(w)).toBe(true);
    expect(slow.closing()).toBe(true);
    expect(await settled(slow.listen('run:r').wait(60_000))).toBe(true);
  });

  it('ends a wait on abort', async () => {
    const waiters = new LongPollWaiters(60_000);
    const abort = new AbortController();
    const w = waiters.listen('station:a').wait(60_000, abort.signal);
    abort.abort();
    expect(await settled(w)).toBe(true);
  });
});
