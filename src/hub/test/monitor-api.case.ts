import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parseMonitorDefinition } from '../../monitoring/monitor-definition.ts';
import { simulatedPartials } from '../../monitoring/null-series.ts';
import { runDueMonitors } from '../monitors/monitor-service.ts';
import type { HubFixture } from './hub-fixture.ts';

const example = () =>
  JSON.parse(readFileSync(new URL('../../../examples/monitors/wijkkliniek.json', import.meta.url), 'utf8'));

/**
 * Outcome monitors through the hub API: registered under a public-health permit, run month by month as
 * ordinary runs, each release kept with its run. Called inside the hub API suite, so its responses are
 * checked against the API document with the rest.
 */
export function monitorApiCases(fixture: () => HubFixture | undefined): void {
  it('registers a monitor under a public-health permit, runs it as an ordinary run and keeps each month', async ({
    skip: skipTest,
  }) => {
    const f = fixture();
    if (!f) return skipTest();
    const a = await f.station('steward1', 'Monitor A');
    const b = await f.station('steward2', 'Monitor B');
    const researcher = await f.token('researcher');
    const permitFor = async (purpose: string) => {
      const req = await f.call('POST', '/api/requests', researcher, {
        purpose,
        title: 'WijkKliniek monitor',
        description: 'Outcomes of the neighbourhood clinic against a matched control',
        stations: [a.id, b.id],
        algorithms: [{ name: 'outcome-monitor', version: '1.1.0' }],
        durationDays: 365,
        queryBudget: 30,
      });
      const dec = await f.call('POST', `/api/requests/${req.body.id}/decision`, await f.token('reviewer'), {
        approve: true,
        note: 'Public health monitoring',
      });
      return dec.body.permit.id as string;
    };
    const permitId = await permitFor('public-health');
    const definition = example();

    // Bad input names the JSON path inside the definition; the wrong purpose is refused.
    const bad = await f.call('POST', '/api/monitors', researcher, {
      permitId,
      definition: { ...definition, exposure: { kind: 'municipality', municipalities: [] } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.where).toBe('body.definition.exposure.municipalities');
    const research = await permitFor('research');
    const wrong = await f.call('POST', '/api/monitors', researcher, { permitId: research, definition });
    expect(wrong.status).toBe(403);
    expect(wrong.body.message).toMatch(/public-health or policy/);
    expect((await f.call('POST', '/api/monitors', researcher, { permitId: 'nope', definition })).status).toBe(
      404,
    );

    const created = await f.call('POST', '/api/monitors', researcher, { permitId, definition });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: definition.name,
      owner: definition.owner,
      permitId,
      history: [],
    });
    const id = created.body.id as string;
    expect(
      (await f.call('GET', '/api/monitors', researcher)).body.map((m: { id: string }) => m.id),
    ).toContain(id);
    expect((await f.call('GET', `/api/monitors/${id}`, researcher)).body.definition.start).toBe('2024-01-01');
    expect((await f.call('GET', '/api/monitors/mon_nope', researcher)).status).toBe(404);

    // A month outside the follow-up, or not a month at all, is refused before any run exists.
    const early = await f.call('POST', `/api/monitors/${id}/runs`, researcher, { throughMonth: '2023-06' });
    expect(early.status).toBe(400);
    expect(early.body.where).toBe('body.throughMonth');
    const garbled = await f.call('POST', `/api/monitors/${id}/runs`, researcher, { throughMonth: 'June' });
    expect(garbled.status).toBe(400);

    // June 2024: the stations answer with their released aggregates; the result has effects and alerts.
    const started = await f.call('POST', `/api/monitors/${id}/runs`, researcher, { throughMonth: '2024-06' });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ monitorId: id, month: '2024-06' });
    expect(started.body.run.algorithm).toMatchObject({ name: 'outcome-monitor', version: '1.1.0' });
    const m = parseMonitorDefinition({ ...definition, followUpMonths: 6 });
    const partials = simulatedPartials(
      m,
      { exposedPerStation: [200, 200], ratio: 1, baseRate: 0.03, rateRatio: 0.7 },
      7,
    );
    for (const [i, st] of [a, b].entries()) {
      const polled = await f.poll(st.token);
      const task = polled.tasks.find((t) => t.task.runId === started.body.run.id)!;
      expect(task.task.input).toMatchObject({ throughMonth: '2024-06' });
      expect((await f.answer(st.token, f.done(task.task.id, st.id, partials[i]!.output))).status).toBe(200);
    }
    const run = await f.call('GET', `/api/runs/${started.body.run.id}`, researcher);
    expect(run.body.status).toBe('done');
    expect(run.body.result.months).toHaveLength(6);
    expect(run.body.result.design).toMatchObject({ indicator: 'ed-visits', alpha: 0.05, looks: 24 });
    expect(run.body.provenance.answered).toHaveLength(2);

    // The public page's data, signed out: what is monitored and the latest release combined over the
    // stations; nothing keyed by or naming a station.
    const pub = await f.call('GET', `/api/public/monitors/${id}`);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({
      id,
      name: definition.name,
      start: '2024-01-01',
      followUpMonths: 24,
      alert: { indicator: 'ed-visits', alpha: 0.05 },
      latest: { month: '2024-06', runId: started.body.run.id, stationsAnswered: 2 },
    });
    expect(pub.body.latest.resultDigest).toBe(run.body.resultDigest);
    const released = Object.values(run.body.result.groups) as { matchedExposed: { value: number } }[];
    expect(pub.body.latest.matched.exposed).toBe(released.reduce((s, g) => s + g.matchedExposed.value, 0));
    expect(pub.body.latest.combined.effects['ed-visits'].at(-1).pooled).toEqual(
      run.body.result.effects['ed-visits'].at(-1).pooled,
    );
    const published = JSON.stringify(pub.body);
    for (const st of [a.id, b.id, 'Monitor A', 'Monitor B']) expect(published).not.toContain(st);
    expect(Object.keys(pub.body.latest.combined.groups ?? {})).toEqual([]);
    expect(Object.keys(pub.body.latest.combined.balance ?? {})).toEqual([]);
    expect(pub.body.latest.combined.alerts).toEqual(run.body.result.alerts);
    const listed = await f.call('GET', '/api/public/monitors');
    expect(listed.status).toBe(200);
    expect(listed.body.map((m: { id: string }) => m.id)).toContain(id);
    expect((await f.call('GET', '/api/public/monitors/mon_nope')).status).toBe(404);

    // Without a month: the last complete month, within the follow-up (the clock is past 2025).
    const due = await f.call('POST', `/api/monitors/${id}/runs`, researcher, {});
    expect(due.status).toBe(201);
    expect(due.body.month).toBe('2025-12');

    const shown = await f.call('GET', `/api/monitors/${id}`, await f.token('auditor'));
    expect(shown.body.history.map((h: { month: string; status: string }) => [h.month, h.status])).toEqual([
      ['2024-06', 'done'],
      ['2025-12', 'running'],
    ]);
    expect(shown.body.history[0].resultDigest).toBe(run.body.resultDigest);
    // The monthly schedule: a monitor without a release for its due month gets one, once.
    const second = await f.call('POST', '/api/monitors', researcher, {
      permitId,
      definition: { ...definition, name: 'Second monitor' },
    });
    const scheduled = await runDueMonitors(f.hub.ctx);
    expect(scheduled).toContain(second.body.id);
    expect(scheduled).not.toContain(id);
    expect(await runDueMonitors(f.hub.ctx)).not.toContain(second.body.id);
    const secondShown = await f.call('GET', `/api/monitors/${second.body.id}`, researcher);
    expect(secondShown.body.history.map((h: { month: string }) => h.month)).toEqual(['2025-12']);

    const audit = await f.call('GET', `/api/audit?permitId=${permitId}`, await f.token('auditor'));
    expect(audit.body.map((e: { action: string }) => e.action)).toContain('monitor.created');
  });
}
