import { useState } from 'react';
import { Indicators } from '../../../../src/monitoring/indicators.ts';
import { useCountText } from '../../charts/charts.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { TextKey } from '../../i18n/nl.ts';
import { Alert, DataTable, Heading, P, SelectField } from '../../ui/ui.tsx';
import {
  balancePoints,
  baselineRates,
  COMBINED,
  effectRows,
  forestRows,
  type IndicatorKey,
  type MonitorResult,
  seriesRows,
} from './monitor-result.ts';
import {
  BoundaryChart,
  EffectChart,
  LovePlot,
  RatioForest,
  SavingsChart,
  SeriesChart,
} from './monitoring-charts.tsx';

/** The unit of an indicator's rate as the charts write it. */
export const rateKey = (key: IndicatorKey): TextKey => {
  const kind = Indicators[key].kind;
  return kind === 'per-event'
    ? 'mon.ratePerEvent'
    : kind === 'sum'
      ? 'mon.ratePerMonthEuro'
      : 'mon.ratePer1000';
};

/** The alert status: each alert with its reason in plain words, or none within the boundary. */
export function AlertStatus({ result }: { result: MonitorResult }) {
  const { t, lang, num } = useI18n();
  const d = result.design;
  const name = Indicators[d.indicator as IndicatorKey]?.[lang] ?? d.indicator;
  if (result.alerts.length === 0)
    return (
      <Alert kind="info">
        <p className="utrecht-paragraph">
          <strong>{t('mon.noAlert')}</strong>{' '}
          {t('mon.noAlertText', {
            indicator: name,
            month: result.months.at(-1) ?? '–',
            b: num(d.boundary, 2),
            alpha: num(100 * d.alpha, 1),
            looks: d.looks,
          })}
        </p>
      </Alert>
    );
  return (
    <>
      {result.alerts.map((a) => (
        <Alert key={`${a.kind}-${a.month}`} kind={a.kind === 'safety' ? 'error' : 'ok'}>
          <p className="utrecht-paragraph">
            <strong>
              {t(a.kind === 'safety' ? 'mon.alertSafety' : 'mon.alertScaleUp')} · {a.month}
            </strong>{' '}
            {a.reason[lang]}
          </p>
        </Alert>
      ))}
    </>
  );
}

/** Per indicator, the latest pooled effect: ratio and absolute difference with their 95% CIs. */
export function EffectsTable({ result }: { result: MonitorResult }) {
  const { t, lang, num } = useI18n();
  const ci = (e: { estimate: number; lower: number; upper: number } | null | undefined, d = 2) =>
    e ? `${num(e.estimate, d)} (${num(e.lower, d)} – ${num(e.upper, d)})` : t('mon.noEstimate');
  return (
    <DataTable
      caption={t('mon.effectsCaption', { month: result.months.at(-1) ?? '–' })}
      columns={[
        { key: 'indicator', label: t('mon.indicator') },
        { key: 'ratio', label: t('mon.ratioCi'), numeric: true },
        { key: 'absolute', label: t('mon.absoluteCi'), numeric: true },
      ]}
      rows={(Object.keys(result.effects) as IndicatorKey[]).map((k) => {
        const e = result.effects[k]?.at(-1);
        const point = e?.point?.pooled;
        return {
          indicator: Indicators[k]?.[lang] ?? k,
          ratio: e?.pooled
            ? ci(e.pooled)
            : point != null
              ? `${num(point, 2)} (${t('mon.pointOnly')})`
              : ci(null),
          absolute: ci(e?.absolute),
        };
      })}
    />
  );
}

/** The matched groups per station: eligible exposed, comparison pool, matched exposed and controls. */
function GroupsTable({ result, names }: { result: MonitorResult; names: Record<string, string> }) {
  const { t, num } = useI18n();
  const text = useCountText();
  return (
    <DataTable
      caption={t('mon.groupsCaption')}
      columns={[
        { key: 'station', label: t('mon.station') },
        { key: 'exposed', label: t('mon.eligibleExposed'), numeric: true },
        { key: 'pool', label: t('mon.pool'), numeric: true },
        { key: 'matchedExposed', label: t('mon.matchedExposed'), numeric: true },
        { key: 'matchedControls', label: t('mon.matchedControls'), numeric: true },
        { key: 'design', label: t('mon.design') },
      ]}
      rows={Object.entries(result.groups ?? {}).map(([st, g]) => ({
        station: names[st] ?? st,
        exposed: text(g.exposed),
        pool: text(g.pool),
        matchedExposed: text(g.matchedExposed),
        matchedControls: text(g.matchedControls),
        design: t('mon.designText', { k: g.ratio, caliper: num(g.caliperSd, 2) }),
      }))}
    />
  );
}

/**
 * The insurer's and care provider's view of one release: alert status, effects, monthly series per
 * indicator (combined or per station), the effect over time, the forest plot, matching balance, the
 * sequential boundary and the shared savings. `all` draws every indicator (the printable report).
 */
export function MonitorDashboard({
  result,
  names,
  file,
  all = false,
}: {
  result: MonitorResult;
  names: Record<string, string>;
  file: string;
  all?: boolean;
}) {
  const { t, lang } = useI18n();
  const indicators = Object.keys(result.effects) as IndicatorKey[];
  const [view, setView] = useState(COMBINED);
  const [indicator, setIndicator] = useState<IndicatorKey>(indicators[0] ?? 'ed-visits');
  const stations = Object.keys(result.groups ?? {});
  const shown = all ? indicators : indicators.includes(indicator) ? [indicator] : indicators.slice(0, 1);
  const viewName = view === COMBINED ? t('mon.combined') : (names[view] ?? view);
  const alertKey = result.design.indicator as IndicatorKey;
  return (
    <div className="ai4h-monitor">
      <Heading level={2}>{t('mon.alertHeading')}</Heading>
      <AlertStatus result={result} />
      <Heading level={2}>{t('mon.effectsHeading')}</Heading>
      <P>{t('mon.effectsLead')}</P>
      <EffectsTable result={result} />

      <Heading level={2}>{t('mon.seriesHeading')}</Heading>
      {!all && (
        <div className="ai4h-monitor__controls">
          <SelectField
            label={t('mon.view')}
            value={view}
            onChange={setView}
            options={[
              { value: COMBINED, label: t('mon.combined') },
              ...stations.map((s) => ({ value: s, label: names[s] ?? s })),
            ]}
          />
          <SelectField
            label={t('mon.indicator')}
            value={indicator}
            onChange={(v) => setIndicator(v as IndicatorKey)}
            options={indicators.map((k) => ({ value: k, label: Indicators[k]?.[lang] ?? k }))}
          />
        </div>
      )}
      {shown.map((k) => {
        const name = Indicators[k]?.[lang] ?? k;
        return (
          <section key={k} className="ai4h-monitor__indicator">
            {all && <Heading level={3}>{name}</Heading>}
            <SeriesChart
              title={t('mon.seriesTitle', { indicator: name, view: viewName })}
              rows={seriesRows(result, k, view)}
              baseline={baselineRates(result, k, view)}
              rateLabel={t(rateKey(k))}
              file={`${file}-${k}-series`}
            />
            <EffectChart
              title={t('mon.effectTitle', { indicator: name, view: viewName })}
              rows={effectRows(result, k, view)}
              file={`${file}-${k}-effect`}
            />
            <RatioForest
              title={t('mon.forestTitle', { indicator: name, month: result.months.at(-1) ?? '–' })}
              rows={forestRows(result, k, names, t('mon.pooled'))}
              file={`${file}-${k}-forest`}
            />
          </section>
        );
      })}

      <Heading level={2}>{t('mon.balanceHeading')}</Heading>
      <P>{t('mon.balanceLead')}</P>
      <GroupsTable result={result} names={names} />
      <LovePlot
        title={t('mon.loveTitle', { view: viewName })}
        points={balancePoints(result, view, names)}
        file={`${file}-balance`}
      />

      <Heading level={2}>{t('mon.boundaryHeading')}</Heading>
      <BoundaryChart
        title={t('mon.boundaryTitle', { indicator: Indicators[alertKey]?.[lang] ?? alertKey })}
        rows={effectRows(result, alertKey, COMBINED).map((r) => ({ month: r.month, z: r.z }))}
        boundary={result.design.boundary}
        alerts={result.alerts}
        file={`${file}-boundary`}
      />

      <Heading level={2}>{t('mon.savingsHeading')}</Heading>
      <Savings result={result} file={file} />
    </div>
  );
}

/** The shared-savings figure and the total per party. */
export function Savings({ result, file }: { result: MonitorResult; file: string }) {
  const { t, num } = useI18n();
  const s = result.savings;
  if (!s) return <P>{t('mon.noSavings')}</P>;
  const euro = (x: number) => `€ ${num(x, 0)}`;
  return (
    <>
      <P>
        {t(s.total.avoided >= 0 ? 'mon.savingsTotal' : 'mon.extraTotal', {
          month: result.months.at(-1) ?? '–',
          euro: euro(Math.abs(s.total.avoided)),
          lower: euro(s.total.lower),
          upper: euro(s.total.upper),
        })}
      </P>
      <DataTable
        caption={t('mon.perParty')}
        columns={[
          { key: 'party', label: t('mon.party') },
          { key: 'role', label: t('mon.partyRole') },
          { key: 'euro', label: t('mon.partyShare'), numeric: true },
        ]}
        rows={[
          { party: s.provider, role: t('mon.provider'), euro: euro(s.total.provider) },
          { party: s.payer, role: t('mon.payer'), euro: euro(s.total.payer) },
        ]}
      />
      <SavingsChart
        title={t('mon.savingsTitle')}
        months={s.months}
        provider={s.provider}
        payer={s.payer}
        file={`${file}-savings`}
      />
    </>
  );
}
