import { useState } from 'react';
import type { RegionalArea } from '../../../../src/regional/combine-regional-picture.ts';
import shipped from '../../../../src/regional/population-projection.json' with { type: 'json' };
import { PopulationProjectionSchema, projectAreaWith } from '../../../../src/regional/project-area.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Alert, DataTable, Heading, P, SelectField } from '../../ui/ui.tsx';
import { YearLines } from './region-charts.tsx';

const projection = PopulationProjectionSchema.parse(shipped);
const YEARS = Object.keys(projection.factors).map(Number).sort();

/**
 * The projection to 2030 and 2035 of one area (the same figures as `ai4h region project`): each age
 * band's released persons in the area's latest year times the shipped growth factor, and its ED visits at
 * the band's released rate; a chart of persons per band over the years and a table per year, with where
 * the factors come from and that they are not published figures.
 */
export function RegionalProjection({ areas }: { areas: RegionalArea[] }) {
  const { t, num } = useI18n();
  const [area, setArea] = useState('');
  const target = areas.find((a) => a.area === area) ?? areas[0];
  if (!target) return null;
  const projected = YEARS.map((y) => projectAreaWith(target, y, projection));
  const r = (x: number) => num(Math.round(x));
  const observed = (band: string) => target.byAgeBand.find((b) => b.ageBand === band);
  return (
    <>
      <Heading level={2}>{t('region.projectionHeading')}</Heading>
      <P>{t('region.projectionLead')}</P>
      <SelectField
        label={t('region.projectionArea')}
        value={target.area}
        onChange={setArea}
        options={areas.map((a) => ({ value: a.area, label: a.area }))}
      />
      <YearLines
        title={t('region.projectionTitle', { area: target.area })}
        description={t('region.projectionNote', { year: target.year })}
        rows={projected[0]!.byAgeBand.flatMap((b) => [
          { series: b.ageBand, year: target.year, value: observed(b.ageBand)?.persons ?? null },
          ...projected.map((p) => ({
            series: b.ageBand,
            year: p.year,
            value: p.byAgeBand.find((x) => x.ageBand === b.ageBand)!.persons,
          })),
        ])}
        valueLabel={t('region.projectionPersons')}
        seriesHeader={t('region.projectionBand')}
        file={`regional-projection-${target.area}`}
      />
      <DataTable
        caption={t('region.projectionCaption', { area: target.area, year: target.year })}
        columns={[
          { key: 'band', label: t('region.projectionBand') },
          { key: 'now', label: t('region.projectionPersonsIn', { year: target.year }), numeric: true },
          ...projected.flatMap((p) => [
            { key: `p${p.year}`, label: t('region.projectionPersonsIn', { year: p.year }), numeric: true },
            { key: `e${p.year}`, label: t('region.projectionEdIn', { year: p.year }), numeric: true },
          ]),
        ]}
        rows={[
          ...projected[0]!.byAgeBand.map((b) => ({
            band: b.ageBand,
            now: r(observed(b.ageBand)?.persons ?? 0),
            ...Object.fromEntries(
              projected.flatMap((p) => {
                const x = p.byAgeBand.find((y) => y.ageBand === b.ageBand)!;
                return [
                  [`p${p.year}`, r(x.persons)],
                  [`e${p.year}`, x.edPerThousand === null ? t('count.withheld') : r(x.edVisits)],
                ];
              }),
            ),
          })),
          {
            band: t('region.projectionTotal'),
            now: r(target.byAgeBand.reduce((s, b) => s + b.persons, 0)),
            ...Object.fromEntries(
              projected.flatMap((p) => [
                [`p${p.year}`, r(p.persons)],
                [`e${p.year}`, r(p.edVisits)],
              ]),
            ),
          },
        ]}
      />
      {projected.some((p) => !p.published) && <Alert kind="info">{t('region.projectionNotPublished')}</Alert>}
      <P>{t('region.projectionSource', { name: projection.name, date: projection.date })}</P>
    </>
  );
}
