import type { z } from 'zod';
import { AppError, type InputIssue } from './app-error.ts';

/** Enough to fix a document; a body with thousands of bad entries does not need a list of thousands. */
const MAX_ISSUES = 100;

/**
 * A zod path as a JSON path after `root`: `jsonPath(['a', 0, 'b c'], '$')` is `$.a[0]["b c"]`,
 * `jsonPath(['stations', 0], 'body')` is `body.stations[0]`; with root `''` the path starts with its
 * first key (`inclusion[1].window`), and an empty path is `$`.
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

/** Every issue of a zod error with its JSON path (at most {@link MAX_ISSUES}). */
export function zodIssues(error: z.ZodError, root = '$'): InputIssue[] {
  return error.issues.slice(0, MAX_ISSUES).map((issue) => ({
    where: jsonPath(issue.path, root),
    message: issue.message,
  }));
}

/**
 * The platform's bad-input error for a failed zod parse: the first issue is the message and `where`,
 * `(and N more)` counts the others, and `issues` lists them all with their JSON paths. Zod's messages
 * name the expected type or range, never the value that was sent.
 *
 * @example
 * const parsed = Schema.safeParse(json);
 * if (!parsed.success) throw badInputFromZod(parsed.error, 'policy.json $');
 */
export function badInputFromZod(error: z.ZodError, root = '$'): AppError {
  const issues = zodIssues(error, root);
  const first = issues[0] ?? { where: root || '$', message: 'invalid' };
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return new AppError('badInput', `${first.message}${more}`, first.where, { issues });
}
