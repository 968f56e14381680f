import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, badInput, badInputFromZod } from '../common/index.ts';
import { formatCliError } from './format-cli-error.ts';

describe('formatCliError', () => {
  it('prints one line for one problem', () => {
    expect(formatCliError(badInput('must be a port number', '--port'))).toBe(
      'error: --port: must be a port number',
    );
  });

  it('prints every problem of an input on its own line with its JSON path', () => {
    const parsed = z.object({ a: z.string(), b: z.array(z.number()) }).safeParse({ b: [1, 'x'] });
    const text = formatCliError(badInputFromZod(parsed.error!, 'in.json', 'does not fit the input of x@1'));
    expect(text.split('\n')).toEqual([
      'error: in.json: does not fit the input of x@1 (2 problems)',
      '  $.a: missing (expected string)',
      '  $.b[1]: expected number, received string',
    ]);
  });

  it('says what a refusal reason means', () => {
    const e = new AppError(
      'forbidden',
      'the query budget of this permit is used up',
      'POST /api/runs permitId',
      {
        reason: 'budget-exhausted',
      },
    );
    expect(formatCliError(e).split('\n')).toEqual([
      'error: POST /api/runs permitId: the query budget of this permit is used up',
      "  budget-exhausted: The permit's query or privacy budget is used up.",
    ]);
  });

  it('says how many more there are than it lists', () => {
    const e = badInput('x', 'in.json', {
      summary: 'invalid input',
      problems: 60,
      issues: [
        { path: '$.a', message: 'm' },
        { path: '$.b', message: 'm' },
      ],
    });
    expect(formatCliError(e).split('\n').at(-1)).toBe('  … and 58 more');
  });
});
