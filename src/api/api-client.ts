import { AppError, type ErrorCode, ErrorCodes } from '../common/app-error.ts';
import { inputIssues } from '../common/input-issues.ts';
import type { ApiRoute, RouteArgs, RouteResponse } from './api-route.ts';
import { ErrorBodySchema } from './error-body.ts';
import { type HubApi, hubApi } from './hub-api.ts';

/** What a client needs of an HTTP exchange. */
export interface TransportRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  text: string;
}

/** Sends one request; rejects only when no answer came (network error, abort). */
export type Transport = (url: URL, request: TransportRequest) => Promise<TransportResponse>;

/** The exchange through `fetch` (the browser's, or one a test injects). */
export function fetchTransport(fetchImpl: typeof fetch = (input, init) => fetch(input, init)): Transport {
  return async (url, request) => {
    const res = await fetchImpl(url, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
    return { status: res.status, text: await res.text() };
  };
}

export interface CallOptions {
  /** The hub's address; `''` for the page's own origin in a browser. */
  baseUrl: string;
  /** A JWT, API token or station token. */
  token?: string | undefined;
  send: Transport;
}

function pathOf(route: ApiRoute, params: Record<string, unknown> | undefined): string {
  return route.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(params?.[name] ?? '')));
}

/**
 * Calls one route of the API: fills in the path, sends the query and body, turns the hub's error body
 * into an {@link AppError} (its code, message, `where`, issues and refusal reason), and checks the
 * answer against the route's response schema before handing it back.
 */
export async function callRoute<R extends ApiRoute>(
  route: R,
  args: RouteArgs<R>,
  options: CallOptions,
): Promise<RouteResponse<R>> {
  const path = pathOf(route, args.params as Record<string, unknown> | undefined);
  const base = (globalThis as { location?: { href: string } }).location?.href;
  const url = new URL(options.baseUrl + path, base);
  for (const [k, v] of Object.entries((args.query ?? {}) as Record<string, unknown>)) {
    if (v !== undefined) url.searchParams.set(k, String(v));
  }
  const headers: Record<string, string> = {};
  if (options.token && route.auth !== 'none') headers.authorization = `Bearer ${options.token}`;
  if (args.body !== undefined) headers['content-type'] = 'application/json';
  let res: TransportResponse;
  try {
    res = await options.send(url, {
      method: route.method,
      headers,
      ...(args.body !== undefined ? { body: JSON.stringify(args.body) } : {}),
      ...(args.signal ? { signal: args.signal } : {}),
    });
  } catch (e) {
    if (args.signal?.aborted) throw e;
    throw new AppError(
      'unavailable',
      `hub unreachable (${e instanceof Error ? e.message : 'network error'})`,
      path,
    );
  }
  const where = `${route.method} ${path}`;
  if (res.status < 200 || res.status >= 300) throw errorOf(res, where);
  let value: unknown = res.text;
  if (!route.contentType?.startsWith('text/')) {
    try {
      value = JSON.parse(res.text);
    } catch {
      throw new AppError(
        'unavailable',
        `the hub answered ${res.status} with something that is not JSON`,
        path,
      );
    }
  }
  const parsed = route.response.safeParse(value);
  if (!parsed.success) {
    const issues = inputIssues(parsed.error, 'response');
    throw new AppError(
      'unprocessable',
      `the hub's answer does not match the API: ${issues[0]?.message ?? 'invalid'}`,
      `${where} ${issues[0]?.path ?? 'response'}`,
      { issues },
    );
  }
  return parsed.data as RouteResponse<R>;
}

/** The hub's error body as an AppError; a body that is not one (a proxy's page) falls back to the status. */
function errorOf(res: TransportResponse, where: string): AppError {
  let raw: unknown;
  try {
    raw = JSON.parse(res.text);
  } catch {
    // Not JSON: only the status says what happened.
  }
  const body = ErrorBodySchema.safeParse(raw);
  if (body.success) {
    const { error, message, where: at, details } = body.data;
    const code: ErrorCode = error === 'internal' ? 'unavailable' : error;
    return new AppError(code, message, at ? `${where} ${at}` : where, details);
  }
  const code =
    (Object.entries(ErrorCodes).find(([, s]) => s === res.status)?.[0] as ErrorCode | undefined) ??
    'unavailable';
  const message =
    typeof (raw as { message?: unknown } | undefined)?.message === 'string'
      ? (raw as { message: string }).message
      : `hub answered ${res.status}`;
  return new AppError(code, message, where);
}

type ArgsOf<R extends ApiRoute> =
  Record<string, never> extends RouteArgs<R> ? [args?: RouteArgs<R>] : [args: RouteArgs<R>];

/** One method per route of {@link hubApi}, named as the route, typed from its schemas. */
export type ApiClient = {
  [K in keyof HubApi]: (...args: ArgsOf<HubApi[K]>) => Promise<RouteResponse<HubApi[K]>>;
} & {
  /** Uses this token for the following calls (undefined: none). */
  setToken(token: string | undefined): void;
};

/**
 * A typed client of the hub for the browser (fetch, no Node modules): every route of {@link hubApi} as
 * a method, its arguments and answer typed from the route's schemas, every answer checked against them.
 *
 * @example
 * const api = createApiClient();                       // the page's own hub
 * const { token } = await api.login({ body: { email, password } });
 * api.setToken(token);
 * const run = await api.getRun({ params: { id }, query: { wait: 25 } });
 */
export function createApiClient(
  options: { baseUrl?: string; token?: string; fetch?: typeof fetch } = {},
): ApiClient {
  let token = options.token;
  const send = fetchTransport(options.fetch);
  const baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
  const client: Record<string, unknown> = {
    setToken(next: string | undefined) {
      token = next;
    },
  };
  for (const [name, route] of Object.entries(hubApi) as [string, ApiRoute][]) {
    client[name] = (args: RouteArgs<ApiRoute> = {}) => callRoute(route, args, { baseUrl, token, send });
  }
  return client as ApiClient;
}
