/**
 * Throughput of the station pseudonymiser on ~200k Synthea-like resources (patients with their
 * encounters, observations, conditions and medication requests; references by `Patient/<uuid>` as in a
 * bulk export). Prints resources/s for pseudonymise alone and for parse → pseudonymise → serialise.
 *
 * Run: node bin/run-ts.mjs bench/pseudonymise.ts [resources]
 */
import { randomUUID } from 'node:crypto';
import { createPseudonymiser } from '../src/privacy/pseudonymise/pseudonymiser.ts';

type Json = Record<string, unknown>;
const total = Number(process.argv[2] ?? 200_000);
const PER_PATIENT = 10;

function patientWithRecord(): Json[] {
  const pid = randomUUID();
  const orgRef = {
    reference: `Organization?identifier=https://github.com/synthetichealth/synthea|${randomUUID()}`,
    display: 'ZIEKENHUIS',
  };
  const prRef = {
    reference: `Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|99999${Math.floor(Math.random() * 1e5)}`,
    display: 'Dr. A. Arts',
  };
  const subject = { reference: `Patient/${pid}`, display: 'Mevr. J. Jansen' };
  const out: Json[] = [
    {
      resourceType: 'Patient',
      id: pid,
      meta: { profile: ['http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient'] },
      text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Generated</div>' },
      identifier: [
        { system: 'https://github.com/synthetichealth/synthea', value: pid },
        {
          type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
          system: 'http://hospital.smarthealthit.org',
          value: pid,
        },
        {
          system: 'http://fhir.nl/fhir/NamingSystem/bsn',
          value: String(100000000 + Math.floor(Math.random() * 8e8)),
        },
      ],
      name: [{ use: 'official', family: 'Jansen', given: ['Johanna', 'Maria'], prefix: ['Mevr.'] }],
      telecom: [{ system: 'phone', value: '06-12345678', use: 'mobile' }],
      gender: 'female',
      birthDate: '1951-04-17',
      address: [
        { line: ['Kerkstraat 12'], city: 'Utrecht', state: 'Utrecht', postalCode: '3511 AB', country: 'NL' },
      ],
      maritalStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', code: 'M' }],
      },
    },
  ];
  for (let i = 1; i < PER_PATIENT; i++) {
    const eid = randomUUID();
    const period = { start: '2023-03-01T09:00:00+01:00', end: '2023-03-01T09:30:00+01:00' };
    switch (i % 3) {
      case 0:
        out.push({
          resourceType: 'Encounter',
          id: eid,
          identifier: [{ use: 'official', system: 'https://github.com/synthetichealth/synthea', value: eid }],
          status: 'finished',
          class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
          type: [
            {
              coding: [
                { system: 'http://snomed.info/sct', code: '185349003', display: 'Encounter for check up' },
              ],
            },
          ],
          subject,
          participant: [{ individual: prRef, period }],
          period,
          serviceProvider: orgRef,
        });
        break;
      case 1:
        out.push({
          resourceType: 'Observation',
          id: eid,
          status: 'final',
          category: [
            {
              coding: [
                { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' },
              ],
            },
          ],
          code: {
            coding: [{ system: 'http://loinc.org', code: '8480-6', display: 'Systolic blood pressure' }],
          },
          subject,
          encounter: { reference: `Encounter/${randomUUID()}` },
          effectiveDateTime: period.start,
          valueQuantity: { value: 128, unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
        });
        break;
      default:
        out.push({
          resourceType: i % 2 ? 'Condition' : 'MedicationRequest',
          id: eid,
          clinicalStatus: {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
          },
          code: {
            coding: [
              { system: 'http://snomed.info/sct', code: '44054006', display: 'Diabetes mellitus type 2' },
            ],
          },
          subject,
          encounter: { reference: `Encounter/${randomUUID()}` },
          onsetDateTime: period.start,
          recordedDate: period.start,
        });
    }
  }
  return out;
}

// Held as NDJSON lines, like an ingest reads them: 200k live objects would make the garbage collector,
// not the pseudonymiser, the thing measured.
const lines: string[] = [];
while (lines.length < total) for (const r of patientWithRecord()) lines.push(JSON.stringify(r));
const ps = createPseudonymiser({ secret: 'bench-station-secret-0123456789ab' });

// Warm up the JIT on a slice, then measure.
for (let i = 0; i < 5_000; i++) ps.pseudonymise(JSON.parse(lines[i]!) as Json);

// Pseudonymise alone: parse a batch untimed, time only the pseudonymiser over it.
const BATCH = 2_000;
// CPU time as well as wall time: on a shared machine the wall clock measures the neighbours too.
const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
let pseudoNs = 0n;
let pseudoCpu = 0;
for (let i = 0; i < lines.length; i += BATCH) {
  const batch = lines.slice(i, i + BATCH).map((l) => JSON.parse(l) as Json);
  const c = process.cpuUsage();
  const t = process.hrtime.bigint();
  for (const r of batch) ps.pseudonymise(r);
  pseudoNs += process.hrtime.bigint() - t;
  pseudoCpu += cpuSeconds(process.cpuUsage(c));
}
const pseudoSeconds = Number(pseudoNs) / 1e9;

const c = process.cpuUsage();
const t = process.hrtime.bigint();
let bytes = 0;
for (const l of lines) bytes += JSON.stringify(ps.pseudonymise(JSON.parse(l) as Json)).length;
const e2eSeconds = Number(process.hrtime.bigint() - t) / 1e9;
const e2eCpu = cpuSeconds(process.cpuUsage(c));
const resources = lines;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`resources: ${fmt(resources.length)}`);
const line = (label: string, wall: number, cpu: number) =>
  console.log(
    `${label.padEnd(34)} ${fmt(resources.length / wall)} resources/s wall, ${fmt(resources.length / cpu)} per CPU-second ` +
      `(${((cpu / resources.length) * 1e6).toFixed(2)} µs CPU each)`,
  );
line('pseudonymise only:', pseudoSeconds, pseudoCpu);
line('parse + pseudonymise + serialise:', e2eSeconds, e2eCpu);
console.log(
  `output ${fmt(bytes / 1e6)} MB; load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)}`,
);
