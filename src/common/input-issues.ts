import type { z } from 'zod';
import { type AppError, badInput } from './app-error.ts';

/** One problem of a JSON input: where it is (a JSON path such as `$.spec.features[0]`) and what is wrong. */
export interface InputIssue {
  path: string;
  message: string;
}

/** Issues kept in an error's `details` (the count of all of them is in `details.problems`). */
const MAX_LISTED = 50;

/** `['spec', 'features', 0]` → `$.spec.features[0]`; keys that are not plain names as `["key"]`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) out += `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/**
 * `['inclusion', 1, 'window']` → `inclusion[1].window`, under `prefix` when given (`input.cohort.entry`):
 * the `where` of an API or library error, as the hub's routes write it. `$` for the root.
 */
export function issuePath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
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

/** Every issue of a failed parse, in the order zod found them, with its JSON path. */
export function inputIssues(error: z.ZodError): InputIssue[] {
  return error.issues.map((issue) => ({ path: jsonPath(issue.path), message: issueMessage(issue) }));
}

/**
 * A `badInput` AppError for a JSON input that does not fit its schema. The message names the first
 * problem and how many more there are; `details.issues` lists them all (up to 50) with their JSON paths,
 * so a command line or a client can show every one.
 *
 * @example
 * const parsed = schema.safeParse(json);
 * if (!parsed.success) throw badInputFromZod(parsed.error, 'input.json', 'does not fit the input of glm@1.0.0');
 */
export function badInputFromZod(error: z.ZodError, where: string, summary = 'invalid input'): AppError {
  const issues = inputIssues(error);
  const first = issues[0] ?? { path: '$', message: 'invalid' };
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return badInput(`${summary}: ${first.path}: ${first.message}${more}`, where, {
    summary,
    problems: issues.length,
    issues: issues.slice(0, MAX_LISTED),
  });
}

/** The issues an error lists in `details.issues` (from {@link badInputFromZod}, a policy or a hub answer). */
export function listedIssues(details: Record<string, unknown> | undefined): InputIssue[] {
  const issues = details?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.filter(
    (i): i is InputIssue =>
      typeof i === 'object' &&
      i !== null &&
      typeof (i as InputIssue).path === 'string' &&
      typeof (i as InputIssue).message === 'string',
  );
}
