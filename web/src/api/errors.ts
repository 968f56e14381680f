import { RefusalReasonTexts } from '../../../src/common/refusal-reasons.ts';
import type { Lang } from '../i18n/i18n.tsx';
import type { TextKey } from '../i18n/nl.ts';

/** What the page shows for a failed call: a sentence in the page's language and the problems it names. */
export interface ErrorView {
  title: string;
  reason?: string;
  problems: string[];
  where?: string;
}

const CODE_KEYS: Record<string, TextKey> = {
  badInput: 'error.badInput',
  unauthenticated: 'error.unauthenticated',
  forbidden: 'error.forbidden',
  notFound: 'error.notFound',
  conflict: 'error.conflict',
  gone: 'error.gone',
  payloadTooLarge: 'error.payloadTooLarge',
  unprocessable: 'error.unprocessable',
  tooManyRequests: 'error.tooManyRequests',
  unavailable: 'error.unavailable',
};

interface ErrorLike {
  code?: string;
  message?: string;
  where?: string;
  details?: { reason?: string; issues?: { path: string; message: string }[] };
}

/** Turns an error of the API client (an AppError: code, message, where, details) into an {@link ErrorView}. */
export function describeError(e: unknown, t: (k: TextKey) => string, lang: Lang): ErrorView {
  const err = (e ?? {}) as ErrorLike;
  const key = (err.code && CODE_KEYS[err.code]) || 'error.unexpected';
  const reasonCode = err.details?.reason;
  const reason = reasonCode
    ? (RefusalReasonTexts[reasonCode as keyof typeof RefusalReasonTexts]?.[lang] ?? reasonCode)
    : undefined;
  const problems = (err.details?.issues ?? []).map((i) => `${i.path}: ${i.message}`);
  if (problems.length === 0 && err.message && !reason) problems.push(err.message);
  return {
    title: t(key),
    ...(reason ? { reason } : {}),
    problems,
    ...(err.where ? { where: err.where } : {}),
  };
}
