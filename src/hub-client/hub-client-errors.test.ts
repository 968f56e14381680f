import { describe, expect, it } from 'vitest';
import { AppError } from '../common/app-error.ts';
import { HubClient } from './hub-client.ts';

const answering = (status: number, body: unknown) =>
  new HubClient('http://hub.test', {
    token: 't',
    fetch: async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status }),
  });

describe('HubClient errors', () => {
  it("keep the hub's code, where and details (every problem of a rejected input)", async () => {
    const issues = [
      { path: '$.input.cohort.entry', message: 'missing (expected object)' },
      { path: '$.input.cohort.name', message: 'missing (expected string)' },
    ];
    const client = answering(400, {
      error: 'badInput',
      message: 'invalid input',
      where: 'input',
      details: { summary: 'invalid input', problems: 2, issues },
    });
    const e = await client
      .createRun({ permitId: 'p', algorithm: { name: 'x', version: '1' }, input: {} })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: 'badInput', where: 'POST /api/runs input', details: { issues } });
  });

  it('leave details out when the hub sends none or something else', async () => {
    const e = await answering(404, { error: 'notFound', message: 'no such run', details: [1] })
      .getRun('r1')
      .catch((x: unknown) => x as AppError);
    expect(e).toMatchObject({ code: 'notFound' });
    expect((e as AppError).details).toBeUndefined();
  });
});
