import { existsSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE, lockHubFolder } from './hub-folder-lock.ts';

describe('the lock of an embedded hub database folder', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ai4h-hub-lock-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('lets one holder in at a time and frees the folder on release', () => {
    const dir = join(root, 'a');
    const release = lockHubFolder(dir);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    expect(() => lockHubFolder(dir)).toThrow(/already open in this process/);
    release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    lockHubFolder(dir)();
  });

  it('refuses a folder a live process holds, and takes over the lock of a dead one', () => {
    const dir = join(root, 'b');
    lockHubFolder(dir)();
    writeFileSync(join(dir, LOCK_FILE), `${process.ppid}\n`);
    expect(() => lockHubFolder(dir)).toThrow(`in use by process ${process.ppid}; stop that hub first`);
    // No process has this id (above the kernel's pid_max).
    writeFileSync(join(dir, LOCK_FILE), '99999999\n');
    const release = lockHubFolder(dir);
    release();
  });
});
