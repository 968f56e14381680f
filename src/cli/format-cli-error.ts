import { type AppError, listedIssues, RefusalReasonTexts } from '../common/index.ts';

/**
 * How an expected error prints on stderr: `error: <where>: <message>`, and when the input had several
 * problems, one line per problem with its JSON path, so a wrong file can be fixed in one go; a refusal
 * says what its reason means.
 */
export function formatCliError(e: AppError): string {
  const reason = e.details?.reason;
  if (reason) return `error: ${e.message}\n  ${reason}: ${RefusalReasonTexts[reason].en}`;
  const issues = listedIssues(e.details);
  if (issues.length <= 1) return `error: ${e.message}`;
  const summary = typeof e.details?.summary === 'string' ? e.details.summary : 'invalid input';
  const total = typeof e.details?.problems === 'number' ? e.details.problems : issues.length;
  const lines = [
    `error: ${e.where ? `${e.where}: ` : ''}${summary} (${total} problems)`,
    ...issues.map((i) => `  ${i.path}: ${i.message}`),
  ];
  if (total > issues.length) lines.push(`  … and ${total - issues.length} more`);
  return lines.join('\n');
}
