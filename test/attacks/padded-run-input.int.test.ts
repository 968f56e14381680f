import { describe, expect, it } from 'vitest';
import type { PollResponse } from '../../src/protocol/messages.ts';
import { broadPermit, FEASIBILITY, gp, refusal, statusAt, withNetwork } from './attack-fixture.ts';

/**
 * A researcher hides data in a run's input: a field no algorithm knows (a 9 MB pad once got stored and
 * sent on to every station), text no database can hold, JSON nested deep enough to overflow the stack.
 * The hub refuses each with a 400 naming the place and stores nothing; and a station refuses an input
 * with an unknown field even when a compromised hub signs it.
 */
describe('attack: a padded or malformed run input', () => {
  const network = withNetwork();

  it('the hub refuses unknown fields, bad text and deep nesting, and stores no run', async () => {
    const permit = await broadPermit(network());
    const researcher = await network().client('researcher');
    const cohort = gp({ min: 18 });
    const before = (await researcher.listRuns(permit)).length;
    const run = (input: unknown) => researcher.createRun({ permitId: permit, algorithm: FEASIBILITY, input });

    const padded = await refusal(run({ cohort, pad: 'x'.repeat(512 * 1024) }));
    expect(padded).toMatchObject({ code: 'badInput', where: 'POST /api/runs input.pad' });
    const nested = await refusal(run({ cohort: { ...cohort, entry: { ...cohort.entry, note: 'hidden' } } }));
    expect(nested).toMatchObject({ code: 'badInput', where: 'POST /api/runs input.cohort.entry' });
    const big = await refusal(run({ cohort, pad: 'x'.repeat(9 * 1024 * 1024) }));
    expect(big.code).toBe('payloadTooLarge');
    const nul = await refusal(run({ cohort: { ...cohort, name: 'gp\u0000' } }));
    expect(nul).toMatchObject({ code: 'badInput', where: 'POST /api/runs body.input.cohort.name' });
    const surrogate = await refusal(run({ cohort: { ...cohort, name: 'gp\uD800' } }));
    expect(surrogate).toMatchObject({ code: 'badInput', where: 'POST /api/runs body.input.cohort.name' });
    // Nested 10,000 deep, as raw text (a client's own JSON code would overflow first).
    const user = network().users.researcher!;
    const login = await fetch(`${network().url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    const { token } = (await login.json()) as { token: string };
    const overflow = await fetch(`${network().url}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: `{"permitId":"${permit}","algorithm":{"name":"cohort-feasibility","version":"1.0.0"},"input":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
    });
    expect(overflow.status).toBe(400);
    expect(await overflow.json()).toMatchObject({ error: 'badInput', where: 'body' });

    expect(await researcher.listRuns(permit)).toHaveLength(before);
    // The same question without the extras is answered.
    const fair = await network().run(permit, FEASIBILITY, { cohort });
    expect(fair.status).toBe('done');
  });

  it('a station refuses an input with an unknown field, even signed by the hub (invalid-input)', async () => {
    const [target, ...others] = network().stations;
    target!.intercept = (r: PollResponse) => ({
      ...r,
      tasks: r.tasks.map((e) =>
        network().resign(e, (t) => ({ ...t, input: { ...(t.input as object), pad: 'x'.repeat(1000) } })),
      ),
    });
    try {
      const run = await network().run(await broadPermit(network()), FEASIBILITY, { cohort: gp({ min: 30 }) });
      expect(statusAt(run, target!)).toEqual({ status: 'refused', reason: 'invalid-input' });
      for (const s of others) expect(statusAt(run, s).status).toBe('done');
    } finally {
      target!.intercept = undefined;
    }
  });
});
