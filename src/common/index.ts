/** What every layer shares: the one error type, EHDS purposes, input issues, progress, safe file writes. */
export {
  AppError,
  type AppErrorDetails,
  badInput,
  conflict,
  type ErrorCode,
  ErrorCodes,
  forbidden,
  isAppError,
  notFound,
  tooManyRequests,
  unauthenticated,
  unprocessable,
} from './app-error.ts';
export { codeMatches, normaliseCode, PREFIX_CODE_SYSTEMS } from './code-search.ts';
export { EHDS_PURPOSE_SYSTEM, type EhdsPurpose, EhdsPurposes, isEhdsPurpose } from './ehds-purposes.ts';
export { badInputFromZod, type InputIssue, inputIssues, jsonPath, listedIssues } from './input-issues.ts';
export { PLATFORM_VERSION } from './platform-version.ts';
export {
  type Progress,
  type ProgressUnit,
  progressText,
  silentProgress,
  type TerminalProgressOptions,
  terminalProgress,
} from './progress.ts';
export {
  isRefusalReason,
  type RefusalReason,
  RefusalReasons,
  RefusalReasonTexts,
} from './refusal-reasons.ts';
export { createFile, replaceFile, replaceFileSync } from './replace-file.ts';
export { droppedKeys, strictSafeParse } from './strict-parse.ts';
