import type * as FsModule from 'node:fs';
import type * as FsPromisesModule from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';

/**
 * Watches what code does to files through `node:fs` and `node:fs/promises` (installed with `vi.mock`,
 * see station-files-durability.test.ts) and says which writes would not survive a crash or a power cut
 * when the call that made them returned:
 * - data written to a file and not flushed (`fsync`/`fdatasync`) since;
 * - a file created, renamed, linked or removed in a folder that was not flushed since;
 * - a file renamed or linked into place before its content was flushed;
 * - a file written in place with a truncating or creating open (`w`, `wx`) instead of through a
 *   temporary file moved into place: a crash in the middle leaves it empty or half-written.
 *
 * Appending (`a`) to a file and flushing it, or writing a temporary file, flushing it, moving it into
 * place and flushing the folder, pass.
 */
export class DurabilityProbe {
  private readonly fds = new Map<number, string>();
  private readonly dirs = new Set<number>();
  private readonly dirty = new Set<string>();
  private readonly dirtyFolders = new Set<string>();
  private readonly inPlace = new Set<string>();
  private readonly problems: string[] = [];
  private real: typeof FsModule | undefined;

  /** Paths (absolute) allowed to be rewritten in place: fixed-size records written within one sector. */
  readonly inPlaceAllowed = new Set<string>();

  /** What would be lost or torn under `root` if the machine stopped now; empties the list of past problems. */
  check(root: string): string[] {
    const top = resolve(root);
    const under = (p: string) => p === top || p.startsWith(top + sep);
    const out = this.problems.filter((p) => p.includes(top));
    this.problems.length = 0;
    for (const p of this.dirty) if (under(p)) out.push(`${p}: written and not flushed`);
    for (const d of this.dirtyFolders) if (under(d)) out.push(`${d}: folder entries not flushed`);
    for (const p of this.inPlace) {
      if (under(p) && !this.inPlaceAllowed.has(p) && this.real?.existsSync(p))
        out.push(`${p}: written in place (not atomically)`);
    }
    return out.sort();
  }

  /** `node:fs` with its writing calls watched. */
  fs(real: typeof FsModule): typeof FsModule {
    this.real = real;
    const opened = (path: FsModule.PathLike, flags: FsModule.OpenMode | undefined, fd: number) => {
      const p = resolve(String(path));
      const isDir = real.fstatSync(fd).isDirectory();
      if (isDir) this.dirs.add(fd);
      this.fds.set(fd, p);
      if (typeof flags === 'string' && flags.startsWith('w')) this.inPlace.add(p);
    };
    const beforeOpen = (path: FsModule.PathLike, flags: FsModule.OpenMode | undefined) => {
      const p = resolve(String(path));
      const writes = typeof flags === 'string' && /[wa+]/.test(flags);
      if (writes && !real.existsSync(p)) this.dirtyFolders.add(dirname(p));
    };
    const synced = (fd: number) => {
      const p = this.fds.get(fd);
      if (p === undefined) return;
      if (this.dirs.has(fd)) this.dirtyFolders.delete(p);
      else this.dirty.delete(p);
    };
    const wrote = (fd: number) => {
      const p = this.fds.get(fd);
      if (p !== undefined) this.dirty.add(p);
    };
    return {
      ...real,
      openSync: ((path: FsModule.PathLike, flags?: FsModule.OpenMode, mode?: FsModule.Mode) => {
        beforeOpen(path, flags);
        const fd = real.openSync(path, flags ?? 'r', mode);
        opened(path, flags, fd);
        return fd;
      }) as typeof real.openSync,
      closeSync: ((fd: number) => {
        real.closeSync(fd);
        this.fds.delete(fd);
        this.dirs.delete(fd);
      }) as typeof real.closeSync,
      writeSync: ((fd: number, ...rest: unknown[]) => {
        wrote(fd);
        return (real.writeSync as (...a: unknown[]) => number)(fd, ...rest);
      }) as typeof real.writeSync,
      ftruncateSync: ((fd: number, len?: number) => {
        wrote(fd);
        real.ftruncateSync(fd, len);
      }) as typeof real.ftruncateSync,
      fsyncSync: ((fd: number) => {
        real.fsyncSync(fd);
        synced(fd);
      }) as typeof real.fsyncSync,
      fdatasyncSync: ((fd: number) => {
        real.fdatasyncSync(fd);
        synced(fd);
      }) as typeof real.fdatasyncSync,
      fdatasync: ((fd: number, cb: (e: NodeJS.ErrnoException | null) => void) => {
        real.fdatasync(fd, (e) => {
          if (!e) synced(fd);
          cb(e);
        });
      }) as typeof real.fdatasync,
      fsync: ((fd: number, cb: (e: NodeJS.ErrnoException | null) => void) => {
        real.fsync(fd, (e) => {
          if (!e) synced(fd);
          cb(e);
        });
      }) as typeof real.fsync,
      writeFileSync: ((path: FsModule.PathOrFileDescriptor, data: string, options?: unknown) => {
        this.unflushedWrite(String(path));
        (real.writeFileSync as (...a: unknown[]) => void)(path, data, options);
      }) as typeof real.writeFileSync,
      appendFileSync: ((path: FsModule.PathOrFileDescriptor, data: string, options?: unknown) => {
        this.unflushedWrite(String(path), false);
        (real.appendFileSync as (...a: unknown[]) => void)(path, data, options);
      }) as typeof real.appendFileSync,
      renameSync: ((from: FsModule.PathLike, to: FsModule.PathLike) => {
        this.moved(String(from), String(to));
        real.renameSync(from, to);
      }) as typeof real.renameSync,
      linkSync: ((from: FsModule.PathLike, to: FsModule.PathLike) => {
        real.linkSync(from, to);
        this.moved(String(from), String(to), true);
      }) as typeof real.linkSync,
      rmSync: ((path: FsModule.PathLike, options?: FsModule.RmOptions) => {
        this.removed(String(path));
        real.rmSync(path, options);
      }) as typeof real.rmSync,
      unlinkSync: ((path: FsModule.PathLike) => {
        this.removed(String(path));
        real.unlinkSync(path);
      }) as typeof real.unlinkSync,
    };
  }

  /** `node:fs/promises` with its writing calls watched. */
  promises(real: typeof FsPromisesModule): typeof FsPromisesModule {
    const probe = this;
    return {
      ...real,
      open: (async (path: FsModule.PathLike, flags?: string | number, mode?: FsModule.Mode) => {
        const p = resolve(String(path));
        const writes = typeof flags === 'string' && /[wa+]/.test(flags);
        const existed = probe.real?.existsSync(p) ?? true;
        const handle = await real.open(path, flags, mode);
        if (writes && !existed) probe.dirtyFolders.add(dirname(p));
        if (typeof flags === 'string' && flags.startsWith('w')) probe.inPlace.add(p);
        return new Proxy(handle, {
          get(target, key) {
            const value = Reflect.get(target, key, target) as unknown;
            if (typeof value !== 'function') return value;
            const fn = value as (...a: unknown[]) => Promise<unknown>;
            if (key === 'write' || key === 'writeFile' || key === 'appendFile' || key === 'truncate')
              return (...a: unknown[]) => {
                probe.dirty.add(p);
                return fn.apply(target, a);
              };
            if (key === 'sync' || key === 'datasync')
              return async (...a: unknown[]) => {
                const out = await fn.apply(target, a);
                probe.dirty.delete(p);
                return out;
              };
            return fn.bind(target);
          },
        });
      }) as typeof real.open,
      writeFile: (async (path: FsModule.PathLike, data: string, options?: unknown) => {
        probe.unflushedWrite(String(path));
        await (real.writeFile as (...a: unknown[]) => Promise<void>)(path, data, options);
      }) as typeof real.writeFile,
      appendFile: (async (path: FsModule.PathLike, data: string, options?: unknown) => {
        probe.unflushedWrite(String(path), false);
        await (real.appendFile as (...a: unknown[]) => Promise<void>)(path, data, options);
      }) as typeof real.appendFile,
      rename: (async (from: FsModule.PathLike, to: FsModule.PathLike) => {
        probe.moved(String(from), String(to));
        await real.rename(from, to);
      }) as typeof real.rename,
      link: (async (from: FsModule.PathLike, to: FsModule.PathLike) => {
        await real.link(from, to);
        probe.moved(String(from), String(to), true);
      }) as typeof real.link,
      rm: (async (path: FsModule.PathLike, options?: FsModule.RmOptions) => {
        probe.removed(String(path));
        await real.rm(path, options);
      }) as typeof real.rm,
      unlink: (async (path: FsModule.PathLike) => {
        probe.removed(String(path));
        await real.unlink(path);
      }) as typeof real.unlink,
    };
  }

  /** A whole-file write that never flushes (`writeFile`): torn by a crash, lost by a power cut. */
  private unflushedWrite(path: string, truncates = true): void {
    const p = resolve(path);
    if (!this.real?.existsSync(p)) this.dirtyFolders.add(dirname(p));
    this.dirty.add(p);
    if (truncates) this.inPlace.add(p);
  }

  private moved(from: string, to: string, copy = false): void {
    const a = resolve(from);
    const b = resolve(to);
    if (this.dirty.has(a)) this.problems.push(`${b}: moved into place before its content was flushed`);
    this.inPlace.delete(b);
    if (!copy) this.inPlace.delete(a);
    this.dirtyFolders.add(dirname(b));
    if (!copy) this.dirtyFolders.add(dirname(a));
  }

  private removed(path: string): void {
    const p = resolve(path);
    this.inPlace.delete(p);
    this.dirty.delete(p);
    this.dirtyFolders.add(dirname(p));
  }
}
