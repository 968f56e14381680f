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

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly where?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(where ? `${where}: ${message}` : message);
  }

  /** The HTTP status this error maps to. */
  get status(): number {
    return ErrorCodes[this.code];
  }

  toJSON(): { error: ErrorCode; message: string; where?: string; details?: Record<string, unknown> } {
    return { error: this.code, message: this.message, where: this.where, details: this.details };
  }
}

export const badInput = (message: string, where?: string, details?: Record<string, unknown>) =>
  new AppError('badInput', message, where, details);
export const forbidden = (message: string, where?: string) => new AppError('forbidden', message, where);
export const unauthenticated = (message: string) => new AppError('unauthenticated', message);
export const notFound = (message: string, where?: string) => new AppError('notFound', message, where);
export const conflict = (message: string, where?: string) => new AppError('conflict', message, where);
export const unprocessable = (message: string, where?: string, details?: Record<string, unknown>) =>
  new AppError('unprocessable', message, where, details);

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
