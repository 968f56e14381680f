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

/** One problem of a bad input: where it is (a JSON path, a field) and what is wrong there. */
export interface InputIssue {
  where: string;
  message: string;
}

/** What an error may carry besides its code, message and place: typed, never free-form. */
export interface AppErrorExtra {
  /** Why a task (or the request that would start one) is refused. */
  reason?: RefusalReason;
  /** Every problem of a bad input, the first of which is the error's own message and `where`. */
  issues?: readonly InputIssue[];
}

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly reason?: RefusalReason;
  readonly issues?: readonly InputIssue[];

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly where?: string,
    extra: AppErrorExtra = {},
  ) {
    super(where ? `${where}: ${message}` : message);
    if (extra.reason) this.reason = extra.reason;
    if (extra.issues) this.issues = extra.issues;
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
  toJSON(): {
    error: ErrorCode;
    message: string;
    where: string | null;
    issues?: readonly InputIssue[];
    reason?: RefusalReason;
  } {
    return {
      error: this.code,
      message: this.detail,
      where: this.where ?? null,
      ...(this.issues ? { issues: this.issues } : {}),
      ...(this.reason ? { reason: this.reason } : {}),
    };
  }
}

export const badInput = (message: string, where?: string, extra?: AppErrorExtra) =>
  new AppError('badInput', message, where, extra);
export const forbidden = (message: string, where?: string, extra?: AppErrorExtra) =>
  new AppError('forbidden', message, where, extra);
export const unauthenticated = (message: string) => new AppError('unauthenticated', message);
export const notFound = (message: string, where?: string) => new AppError('notFound', message, where);
export const conflict = (message: string, where?: string) => new AppError('conflict', message, where);
export const unprocessable = (message: string, where?: string, extra?: AppErrorExtra) =>
  new AppError('unprocessable', message, where, extra);

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
