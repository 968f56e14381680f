import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import type { PublicMonitor } from '../../../../src/api/index.ts';
import { Indicators } from '../../../../src/monitoring/indicators.ts';
import { api } from '../../api/api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { usePageTitle } from '../../layout/Layout.tsx';
import { ResultBoundary } from '../../ui/ResultBoundary.tsx';
import { Alert, DataTable, ErrorAlert, Heading, Loading, P } from '../../ui/ui.tsx';
import { COMBINED, effectRows, type IndicatorKey, type MonitorResult, type Ratio } from './monitor-result.ts';
import { EffectChart } from './monitoring-charts.tsx';

/**
 * One monitor for a patient council, in plain words: what is followed, the result combined over all
 * care organisations, what it means, how the data were protected, and the numbers as a table.
 */
export default function PublicMonitorPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const monitor = useQuery({
    queryKey: ['public-monitor', id],
    queryFn: () => api.publicMonitor({ params: { id } }),
  });
  usePageTitle(monitor.data?.name ?? t('public.title'));
  return (
    <>
      <Heading level={1}>{monitor.data?.name ?? t('public.title')}</Heading>
      <ErrorAlert error={monitor.error} />
      {monitor.isPending && <Loading />}
      {monitor.data && <PublicBody m={monitor.data} />}
      <P>
        <Link to="/public/monitors">{t('public.all')}</Link>
      </P>
    </>
  );
}

/** Lower-cases the first letter only, so abbreviations (SEH, GP) keep their capitals. */
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** A ratio in plain words: "18% less (5% to 30% less)". */
function usePlainRatio() {
  const { t, num } = useI18n();
  return (r: Ratio | null | undefined) => {
    if (!r) return t('public.notYet');
    const pct = (x: number) => num(Math.abs(100 * (x - 1)), 0);
    const dir = (x: number) => (x < 1 ? t('public.less') : t('public.more'));
    return t('public.ratioText', {
      pct: pct(r.estimate),
      dir: dir(r.estimate),
      low: `${pct(r.lower)}% ${dir(r.lower)}`,
      high: `${pct(r.upper)}% ${dir(r.upper)}`,
    });
  };
}

function PublicBody({ m }: { m: PublicMonitor }) {
  const { t, lang, num } = useI18n();
  const plain = usePlainRatio();
  const latest = m.latest;
  const result = latest?.combined as MonitorResult | undefined;
  const key = m.alert.indicator as IndicatorKey;
  const name = (k: string) => Indicators[k as IndicatorKey]?.[lang] ?? k;
  const main = result?.effects?.[key]?.at(-1)?.pooled ?? null;
  const alerts = result?.alerts ?? [];
  // The chart: the alert's indicator, or else the first with an estimate over time.
  const estimated = (k: string) =>
    (result?.effects?.[k as IndicatorKey] ?? []).some((e) => e.pooled !== null);
  const charted = [key, ...(m.indicators as IndicatorKey[])].find(estimated);
  const meaning = alerts.some((a) => a.kind === 'safety')
    ? t('public.meansWorse')
    : alerts.some((a) => a.kind === 'scale-up')
      ? t('public.meansBetter')
      : main && (main.lower > 1 || main.upper < 1)
        ? t('public.meansLikely')
        : t('public.meansUnclear');
  return (
    <>
      <P lead>{t('public.lead')}</P>
      <Heading level={2}>{t('public.whatHeading')}</Heading>
      <P>
        {t('public.what', {
          owner: m.owner,
          start: m.start.slice(0, 7),
          months: m.followUpMonths,
        })}
      </P>
      {m.description && <P>{m.description}</P>}
      <ul className="utrecht-unordered-list">
        {m.indicators.map((k) => (
          <li key={k}>{name(k)}</li>
        ))}
      </ul>

      <Heading level={2}>{t('public.resultHeading')}</Heading>
      {!latest || !result ? (
        <Alert kind="info">{t('public.noResultYet')}</Alert>
      ) : (
        <ResultBoundary fallback={<pre>{JSON.stringify(result, null, 2)}</pre>}>
          <P>
            {t(main ? 'public.result' : 'public.resultNone', {
              month: latest.month,
              exposed: num(latest.matched.exposed),
              controls: num(latest.matched.controls),
              indicator: lowerFirst(name(key)),
              change: plain(main),
            })}
          </P>
          {latest.matched.withheldAt > 0 && <P>{t('public.withheldAt', { n: latest.matched.withheldAt })}</P>}
          <Heading level={2}>{t('public.meaningHeading')}</Heading>
          <Alert kind={alerts.some((a) => a.kind === 'safety') ? 'warning' : 'info'}>
            <p className="utrecht-paragraph">{meaning}</p>
            {alerts.map((a) => (
              <p key={a.kind} className="utrecht-paragraph">
                {a.reason[lang]}
              </p>
            ))}
          </Alert>
          <Heading level={2}>{t('public.numbersHeading')}</Heading>
          <DataTable
            caption={t('public.numbersCaption', { month: latest.month })}
            columns={[
              { key: 'indicator', label: t('public.measure') },
              { key: 'change', label: t('public.change') },
            ]}
            rows={m.indicators.map((k) => {
              const e = result.effects?.[k as IndicatorKey]?.at(-1);
              const point = e?.point?.pooled;
              return {
                indicator: name(k),
                change: e?.pooled
                  ? plain(e.pooled)
                  : point != null
                    ? t('public.pointText', { ratio: num(point, 2) })
                    : t('public.notYet'),
              };
            })}
          />
          {charted && (
            <EffectChart
              title={t('public.chartTitle', { indicator: name(charted) })}
              rows={effectRows(result, charted, COMBINED)}
              file={`public-monitor-${m.id}-${charted}`}
            />
          )}
          {result.savings && (
            <P>
              {t(result.savings.total.avoided >= 0 ? 'public.savings' : 'public.extraCost', {
                euro: num(Math.abs(Math.round(result.savings.total.avoided))),
                month: latest.month,
              })}
            </P>
          )}
        </ResultBoundary>
      )}
      <Heading level={2}>{t('public.protectedHeading')}</Heading>
      <P>{t('public.protected')}</P>
      {latest && (
        <P>
          {t('public.source', {
            stations: latest.stationsAnswered,
            digest: (latest.resultDigest ?? '').slice(0, 16),
          })}
        </P>
      )}
    </>
  );
}
