import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { badInput, replaceFile } from '../../common/index.ts';

/** A sign-in kept between commands: the hub's short-lived JWT, never the password. */
export interface StoredSession {
  token: string;
  expiresAt: string;
  email: string;
}

/** The CLI's file under the user's config folder: sessions per hub URL and the last hub signed in to. */
export interface CliConfig {
  lastHub?: string;
  sessions: Record<string, StoredSession>;
}

/** `$XDG_CONFIG_HOME/ai4h` or `~/.config/ai4h`. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME?.trim() ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'ai4h');
}

export const configFile = (env: NodeJS.ProcessEnv = process.env) => join(configDir(env), 'config.json');

/** The stored config; an empty one when there is none yet. */
export async function loadCliConfig(env: NodeJS.ProcessEnv = process.env): Promise<CliConfig> {
  const file = configFile(env);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { sessions: {} };
    throw e;
  }
  try {
    const parsed = JSON.parse(text) as Partial<CliConfig>;
    return { ...parsed, sessions: parsed.sessions ?? {} };
  } catch {
    throw badInput('not valid JSON; remove it and sign in again with `ai4h login`', file);
  }
}

/**
 * Writes the config readable by its owner only (0600, folder 0700): it holds bearer tokens. Written to
 * a temporary file first so a crash never leaves half a file.
 */
export async function saveCliConfig(config: CliConfig, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const dir = configDir(env);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = configFile(env);
  await replaceFile(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
}
