import * as Plot from '@observablehq/plot';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { type Landscape, LandscapeDomains } from '../../../../../src/api/index.ts';
import { api } from '../../../api/api.ts';
import { useSession } from '../../../api/session.tsx';
import { Chart } from '../../../charts/Chart.tsx';
import { useI18n } from '../../../i18n/i18n.tsx';
import { usePageTitle } from '../../../layout/Layout.tsx';
import { DataTable, ErrorAlert, Heading, Loading, P } from '../../../ui/ui.tsx';
import { GovernanceNav } from '../GovernanceNav.tsx';
import { label } from '../labels.ts';
import { InitiativeForm } from './InitiativeForm.tsx';

/**
 * The landscape of AI-for-health initiatives (public): coverage per care domain × valley of death as a
 * chart, the white spots, the provinces without a regional initiative, and the initiatives with sources.
 */
export default function LandscapePage() {
  const { t } = useI18n();
  usePageTitle(t('gov.landscape.title'));
  const { user } = useSession();
  const data = useQuery({ queryKey: ['landscape'], queryFn: () => api.landscape() });
  return (
    <>
      <Heading level={1}>{t('gov.landscape.title')}</Heading>
      <P lead>{t('gov.landscape.lead')}</P>
      <GovernanceNav />
      <ErrorAlert error={data.error} />
      {data.isPending && <Loading />}
      {data.data && <LandscapeView l={data.data} />}
      {user?.role === 'reviewer' && <InitiativeForm />}
    </>
  );
}

function LandscapeView({ l }: { l: Landscape }) {
  const { t, lang } = useI18n();
  const phase = useCallback((p: number) => t('gov.landscape.phase', { n: p }), [t]);
  const domains = useMemo(() => LandscapeDomains.map((d) => label(d, lang)), [lang]);
  const rows = useMemo(
    () =>
      LandscapeDomains.flatMap((d) =>
        [1, 2, 3].map((p) => ({
          domain: label(d, lang),
          phase: phase(p),
          initiatives: l.coverage.find((c) => c.domain === d && c.phase === p)?.count ?? 0,
        })),
      ),
    [l, lang, phase],
  );
  const max = Math.max(1, ...rows.map((r) => r.initiatives));
  const plot = useCallback(
    (width: number) => ({
      marginLeft: Math.min(240, width * 0.35),
      height: 60 + domains.length * 44,
      x: { label: null, domain: [1, 2, 3].map(phase) },
      y: { label: null, domain: domains },
      color: {
        type: 'linear' as const,
        range: ['#f2f6fb', '#1a5a96'],
        legend: true,
        label: t('gov.landscape.initiatives'),
      },
      marks: [
        Plot.cell(rows, { x: 'phase', y: 'domain', fill: 'initiatives', inset: 1, stroke: '#999' }),
        ...[true, false].map((dark) =>
          Plot.text(
            rows.filter((d) => d.initiatives > max / 2 === dark),
            {
              x: 'phase',
              y: 'domain',
              text: (d: (typeof rows)[number]) =>
                d.initiatives === 0 ? t('gov.landscape.whiteSpot') : String(d.initiatives),
              fill: dark ? 'white' : 'black',
            },
          ),
        ),
      ],
    }),
    [rows, domains, phase, t, max],
  );
  const noRegion = l.regions.filter((r) => r.count === 0 && r.region !== 'national');
  return (
    <>
      <Chart
        title={t('gov.landscape.coverage')}
        description={t('gov.landscape.coverageHelp')}
        plot={plot}
        rows={rows}
        columns={[
          { key: 'domain', label: t('gov.match.domain') },
          { key: 'phase', label: t('gov.landscape.phaseHeader') },
          { key: 'initiatives', label: t('gov.landscape.initiatives'), numeric: true },
        ]}
        file="landscape-coverage"
      />
      <section aria-labelledby="h-white">
        <Heading level={2} id="h-white">
          {t('gov.landscape.whiteSpots')}
        </Heading>
        <DataTable
          caption={t('gov.landscape.whiteSpots')}
          columns={[
            { key: 'domain', label: t('gov.match.domain') },
            { key: 'phase', label: t('gov.landscape.phaseHeader') },
          ]}
          rows={l.whiteSpots.map((w) => ({ domain: label(w.domain, lang), phase: phase(w.phase) }))}
        />
        <P>
          {t('gov.landscape.noRegional')} {noRegion.map((r) => r.region).join(', ') || '–'}
        </P>
      </section>
      <section aria-labelledby="h-initiatives">
        <Heading level={2} id="h-initiatives">
          {t('gov.landscape.list')}
        </Heading>
        <P>{t('gov.landscape.examples')}</P>
        <DataTable
          caption={t('gov.landscape.list')}
          columns={[
            { key: 'name', label: t('gov.match.name') },
            { key: 'kind', label: t('gov.landscape.kind') },
            { key: 'region', label: t('gov.landscape.region') },
            { key: 'domain', label: t('gov.match.domain') },
            { key: 'phase', label: t('gov.landscape.phaseHeader') },
            { key: 'orgs', label: t('stations.organisation') },
            { key: 'source', label: t('gov.landscape.source') },
          ]}
          rows={l.initiatives.map((i) => ({
            name: `${i.name}${i.example ? ` (${t('gov.landscape.example')})` : ''}`,
            kind: label(i.kind, lang),
            region: label(i.region, lang),
            domain: label(i.domain, lang),
            phase: phase(i.phase),
            orgs: i.organisations.join(', '),
            source: i.source,
          }))}
        />
      </section>
    </>
  );
}
