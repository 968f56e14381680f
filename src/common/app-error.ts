import type { RefusalReason } from './refusal-reasons.ts';

/**
 * The one error type of the platform. Every expected failure (bad input, refused task, missing permit)
 * is an AppError with a stable `code`, a message that says what is wrong, and `where` it is wrong
 * (a JSON path, a FHIRPath expression, `file:line`). Anything else is a bug and becomes a plain 500.
 *
 * Messages never contain patient data: no parameter values, identifiers or small counts.
 */
export const ErrorCodes = {
  badInput: 400,
  unauthenticated: 401,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  gone: 410,
  payloadTooLarge: 413,
  unprocessable: 422,
  tooManyRequests: 429,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

/** One problem of an input: where it is (a JSON path such as `$.spec.features[0]`) and what is wrong. */
export interface InputIssue {
  path: string;
  message: string;
}

/**
 * What an error may carry besides its code, message and place: typed, never free-form, and never a value
 * of the input.
 */
export interface AppErrorDetails {
  /** Why a task (or the request that would start one) is refused: one of a closed set. */
  reason?: RefusalReason;
  /** What was wrong with an input as a whole (`does not fit the input of glm@1.0.0`). */
  summary?: string;
  /** How many problems the input had; `issues` lists them (up to a bound). */
  problems?: number;
  /** Every problem of a bad input with its JSON path. */
  issues?: readonly InputIssue[];
  /** When to try again (a 429): also sent as the `Retry-After` header. */
  retryAfterSeconds?: number;
}

export class AppError extends Error {
  override readonly name = 'AppError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly where?: string,
    readonly details?: AppErrorDetails,
  ) {
    super(where ? `${where}: ${message}` : message);
  }

  /** The HTTP status this error maps to. */
  get status(): number {
    return ErrorCodes[this.code];
  }

  /** The message without the `where: ` prefix. */
  get detail(): string {
    return this.where ? this.message.slice(this.where.length + 2) : this.message;
  }

  /** The JSON error body of the API (`ErrorBodySchema` in src/api). */
  toJSON(): { error: ErrorCode; message: string; where: string | null; details?: AppErrorDetails } {
    return {
      error: this.code,
      message: this.detail,
      where: this.where ?? null,
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

export const badInput = (message: string, where?: string, details?: AppErrorDetails) =>
  new AppError('badInput', message, where, details);
export const forbidden = (message: string, where?: string, details?: AppErrorDetails) =>
  new AppError('forbidden', message, where, details);
export const unauthenticated = (message: string) => new AppError('unauthenticated', message);
export const notFound = (message: string, where?: string) => new AppError('notFound', message, where);
export const conflict = (message: string, where?: string) => new AppError('conflict', message, where);
export const tooManyRequests = (message: string, retryAfterSeconds: number, where?: string) =>
  new AppError('tooManyRequests', message, where, { retryAfterSeconds });
export const unprocessable = (message: string, where?: string, details?: AppErrorDetails) =>
  new AppError('unprocessable', message, where, details);

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
