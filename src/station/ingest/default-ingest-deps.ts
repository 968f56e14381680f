import { listFhirFiles, readFhirFiles } from '../../fhir/read-fhir-files.ts';
import { inspectResource } from '../../fhir/validate/index.ts';
import { loadPlatformViews } from '../../fhir/view-definition/platform-views.ts';
import { createPseudonymiser } from '../../privacy/pseudonymise/pseudonymiser.ts';
import type { TableSpec } from '../../store/table-spec.ts';
import type { Station } from '../station-dir.ts';
import type { IngestDeps, IngestView } from './ingest-deps.ts';

/** The station's tables: one per platform view (views/), columns typed as the view declares them. */
export function tablesOfViews(views: readonly IngestView[]): TableSpec[] {
  return views.map((v) => ({
    name: v.name,
    resourceType: v.resourceType,
    columns: v.columns.map((c) => ({ name: c.name, type: c.type ?? 'string' })),
  }));
}

/** Loads the platform views (once per process). */
let viewsPromise: Promise<IngestView[]> | undefined;
export function platformViews(): Promise<IngestView[]> {
  viewsPromise ??= loadPlatformViews();
  return viewsPromise;
}

/** The real pipeline pieces for a station: FHIR reader, R4 validator, its pseudonymiser, the platform views. */
export async function defaultIngestDeps(station: Pick<Station, 'secret' | 'config'>): Promise<IngestDeps> {
  return {
    list: (paths, onSkipped) => listFhirFiles(paths, onSkipped),
    read: (paths, options) => readFhirFiles(paths, options),
    validate: (resource) => {
      const { issues } = inspectResource(resource);
      return { ok: issues.length === 0, issues };
    },
    pseudonymiser: createPseudonymiser({
      secret: station.secret,
      birthDatePolicy: station.config.birthDatePolicy,
    }),
    views: await platformViews(),
    readerSetup: { secret: station.secret, birthDatePolicy: station.config.birthDatePolicy },
  };
}
