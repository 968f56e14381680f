import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { RunView } from '../../../../src/api/index.ts';
import type { RegionalArea } from '../../../../src/regional/combine-regional-picture.ts';
import { scaleUpScenario } from '../../../../src/regional/scale-up-scenario.ts';
import { api } from '../../api/api.ts';
import { useSession } from '../../api/session.tsx';
import { Pyramid } from '../../charts/charts.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { TextKey } from '../../i18n/nl.ts';
import { SignedInPage } from '../../ui/SignedInPage.tsx';
import { Alert, DataTable, Heading, P, SelectField, TextField } from '../../ui/ui.tsx';
import { AlgorithmRunPanel } from './AlgorithmRunPanel.tsx';
import type { MonitorResult } from './monitor-result.ts';
import { RegionalProjection } from './RegionalProjection.tsx';
import { ValueBars, YearLines } from './region-charts.tsx';
import { parseYears } from './years.ts';

/** The measures of an area the page can show, with how to read each from an area. */
const MEASURES: {
  key: string;
  label: TextKey;
  value: (a: RegionalArea) => number | null;
  percent?: boolean;
}[] = [
  { key: 'ed', label: 'region.edPer1000', value: (a) => a.perThousand['ed-visits'] },
  { key: 'adm', label: 'region.admPer1000', value: (a) => a.perThousand['unplanned-admissions'] },
  { key: 'gp', label: 'region.gpPer1000', value: (a) => a.perThousand['gp-contacts'] },
  { key: 'cost', label: 'region.costPerInhabitant', value: (a) => a.costPerInhabitant },
  { key: 'old', label: 'region.share75', value: (a) => a.share75plus, percent: true },
];

export default function RegionalPage() {
  const { t } = useI18n();
  const [years, setYears] = useState('2021-2025');
  const [level, setLevel] = useState<'region' | 'municipality'>('region');
  const parsed = parseYears(years);
  return (
    <SignedInPage
      title={t('region.title')}
      lead={t('region.lead')}
      roles={['researcher', 'reviewer', 'auditor']}
    >
      <AlgorithmRunPanel
        algorithm="regional-picture"
        input={() => ({ level, years: parsed ?? [] })}
        fields={
          <>
            <TextField
              label={t('region.years')}
              description={t('region.yearsHelp')}
              value={years}
              onChange={setYears}
              {...(parsed ? {} : { error: t('region.yearsError') })}
            />
            <SelectField
              label={t('region.level')}
              value={level}
              onChange={(v) => setLevel(v as 'region' | 'municipality')}
              options={[
                { value: 'region', label: t('region.province') },
                { value: 'municipality', label: t('region.municipality') },
              ]}
            />
          </>
        }
      >
        {(run) => <RegionalPicture run={run} />}
      </AlgorithmRunPanel>
    </SignedInPage>
  );
}

function RegionalPicture({ run }: { run: RunView }) {
  const { t } = useI18n();
  const areas = (run.result as { areas?: RegionalArea[] } | undefined)?.areas ?? [];
  const [measure, setMeasure] = useState('ed');
  const names = [...new Set(areas.map((a) => a.area))];
  const [area, setArea] = useState('');
  if (areas.length === 0) return <Alert kind="info">{t('region.empty')}</Alert>;
  const m = MEASURES.find((x) => x.key === measure) ?? MEASURES[0]!;
  const lastYear = Math.max(...areas.map((a) => a.year));
  const latest = areas.filter((a) => a.year === lastYear);
  const chosenArea = area || names[0]!;
  const pyramidArea = latest.find((a) => a.area === chosenArea);
  const withheld = areas.reduce((s, a) => s + a.withheldCells, 0);
  return (
    <>
      {withheld > 0 && <P>{t('region.withheld', { n: withheld })}</P>}
      <SelectField
        label={t('region.measure')}
        value={measure}
        onChange={setMeasure}
        options={MEASURES.map((x) => ({ value: x.key, label: t(x.label) }))}
      />
      <ValueBars
        title={t('region.barsTitle', { measure: t(m.label), year: lastYear })}
        rows={latest.map((a) => ({ label: a.area, value: m.value(a) }))}
        valueLabel={t(m.label)}
        labelHeader={t('region.area')}
        {...(m.percent ? { percent: true } : {})}
        file={`regional-${measure}-${lastYear}`}
      />
      <YearLines
        title={t('region.trendTitle', { measure: t(m.label) })}
        rows={areas.map((a) => ({ series: a.area, year: a.year, value: m.value(a) }))}
        valueLabel={t(m.label)}
        seriesHeader={t('region.area')}
        {...(m.percent ? { percent: true } : {})}
        file={`regional-${measure}-trend`}
      />
      <SelectField
        label={t('region.area')}
        value={chosenArea}
        onChange={setArea}
        options={names.map((n) => ({ value: n, label: n }))}
      />
      {pyramidArea && (
        <Pyramid
          title={t('region.pyramidTitle', { area: chosenArea, year: lastYear })}
          cells={pyramidArea.byAgeSex.map((c) => ({ ageBand: c.ageBand, sex: c.sex, count: c.persons }))}
          file={`regional-${chosenArea}-${lastYear}-pyramid`}
        />
      )}
      <Scenario areas={latest} />
      <RegionalProjection areas={latest} />
    </>
  );
}

/** "Scale the innovation to area X": a monitor run's pooled ED-visit effect applied to an area's 75+ group. */
function Scenario({ areas }: { areas: RegionalArea[] }) {
  const { t, num } = useI18n();
  const { user } = useSession();
  const runs = useQuery({ queryKey: ['runs', user?.id], queryFn: () => api.listRuns({ query: {} }) });
  const monitorRuns = (runs.data ?? []).filter(
    (r) =>
      r.algorithm.name === 'outcome-monitor' &&
      r.status === 'done' &&
      (r.result as MonitorResult | undefined)?.effects?.['ed-visits']?.at(-1)?.pooled,
  );
  const [runId, setRunId] = useState('');
  const [area, setArea] = useState('');
  const [share, setShare] = useState('0.1');
  const chosen = monitorRuns.find((r) => r.id === runId) ?? monitorRuns[0];
  const effect = (chosen?.result as MonitorResult | undefined)?.effects?.['ed-visits']?.at(-1)?.pooled;
  const target = areas.find((a) => a.area === area) ?? areas[0];
  const eligibleShare = Number(share);
  const shareOk = eligibleShare > 0 && eligibleShare <= 1;
  const s = effect && target && shareOk ? scaleUpScenario(target, effect, { eligibleShare }) : null;
  const r = (x: number) => num(Math.round(x));
  return (
    <>
      <Heading level={2}>{t('region.scenarioHeading')}</Heading>
      <P>{t('region.scenarioLead')}</P>
      {monitorRuns.length === 0 ? (
        <Alert kind="info">{t('region.noMonitorRun')}</Alert>
      ) : (
        <>
          <SelectField
            label={t('region.monitorRun')}
            value={chosen?.id ?? ''}
            onChange={setRunId}
            options={monitorRuns.map((x) => {
              const res = x.result as MonitorResult;
              return {
                value: x.id,
                label: `${res.monitor} · ${res.months.at(-1) ?? ''} · ${x.id.slice(0, 10)}`,
              };
            })}
          />
          <SelectField
            label={t('region.scenarioArea')}
            value={target?.area ?? ''}
            onChange={setArea}
            options={areas.map((a) => ({ value: a.area, label: a.area }))}
          />
          <TextField
            label={t('region.eligibleShare')}
            description={t('region.eligibleShareHelp')}
            value={share}
            onChange={setShare}
            {...(shareOk ? {} : { error: t('region.eligibleShareError') })}
          />
          {effect && shareOk && !s && <Alert kind="info">{t('region.noScenario')}</Alert>}
          {s && effect && (
            <DataTable
              caption={t('region.scenarioCaption', {
                area: s.area,
                year: s.year,
                ratio: num(effect.estimate, 2),
                lower: num(effect.lower, 2),
                upper: num(effect.upper, 2),
              })}
              columns={[
                { key: 'what', label: t('region.scenarioWhat') },
                { key: 'estimate', label: t('region.scenarioEstimate'), numeric: true },
                { key: 'interval', label: t('region.scenarioInterval'), numeric: true },
              ]}
              rows={[
                { what: t('region.eligible', { band: s.ageBand }), estimate: r(s.eligible), interval: '–' },
                { what: t('region.baselineEd'), estimate: r(s.baselineEdVisits), interval: '–' },
                {
                  what: t('region.edAvoided'),
                  estimate: r(s.edVisitsAvoided.estimate),
                  interval: `${r(s.edVisitsAvoided.lower)} – ${r(s.edVisitsAvoided.upper)}`,
                },
                {
                  what: t('region.costAvoided'),
                  estimate: `€ ${r(s.costAvoided.estimate)}`,
                  interval: `€ ${r(s.costAvoided.lower)} – € ${r(s.costAvoided.upper)}`,
                },
              ]}
            />
          )}
        </>
      )}
    </>
  );
}
