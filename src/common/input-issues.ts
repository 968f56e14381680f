import type { z } from 'zod';
import { type AppError, badInput, type InputIssue } from './app-error.ts';

export type { InputIssue };

/** Issues kept in an error's `details` (the count of all of them is in `details.problems`). */
const MAX_LISTED = 50;

/**
 * A zod path as a JSON path after `root`: `['spec', 'features', 0]` → `$.spec.features[0]`; with root
 * `body`, `['stations', 0]` → `body.stations[0]`; with root `''` the path starts with its first key
 * (`inclusion[1].window`). Keys that are not plain names as `["key"]`; an empty path is the root (`$`
 * for `''`).
 */
export function jsonPath(path: readonly PropertyKey[], root = '$'): string {
  let out = root;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || '$';
}

/**
 * Zod's message for an issue, said for a person reading a JSON file: "missing (expected object)" instead
 * of "Invalid input: expected object, received undefined". Zod's messages name types and field names,
 * never the values, so they carry no data of the input.
 */
function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.join(', ')}`;
  const message = issue.message.replace(/^Invalid input: /, '');
  const missing = /^expected (.+), received undefined$/.exec(message);
  return missing ? `missing (expected ${missing[1]})` : message;
}

/** Every issue of a failed parse, in the order zod found them, with its JSON path under `root`. */
export function inputIssues(error: z.ZodError, root = '$'): InputIssue[] {
  return error.issues.map((issue) => ({ path: jsonPath(issue.path, root), message: issueMessage(issue) }));
}

/**
 * The platform's bad-input error for an input that does not fit its schema — the one way a zod error
 * becomes an AppError. `details.issues` lists every problem (up to 50; `details.problems` counts them
 * all) with its JSON path, so a command line or a client can show every one; the message names the
 * first and how many more there are.
 *
 * `where` is where the input came from (a file, `--input glm.json`): issue paths start at `$`. With
 * `pathInWhere`, `where` is the root of the paths instead (`body`, `input`, `policy.json $`) and the
 * error's own `where` is the first problem's path (`body.stations[0]`), as the API answers.
 *
 * @example
 * const parsed = schema.safeParse(json);
 * if (!parsed.success) throw badInputFromZod(parsed.error, 'input.json', 'does not fit the input of glm@1.0.0');
 * // → where `input.json`, message `does not fit the input of glm@1.0.0: $.spec: missing (expected object)`
 * throw badInputFromZod(parsed.error, 'body', 'invalid input', { pathInWhere: true });
 * // → where `body.stations[0]`, message `invalid input: Too small: expected string to have >=1 characters`
 */
export function badInputFromZod(
  error: z.ZodError,
  where: string,
  summary = 'invalid input',
  options: { pathInWhere?: boolean } = {},
): AppError {
  const issues = inputIssues(error, options.pathInWhere ? where : '$');
  const first = issues[0] ?? { path: options.pathInWhere ? where || '$' : '$', message: 'invalid' };
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  const details = { summary, problems: issues.length, issues: issues.slice(0, MAX_LISTED) };
  return options.pathInWhere
    ? badInput(`${summary}: ${first.message}${more}`, first.path, details)
    : badInput(`${summary}: ${first.path}: ${first.message}${more}`, where, details);
}

/** The issues an error lists in `details.issues` (from {@link badInputFromZod}, a policy or a hub answer). */
export function listedIssues(details: AppError['details']): readonly InputIssue[] {
  return details?.issues ?? [];
}
