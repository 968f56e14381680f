import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { badInput } from '../../common/app-error.ts';
import { replaceFile } from '../../common/replace-file.ts';
import { defaultPolicy, parsePolicy, type StationPolicy, StationPolicySchema } from './station-policy.ts';

export const POLICY_FILE = 'policy.json';

/**
 * Reads `policy.json` from the station folder. A station without one gets {@link defaultPolicy}
 * (which refuses every task until the hub's key and the accepted algorithms are set); a file that is
 * not valid JSON or breaks the schema is an error naming the file and the JSON path.
 */
export async function loadPolicy(stationDir: string): Promise<StationPolicy> {
  const path = join(stationDir, POLICY_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return defaultPolicy();
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const at = e instanceof SyntaxError ? (/at position \d+/.exec(e.message)?.[0] ?? '') : '';
    throw badInput(`not valid JSON${at ? ` (${at})` : ''}`, path);
  }
  return parsePolicy(json, path);
}

/** Writes the policy atomically and flushed ({@link replaceFile}) after validating it. */
export async function savePolicy(stationDir: string, policy: StationPolicy): Promise<void> {
  const checked = StationPolicySchema.parse(policy);
  const path = join(stationDir, POLICY_FILE);
  await replaceFile(path, `${JSON.stringify(checked, null, 2)}\n`, { mode: 0o600 });
}
