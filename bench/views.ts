/**
 * Throughput of the platform views: fhirpath.js engine path vs compiled path, over synthetic resources
 * shaped like the generator's output (all nine resource types). The ingest needs ≥ 50,000 resources/s on
 * one core, so the compiled path must stay around 2 µs per resource.
 *
 *   node bin/run-ts.mjs bench/views.ts [resources=200000]
 */

import { loadPlatformViews } from '../src/fhir/view-definition/platform-views.ts';
import { engineView } from '../src/fhir/view-definition/run-view.ts';
import type { ViewFn } from '../src/fhir/view-definition/view-plan.ts';

const total = Number(process.argv[2] ?? 200_000);
const ref = (type: string, id: string) => ({ reference: `${type}/${id}` });
const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length] as T;
const day = (i: number) => `20${10 + (i % 14)}-0${1 + (i % 9)}-1${i % 10}`;
const time = (i: number) => `${day(i)}T1${i % 10}:${10 + (i % 50)}:00+01:00`;

function resource(i: number): Record<string, unknown> {
  const p = `p${i % 20_000}`;
  const e = `e${i % 90_000}`;
  switch (i % 9) {
    case 0:
      return {
        resourceType: 'Patient',
        id: p,
        gender: pick(['male', 'female'], i),
        birthDate: `19${40 + (i % 60)}-0${1 + (i % 9)}`,
        address: [
          {
            use: 'home',
            postalCode: `${3500 + (i % 400)} AB`,
            city: 'Utrecht',
            state: 'Utrecht',
            country: 'NL',
          },
        ],
      };
    case 1:
      return {
        resourceType: 'Encounter',
        id: e,
        status: 'finished',
        class: {
          system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
          code: pick(['AMB', 'EMER', 'IMP'], i),
        },
        type: [
          {
            coding: [
              {
                system: 'https://ai4health.nl/fhir/CodeSystem/care-setting',
                code: pick(['gp', 'ed', 'inpatient'], i),
              },
            ],
          },
          { coding: [{ system: 'https://ai4health.nl/fhir/CodeSystem/encounter-type', code: 'consult' }] },
        ],
        priority: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActPriority', code: 'R' }] },
        subject: ref('Patient', p),
        period: { start: time(i), end: time(i + 1) },
        serviceProvider: ref('Organization', `o${i % 30}`),
      };
    case 2:
      return {
        resourceType: 'Condition',
        id: `c${i}`,
        clinicalStatus: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
        },
        code: {
          coding: [
            { system: 'http://snomed.info/sct', code: '44054006', display: 'Diabetes mellitus type 2' },
            { system: 'http://hl7.org/fhir/sid/icd-10', code: 'E11' },
          ],
        },
        subject: ref('Patient', p),
        encounter: ref('Encounter', e),
        onsetDateTime: day(i),
      };
    case 3:
      return {
        resourceType: 'Observation',
        id: `o${i}`,
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '4548-4', display: 'HbA1c' }] },
        subject: ref('Patient', p),
        encounter: ref('Encounter', e),
        effectiveDateTime: time(i),
        valueQuantity: {
          value: 40 + (i % 30),
          unit: 'mmol/mol',
          system: 'http://unitsofmeasure.org',
          code: 'mmol/mol',
        },
      };
    case 4:
      return {
        resourceType: 'MedicationRequest',
        id: `m${i}`,
        status: 'active',
        intent: 'order',
        medicationCodeableConcept: { coding: [{ system: 'http://www.whocc.no/atc', code: 'A10BA02' }] },
        subject: ref('Patient', p),
        encounter: ref('Encounter', e),
        authoredOn: time(i),
      };
    case 5:
      return {
        resourceType: 'Procedure',
        id: `pr${i}`,
        status: 'completed',
        code: { coding: [{ system: 'http://snomed.info/sct', code: '80146002' }] },
        subject: ref('Patient', p),
        encounter: ref('Encounter', e),
        performedDateTime: time(i),
      };
    case 6:
      return {
        resourceType: 'ExplanationOfBenefit',
        id: `x${i}`,
        status: 'active',
        patient: ref('Patient', p),
        billablePeriod: { start: time(i), end: time(i + 1) },
        item: [{ sequence: 1, encounter: [ref('Encounter', e)], net: { value: 120, currency: 'EUR' } }],
        total: [
          {
            category: {
              coding: [{ system: 'http://terminology.hl7.org/CodeSystem/adjudication', code: 'submitted' }],
            },
            amount: { value: 100 + (i % 900), currency: 'EUR' },
          },
        ],
      };
    case 7:
      return {
        resourceType: 'Consent',
        id: `k${i}`,
        status: 'active',
        patient: ref('Patient', p),
        dateTime: time(i),
        provision: {
          type: 'deny',
          purpose: [{ system: 'https://ai4health.nl/fhir/CodeSystem/ehds-purpose', code: 'ai-training' }],
        },
      };
    default:
      return {
        resourceType: 'DocumentReference',
        id: `n${i}`,
        status: 'current',
        type: { coding: [{ system: 'http://loinc.org', code: '11506-3' }] },
        subject: ref('Patient', p),
        date: time(i),
        context: { encounter: [ref('Encounter', e)] },
        content: [
          {
            attachment: {
              contentType: 'text/plain',
              extension: [
                {
                  url: 'https://ai4health.nl/fhir/StructureDefinition/deidentified-text',
                  valueString: 'Pt klaagt over [X].',
                },
              ],
            },
          },
        ],
      };
  }
}

const views = await loadPlatformViews();
const resources = Array.from({ length: total }, (_, i) => resource(i));

/**
 * Runs every resource through the view of its type, as the ingest does. Rates use this process's CPU
 * time (user + system), so a busy shared machine does not distort them; wall time is printed too.
 */
function run(label: string, byType: Map<string, ViewFn>, items: Record<string, unknown>[]) {
  let rows = 0;
  const wall0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  for (const r of items) {
    const fn = byType.get(r.resourceType as string);
    if (fn) rows += fn(r).length;
  }
  const cpu = process.cpuUsage(cpu0);
  const s = (cpu.user + cpu.system) / 1e6;
  const wall = Number(process.hrtime.bigint() - wall0) / 1e9;
  const perSecond = items.length / s;
  console.log(
    `${label.padEnd(9)} ${items.length} resources, ${rows} rows in ${s.toFixed(2)} s CPU (${wall.toFixed(2)} s wall): ` +
      `${Math.round(perSecond).toLocaleString('en')} resources/s, ${Math.round(rows / s).toLocaleString('en')} rows/s, ` +
      `${((s / items.length) * 1e6).toFixed(2)} µs/resource`,
  );
  return perSecond;
}

const compiled = new Map(views.map((v) => [v.resourceType, v.compiled]));
const engine = new Map(views.map((v) => [v.resourceType, engineView(v.view)]));
run('warm-up', compiled, resources.slice(0, 20_000));
run('warm-up', engine, resources.slice(0, 2_000));
const e = run('engine', engine, resources);
const c = run('compiled', compiled, resources);
console.log(`compiled / engine: ${(c / e).toFixed(1)}x`);
