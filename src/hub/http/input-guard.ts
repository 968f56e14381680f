import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badInput, type InputIssue } from '../../common/app-error.ts';
import { jsonPath } from '../../common/input-issues.ts';

/**
 * How deep a request's JSON may nest. The deepest input the API takes (a cohort definition inside a
 * run's input) is about 8 levels; recursive code further on (canonical JSON for signing and digests,
 * zod) overflows the stack somewhere above a few thousand.
 */
export const MAX_JSON_DEPTH = 64;

/** The largest request body a user may send (a run's input, an access request): 1 MiB. */
export const USER_BODY_LIMIT = 1024 * 1024;
/** The largest a station may send (a result, a dataset's metadata with its profile): 8 MiB. */
export const STATION_BODY_LIMIT = 8 * 1024 * 1024;

/** Issues listed in an error (all of them are counted in `details.problems`). */
const MAX_LISTED = 50;

const NUL = 'contains a NUL character (U+0000)';
const SURROGATE = 'contains a lone UTF-16 surrogate (not valid Unicode)';

/** What is wrong with a string, or undefined when it may be stored and passed on. */
export function badText(s: string): string | undefined {
  if (s.includes('\u0000')) return NUL;
  // A surrogate not paired with its other half cannot be written as UTF-8 (PostgreSQL, files, hashes).
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s)) return SURROGATE;
  return undefined;
}

/**
 * The nesting depth of a JSON text (the number of open brackets at the deepest point), counted without
 * parsing it, so that no recursive code ever sees a text nested deeper than {@link MAX_JSON_DEPTH}.
 * Stops counting once `limit` is passed. Brackets inside strings do not count.
 */
export function jsonTextDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/**
 * Every string and field name in `value` that contains NUL or a lone surrogate, with its JSON path
 * under `root` (`body.title`, `params.id`), and a nesting deeper than `maxDepth`. Walks with an explicit
 * stack, so depth cannot overflow it. A bad field name is reported at its object, without the name.
 */
export function inputTextIssues(value: unknown, root: string, maxDepth = MAX_JSON_DEPTH): InputIssue[] {
  const issues: InputIssue[] = [];
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0 && issues.length <= MAX_LISTED) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const bad = badText(v);
      if (bad) issues.push({ path: jsonPath(path, root), message: bad });
    } else if (v !== null && typeof v === 'object') {
      if (path.length >= maxDepth) {
        issues.push({ path: jsonPath(path, root), message: `nested deeper than ${maxDepth} levels` });
        continue;
      }
      const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v);
      // An object's field names first; its values pushed in reverse so they come out in document order.
      const kept = entries.filter(([key]) => {
        const bad = typeof key === 'string' ? badText(key) : undefined;
        if (bad) issues.push({ path: jsonPath(path, root), message: `a field name ${bad}` });
        return !bad;
      });
      for (let i = kept.length - 1; i >= 0; i--) {
        const [key, child] = kept[i]!;
        stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  return issues;
}

function refuse(issues: InputIssue[], summary: string) {
  const first = issues[0]!;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return badInput(`${summary}: ${first.message}${more}`, first.path, {
    summary,
    problems: issues.length,
    issues: issues.slice(0, MAX_LISTED),
  });
}

/**
 * Guards every route of the app, declared in the API contract or not, before any route code runs:
 *
 * - a JSON body nested deeper than {@link MAX_JSON_DEPTH} is refused before it is parsed (400, `body`);
 * - a string or field name with NUL or a lone UTF-16 surrogate anywhere in the body, the query string or
 *   the URL's parameters is refused (400) naming its path (`body.title`, `params.id`).
 *
 * It sits at the HTTP layer rather than in each route's schemas so a new route cannot forget it, and so
 * it also covers fields the schemas take as they are (a run's `input`, a dataset profile's extra keys).
 */
export function installInputGuard(app: FastifyInstance, maxDepth = MAX_JSON_DEPTH): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    const depth = jsonTextDepth(text, maxDepth);
    if (depth > maxDepth) {
      done(badInput(`JSON nested deeper than ${maxDepth} levels`, 'body'), undefined);
      return;
    }
    void parseJson(request, text, done);
  });
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const issues = [
      ...inputTextIssues(request.params, 'params', maxDepth),
      ...inputTextIssues(request.query, 'query', maxDepth),
      ...inputTextIssues(request.body, 'body', maxDepth),
    ];
    if (issues.length > 0) throw refuse(issues, 'invalid text');
  });
}

/**
 * Errors the router meets before any route or hook (Fastify's `frameworkErrors`), answered with the
 * API's error body like every other, as a 400 at `url`: a URL whose percent-encoding is not UTF-8 (a
 * lone surrogate as `%ED%A0%80`, an overlong `%C0%AF`), a path parameter longer than the router takes.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 500;
  if (error.code === 'FST_ERR_BAD_URL' || (status >= 400 && status < 500)) {
    const message =
      error.code === 'FST_ERR_BAD_URL'
        ? 'the URL is not valid: its percent-encoding is not UTF-8 text'
        : 'the URL is not valid (too long, or not a URL the hub takes)';
    void reply.code(400).send({ error: 'badInput', message, where: 'url' });
    return;
  }
  request.log.error({ err: error }, 'unexpected router error');
  void reply.code(500).send({ error: 'internal', message: 'internal server error', where: null });
}
