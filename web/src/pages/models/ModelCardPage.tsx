import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import type { ModelRecord } from '../../../../src/analytics/models/model-record.ts';
import { api } from '../../api/api.ts';
import { ForestPlot } from '../../charts/charts.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { TextKey } from '../../i18n/nl.ts';
import { download } from '../../ui/download.ts';
import { ResultBoundary } from '../../ui/ResultBoundary.tsx';
import { SignedInPage } from '../../ui/SignedInPage.tsx';
import { Alert, Button, DataTable, ErrorAlert, Heading, Loading, P } from '../../ui/ui.tsx';
import { purposeLabel } from '../requests/purposes.ts';
import {
  type RepresentativenessResult,
  RepresentativenessView,
  type ValidationResult,
  ValidationResultView,
} from '../runs/results/ModelResultViews.tsx';

/**
 * A model's card (after Mitchell et al. 2019) from its registry record at the hub: intended use and
 * limitations, the data it was trained on, its coefficients, its performance per station and per
 * subgroup with calibration, the bias report and the representativeness of its population.
 */
export default function ModelCardPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  return (
    <SignedInPage
      title={t('modelCard.title')}
      lead={t('modelCard.lead')}
      roles={['researcher', 'reviewer', 'auditor']}
    >
      <ModelCard id={id} />
    </SignedInPage>
  );
}

function ModelCard({ id }: { id: string }) {
  const { t } = useI18n();
  const model = useQuery({ queryKey: ['model', id], queryFn: () => api.getModel({ params: { id } }) });
  const stations = useQuery({ queryKey: ['stations'], queryFn: () => api.listStations({ query: {} }) });
  if (model.isPending) return <Loading />;
  if (!model.data) return <ErrorAlert error={model.error} />;
  const names = new Map((stations.data ?? []).map((s) => [s.id, s.name]));
  const record = model.data.record as unknown as ModelRecord;
  return (
    <ResultBoundary fallback={<pre className="ai4h-mono">{JSON.stringify(record, null, 2)}</pre>}>
      <Card record={record} names={names} />
      <Button
        kind="secondary"
        onClick={() =>
          download(`model-${record.id}.json`, JSON.stringify(record, null, 2), 'application/json')
        }
      >
        {t('modelCard.download')}
      </Button>
      <P>
        <Link to="/governance">{t('modelCard.back')}</Link>
      </P>
    </ResultBoundary>
  );
}

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="utrecht-data-list utrecht-data-list--rows">
      {rows.map(([k, v]) => (
        <div key={k} className="utrecht-data-list__item">
          <dt className="utrecht-data-list__item-key">{k}</dt>
          <dd className="utrecht-data-list__item-value">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Card({ record: m, names }: { record: ModelRecord; names: Map<string, string> }) {
  const { t, lang, date, num } = useI18n();
  const pop = m.spec.population;
  const latest = m.validations.at(-1);
  const flaggedGaps = m.validations.flatMap((v) => v.result.gaps.filter((g) => g.flagged));
  const featureText = (f: ModelRecord['spec']['features'][number]): string => {
    switch (f.kind) {
      case 'age':
        return t('modelCard.feature.age');
      case 'sex':
        return t('modelCard.feature.sex', { value: f.value });
      case 'region':
        return t('modelCard.feature.region', { value: f.value });
      case 'condition':
        return t('modelCard.feature.condition', { codes: f.codes.join(', ') });
      case 'observation':
        return t('modelCard.feature.observation', { code: f.code, impute: String(f.impute) });
      case 'encounters':
        return t('modelCard.feature.encounters', { setting: f.setting, days: f.days });
    }
  };
  return (
    <>
      <Heading level={2}>
        {m.name} {m.version}
      </Heading>
      <section aria-labelledby="h-use">
        <Heading level={2} id="h-use">
          {t('modelCard.intendedUse')}
        </Heading>
        <P>{m.intendedUse || t('modelCard.notStated')}</P>
        <Heading level={3}>{t('modelCard.limitations')}</Heading>
        <ul className="utrecht-unordered-list">
          {m.limitations.map((l) => (
            <li key={l}>{l}</li>
          ))}
          {m.validations.length === 0 && <li>{t('modelCard.noValidation')}</li>}
          {flaggedGaps.map((g) => (
            <li key={`${g.key}-${g.metric}`}>
              {t('modelCard.gapLimitation', { key: g.key, worst: g.worst, gap: num(g.gap, 3) })}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="h-model">
        <Heading level={2} id="h-model">
          {t('modelCard.model')}
        </Heading>
        <Facts
          rows={[
            [
              t('modelCard.id'),
              <span key="id" className="ai4h-mono">
                {m.id}
              </span>,
            ],
            [t('modelCard.family'), t(`modelCard.family.${m.family}` as TextKey)],
            [
              t('modelCard.algorithm'),
              <span key="alg" className="ai4h-mono">
                {m.algorithm.name} {m.algorithm.version} ({m.algorithm.hash.slice(0, 12)}…)
              </span>,
            ],
            [t('common.created'), date(m.createdAt)],
          ]}
        />
      </section>
      <section aria-labelledby="h-data">
        <Heading level={2} id="h-data">
          {t('modelCard.data')}
        </Heading>
        <Facts
          rows={[
            [t('request.purpose'), purposeLabel(m.training.purpose, lang)],
            [
              t('permits.id'),
              <span key="permit" className="ai4h-mono">
                {m.training.permitId}
              </span>,
            ],
            [
              t('modelCard.population'),
              t('modelCard.populationText', {
                date: pop.indexDate,
                min: pop.minAge ?? '–',
                max: pop.maxAge ?? '–',
              }),
            ],
            [t('modelCard.outcome'), t('modelCard.outcomeText', { days: m.spec.outcome.days })],
            [t('modelCard.rounds'), String(m.training.rounds)],
          ]}
        />
        <DataTable
          caption={t('modelCard.features')}
          columns={[
            { key: 'name', label: t('chart.variable') },
            { key: 'def', label: t('modelCard.definition') },
          ]}
          rows={m.spec.features.map((f) => ({ name: f.name, def: featureText(f) }))}
        />
        <DataTable
          caption={t('modelCard.trainingStations')}
          columns={[
            { key: 'station', label: t('run.station') },
            { key: 'n', label: 'n', numeric: true },
            { key: 'version', label: t('run.dataVersion') },
          ]}
          rows={m.training.stations.map((s) => ({
            station: names.get(s.id) ?? s.id,
            n: num(s.n),
            version: <span className="ai4h-mono">{s.dataVersion ?? '–'}</span>,
          }))}
        />
        <ForestPlot
          title={t('glm.forest')}
          coefficients={m.coefficients.map((c) => ({ ...c, se: c.se ?? Number.NaN }))}
          file="model-coefficients"
        />
      </section>
      <section aria-labelledby="h-perf">
        <Heading level={2} id="h-perf">
          {t('modelCard.performance')}
        </Heading>
        {latest ? (
          <>
            <P>
              {t('modelCard.validations', {
                n: m.validations.length,
                at: date(latest.at),
                stations: latest.stations.map((s) => names.get(s) ?? s).join(', '),
              })}
            </P>
            <ValidationResultView result={latest.result as unknown as ValidationResult} names={names} />
          </>
        ) : (
          <Alert kind="warning">{t('modelCard.noValidation')}</Alert>
        )}
      </section>
      <section aria-labelledby="h-repr">
        <Heading level={2} id="h-repr">
          {t('modelCard.representativeness')}
        </Heading>
        {m.representativeness ? (
          <RepresentativenessView result={m.representativeness as unknown as RepresentativenessResult} />
        ) : (
          <P>{t('modelCard.noRepresentativeness')}</P>
        )}
      </section>
    </>
  );
}
