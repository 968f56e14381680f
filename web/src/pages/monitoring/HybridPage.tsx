import { useState } from 'react';
import type { RunView } from '../../../../src/api/index.ts';
import type { HybridCareYear } from '../../../../src/hybrid-care/combine-hybrid-care.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { SignedInPage } from '../../ui/SignedInPage.tsx';
import { Alert, DataTable, Heading, P, SelectField, TextField } from '../../ui/ui.tsx';
import { AlgorithmRunPanel } from './AlgorithmRunPanel.tsx';
import { GroupShareBars, MonthLines } from './hybrid-charts.tsx';
import { ValueBars, YearLines } from './region-charts.tsx';
import { parseYears } from './years.ts';

/** Hybrid and digital care per year, region and care pathway, held against the national ambitions. */
export default function HybridPage() {
  const { t } = useI18n();
  const [years, setYears] = useState('2022-2025');
  const parsed = parseYears(years);
  return (
    <SignedInPage
      title={t('hybrid.title')}
      lead={t('hybrid.lead')}
      roles={['researcher', 'reviewer', 'auditor']}
    >
      <AlgorithmRunPanel
        algorithm="hybrid-care"
        input={() => ({ years: parsed ?? [] })}
        fields={
          <TextField
            label={t('region.years')}
            description={t('region.yearsHelp')}
            value={years}
            onChange={setYears}
            {...(parsed ? {} : { error: t('region.yearsError') })}
          />
        }
      >
        {(run) => <HybridFigures run={run} />}
      </AlgorithmRunPanel>
    </SignedInPage>
  );
}

function HybridFigures({ run }: { run: RunView }) {
  const { t, lang, num } = useI18n();
  const years = (run.result as { years?: HybridCareYear[] } | undefined)?.years ?? [];
  const [year, setYear] = useState('');
  const [pathway, setPathway] = useState('');
  if (years.length === 0) return <Alert kind="info">{t('region.empty')}</Alert>;
  const y = years.find((x) => String(x.year) === year) ?? years.at(-1)!;
  const pct = (v: number | null) => (v === null ? t('count.withheld') : `${num(100 * v, 1)}%`);
  const digitalTarget = y.ambitions.find((a) => a.key === 'digitalShare')?.target;
  const inclusionTarget = 0.5;
  const depLabel = (g: string) => t(`hybrid.dep.${g}` as 'hybrid.dep.Q1');
  const gradient = (g: HybridCareYear['deprivationGradient']) =>
    g === null
      ? t('hybrid.gradientNone')
      : t('hybrid.gradient', { ratio: num(g.ratio, 2), low: num(g.low, 2), high: num(g.high, 2) });
  const pw = y.pathways.find((p) => p.name === pathway) ?? y.pathways[0];
  return (
    <>
      <YearLines
        title={t('hybrid.trendTitle')}
        description={t('hybrid.trendNote')}
        rows={years.flatMap((x) => [
          { series: t('hybrid.patientsDigital'), year: x.year, value: x.digitalShare },
          { series: t('hybrid.contactsVirtual'), year: x.year, value: x.virtualContactShare },
          { series: t('hybrid.gp'), year: x.year, value: x.gpShare },
          { series: t('hybrid.hospital'), year: x.year, value: x.hospitalShare },
        ])}
        valueLabel={t('hybrid.share')}
        seriesHeader={t('hybrid.measure')}
        {...(digitalTarget !== undefined ? { target: digitalTarget } : {})}
        percent
        file="hybrid-care-trend"
      />
      <SelectField
        label={t('region.year')}
        value={String(y.year)}
        onChange={setYear}
        options={years.map((x) => ({ value: String(x.year), label: String(x.year) }))}
      />
      <Heading level={2}>{t('hybrid.ambitionsHeading', { year: y.year })}</Heading>
      <DataTable
        caption={t('hybrid.ambitionsCaption', { year: y.year })}
        columns={[
          { key: 'ambition', label: t('hybrid.ambition') },
          { key: 'target', label: t('hybrid.target'), numeric: true },
          { key: 'value', label: t('hybrid.value'), numeric: true },
          { key: 'met', label: t('hybrid.met') },
        ]}
        rows={y.ambitions.map((a) => ({
          ambition: a[lang],
          target: pct(a.target),
          value: pct(a.value),
          met: a.met === null ? t('hybrid.unknown') : a.met ? t('hybrid.yes') : t('hybrid.no'),
        }))}
      />
      <ValueBars
        title={t('hybrid.regionTitle', { year: y.year })}
        description={t('hybrid.regionNote')}
        rows={y.byRegion.map((r) => ({ label: r.region, value: r.digitalShare }))}
        valueLabel={t('hybrid.patientsDigital')}
        labelHeader={t('region.area')}
        {...(digitalTarget !== undefined ? { target: digitalTarget } : {})}
        percent
        file={`hybrid-care-regions-${y.year}`}
      />
      <ValueBars
        title={t('hybrid.pathwaysTitle', { year: y.year })}
        description={t('hybrid.pathwaysNote')}
        rows={y.pathways.map((p) => ({ label: p.name, value: p.inclusion }))}
        valueLabel={t('hybrid.inclusion')}
        labelHeader={t('hybrid.pathway')}
        target={inclusionTarget}
        percent
        file={`hybrid-care-pathways-${y.year}`}
      />
      <Heading level={2}>{t('hybrid.monthsHeading')}</Heading>
      <MonthLines
        title={t('hybrid.monthsTitle')}
        description={t('hybrid.monthsNote')}
        rows={years.flatMap((x) =>
          x.months.flatMap((m) => [
            { series: t('hybrid.patientsDigital'), month: m.month, value: m.digitalShare },
            { series: t('hybrid.contactsVirtual'), month: m.month, value: m.virtualContactShare },
          ]),
        )}
        valueLabel={t('hybrid.share')}
        seriesHeader={t('hybrid.measure')}
        file="hybrid-care-months"
      />
      <Heading level={2}>{t('hybrid.deprivationHeading', { year: y.year })}</Heading>
      <P>{t('hybrid.deprivationExplain')}</P>
      <GroupShareBars
        title={t('hybrid.deprivationTitle', { year: y.year })}
        description={gradient(y.deprivationGradient)}
        rows={y.byDeprivation.map((d) => ({
          label: depLabel(d.group),
          patients: d.patients,
          share: d.share,
        }))}
        groupHeader={t('hybrid.deprivationGroup')}
        valueLabel={t('hybrid.patientsDigital')}
        {...(digitalTarget !== undefined ? { target: digitalTarget } : {})}
        file={`hybrid-care-deprivation-${y.year}`}
      />
      {pw ? (
        <>
          <Heading level={2}>{t('hybrid.inclusionHeading', { year: y.year })}</Heading>
          <SelectField
            label={t('hybrid.pathwayChoice')}
            value={pw.name}
            onChange={setPathway}
            options={y.pathways.map((p) => ({ value: p.name, label: p.name }))}
          />
          <GroupShareBars
            title={t('hybrid.inclusionByDeprivation', { pathway: pw.name, year: y.year })}
            description={gradient(pw.deprivationGradient)}
            rows={pw.byDeprivation.map((d) => ({
              label: depLabel(d.group),
              patients: d.patients,
              share: d.share,
            }))}
            groupHeader={t('hybrid.deprivationGroup')}
            valueLabel={t('hybrid.inclusion')}
            target={inclusionTarget}
            file={`hybrid-care-inclusion-deprivation-${y.year}`}
          />
          <GroupShareBars
            title={t('hybrid.inclusionByAge', { pathway: pw.name, year: y.year })}
            rows={pw.byAgeBand.map((a) => ({ label: a.ageBand, patients: a.patients, share: a.share }))}
            groupHeader={t('hybrid.ageBand')}
            valueLabel={t('hybrid.inclusion')}
            target={inclusionTarget}
            file={`hybrid-care-inclusion-age-${y.year}`}
          />
          <GroupShareBars
            title={t('hybrid.inclusionBySex', { pathway: pw.name, year: y.year })}
            rows={pw.bySex.map((x) => ({
              label: x.sex === 'female' ? t('hybrid.female') : t('hybrid.male'),
              patients: x.patients,
              share: x.share,
            }))}
            groupHeader={t('hybrid.sex')}
            valueLabel={t('hybrid.inclusion')}
            target={inclusionTarget}
            file={`hybrid-care-inclusion-sex-${y.year}`}
          />
          <P>{t('hybrid.breakdownProtection')}</P>
        </>
      ) : null}
      <P>
        {t('hybrid.pathwaysCount', {
          n: y.pathways.length,
          hybrid: y.pathways.filter((p) => p.hybrid).length,
        })}
      </P>
    </>
  );
}
