import type { TableSpec } from '../../store/table-spec.ts';
import type { IngestView } from './ingest-deps.ts';

/**
 * Hand-written views shaped like three platform views (patient, encounter, observation), for tests of
 * the ingest and the profile that must not depend on the ViewDefinition runner.
 */
type R = Record<string, unknown>;

const refId = (ref: unknown, type: string): string | null => {
  const s = (ref as { reference?: unknown } | undefined)?.reference;
  if (typeof s !== 'string') return null;
  const m = /([A-Z][A-Za-z]+)\/([^/]+)$/.exec(s);
  return m && m[1] === type ? m[2]! : null;
};
const coding = (cc: unknown): R | undefined => ((cc as { coding?: R[] } | undefined)?.coding ?? [])[0];

export const TEST_VIEWS: readonly IngestView[] = [
  {
    name: 'patient',
    resourceType: 'Patient',
    columns: [
      { name: 'id', type: 'id' },
      { name: 'birth_date', type: 'date' },
      { name: 'sex', type: 'code' },
    ],
    compiled: (r) => [{ id: r.id, birth_date: r.birthDate ?? null, sex: r.gender ?? null }],
  },
  {
    name: 'encounter',
    resourceType: 'Encounter',
    columns: [
      { name: 'id', type: 'id' },
      { name: 'patient_id', type: 'string' },
      { name: 'start_time', type: 'dateTime' },
    ],
    compiled: (r) => [
      {
        id: r.id,
        patient_id: refId(r.subject, 'Patient'),
        start_time: (r.period as R | undefined)?.start ?? null,
      },
    ],
  },
  {
    name: 'observation',
    resourceType: 'Observation',
    columns: [
      { name: 'id', type: 'id' },
      { name: 'patient_id', type: 'string' },
      { name: 'encounter_id', type: 'string' },
      { name: 'code', type: 'code' },
      { name: 'system', type: 'uri' },
      { name: 'value', type: 'decimal' },
      { name: 'effective_time', type: 'dateTime' },
    ],
    compiled: (r) => [
      {
        id: r.id,
        patient_id: refId(r.subject, 'Patient'),
        encounter_id: refId(r.encounter, 'Encounter'),
        code: coding(r.code)?.code ?? null,
        system: coding(r.code)?.system ?? null,
        value: (r.valueQuantity as R | undefined)?.value ?? null,
        effective_time: r.effectiveDateTime ?? null,
      },
    ],
  },
];

/** Table specs of {@link TEST_VIEWS}. */
export const TEST_TABLES: readonly TableSpec[] = TEST_VIEWS.map((v) => ({
  name: v.name,
  resourceType: v.resourceType,
  columns: v.columns.map((c) => ({ name: c.name, type: c.type ?? 'string' })),
}));
