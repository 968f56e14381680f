import { CountBars, Pyramid, useCountText } from '../../../charts/charts.tsx';
import { useI18n } from '../../../i18n/i18n.tsx';
import type { CountLike } from '../../../ui/counts.ts';
import { DataTable, P } from '../../../ui/ui.tsx';

interface StepLike {
  label: string;
  count: CountLike;
}
export interface CombinedCohort {
  cohort: string;
  count: CountLike;
  attrition: StepLike[];
  stations: { stationId: string; result: { count: CountLike; attrition: StepLike[] } }[];
  characterisation?: { ageSex: { ageBand: string; sex: string; count: CountLike }[] };
}

/** Counts per station and combined, the attrition table and funnel; characterisation as a pyramid. */
export function CohortResultView({
  result,
  stationNames,
}: {
  result: CombinedCohort;
  stationNames: Map<string, string>;
}) {
  const { t } = useI18n();
  const text = useCountText();
  const name = (id: string) => stationNames.get(id) ?? id;
  const columns = [
    { key: 'step', label: t('cohort.step') },
    ...result.stations.map((s) => ({ key: s.stationId, label: name(s.stationId), numeric: true })),
    { key: 'combined', label: t('cohort.combined'), numeric: true },
  ];
  const rows = [
    ...result.attrition.map((step, i) => ({
      step: step.label,
      ...Object.fromEntries(result.stations.map((s) => [s.stationId, text(s.result.attrition[i]?.count)])),
      combined: text(step.count),
    })),
    {
      step: <strong>{t('cohort.final')}</strong>,
      ...Object.fromEntries(
        result.stations.map((s) => [s.stationId, <strong key={s.stationId}>{text(s.result.count)}</strong>]),
      ),
      combined: <strong>{text(result.count)}</strong>,
    },
  ];
  return (
    <section aria-label={t('cohort.results')}>
      <DataTable caption={t('cohort.perStation')} columns={columns} rows={rows} />
      <P>{t('cohort.countNote')}</P>
      <CountBars
        title={t('cohort.funnel')}
        labelHeader={t('cohort.step')}
        items={result.attrition.map((s) => ({ label: s.label, count: s.count }))}
        file="attrition"
      />
      {result.characterisation && result.characterisation.ageSex.length > 0 && (
        <Pyramid title={t('cohort.pyramid')} cells={result.characterisation.ageSex} file="age-sex" />
      )}
    </section>
  );
}
