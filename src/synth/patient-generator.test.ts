import { describe, expect, it } from 'vitest';
import { EHDS_PURPOSE_SYSTEM, isEhdsPurpose } from '../common/ehds-purposes.ts';
import { BSN_SYSTEM, isValidBsn } from './bsn.ts';
import { CARE_SETTING_SYSTEM, CareSettings, ENCOUNTER_TYPE_SYSTEM } from './clinical-codes.ts';
import {
  type GeneratedPatient,
  patientResources,
  RESOURCE_TYPES,
  simulatePatient,
} from './patient-generator.ts';
import { RecordSerializer } from './record-serializer.ts';
import { synthContext } from './synth-context.ts';

const ctx = synthContext({ patients: 250, seed: 11 });
const records = Array.from({ length: ctx.patients }, (_, i) => simulatePatient(ctx, i));
const patients: GeneratedPatient[] = records.map((r) => ({
  index: r.index,
  resources: patientResources(ctx, r),
  notes: r.notes.map((n) => ({ documentReferenceId: n.id, text: n.text, spans: n.spans })),
  facts: r.facts,
}));

/** Every `reference` string anywhere in a resource. */
function references(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) references(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') out.push(v);
      else references(v, out);
    }
  }
  return out;
}

describe('generated patients', () => {
  it('have a valid BSN, an MRN and a Dutch address', () => {
    const bsns = new Set<string>();
    for (const p of patients) {
      const patient = p.resources.Patient[0];
      const bsn = patient?.identifier?.find((i) => i.system === BSN_SYSTEM)?.value ?? '';
      expect(isValidBsn(bsn)).toBe(true);
      bsns.add(bsn);
      expect(patient?.identifier?.length).toBe(2);
      const a = patient?.address?.[0];
      expect(a?.postalCode).toMatch(/^\d{4} [A-Z]{2}$/);
      expect(a?.country).toBe('NL');
      expect(a?.line?.[0]).toMatch(/ \d+/);
      expect(a?.city && a.state).toBeTruthy();
    }
    expect(bsns.size).toBe(patients.length);
  });

  it('only reference resources that exist', () => {
    const ids = new Set<string>();
    for (const p of patients)
      for (const t of RESOURCE_TYPES) for (const r of p.resources[t]) ids.add(`${t}/${r.id}`);
    let checked = 0;
    const problems: string[] = [];
    for (const p of patients) {
      const own = p.resources.Patient[0]?.id;
      for (const t of RESOURCE_TYPES) {
        for (const r of p.resources[t]) {
          if (!r.id || r.meta?.lastUpdated !== ctx.lastUpdated)
            problems.push(`${t} without id or meta.lastUpdated`);
          for (const ref of references(r)) {
            if (ref.startsWith('Organization/')) continue;
            if (!ids.has(ref)) problems.push(`dangling ${ref}`);
            if (ref.startsWith('Patient/') && ref !== `Patient/${own}`) problems.push(`other patient ${ref}`);
            checked++;
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
  });

  it('set the elements FHIR R4 requires and the codings the station views read', () => {
    const problems: string[] = [];
    const check = (ok: unknown, what: string) => {
      if (!ok) problems.push(what);
    };
    for (const p of patients) {
      for (const e of p.resources.Encounter) {
        const setting = e.type?.[0]?.coding?.find((c) => c.system === CARE_SETTING_SYSTEM)
          ?.code as keyof typeof CareSettings;
        check(e.status === 'finished', 'Encounter.status');
        check(e.class.code === CareSettings[setting]?.classCode, 'Encounter.class matches the care setting');
        check(e.type?.[1]?.coding?.[0]?.system === ENCOUNTER_TYPE_SYSTEM, 'Encounter type');
        check(Date.parse(e.period?.end ?? '') > Date.parse(e.period?.start ?? ''), 'Encounter.period');
        if (setting === 'inpatient' || setting === 'ed')
          check(['EM', 'R'].includes(e.priority?.coding?.[0]?.code ?? ''), 'priority');
        if (setting === 'virtual') check(e.type?.[0]?.coding?.length === 2, 'virtual kind');
      }
      for (const o of p.resources.Observation)
        check(o.status && o.code.coding?.[0]?.code && o.valueQuantity?.unit, 'Observation');
      for (const m of p.resources.MedicationRequest) {
        check(
          m.status && m.intent && m.subject && m.medicationCodeableConcept?.coding?.[0]?.system,
          'MedicationRequest',
        );
      }
      for (const c of p.resources.Condition)
        check(c.subject && c.code?.coding?.length === 2 && c.onsetDateTime, 'Condition');
      for (const x of p.resources.Procedure) check(x.status && x.subject, 'Procedure');
      for (const b of p.resources.ExplanationOfBenefit) {
        check(
          b.status && b.type && b.use && b.patient && b.created && b.insurer && b.provider && b.outcome,
          'EOB required',
        );
        check(b.insurance.length === 1, 'EOB.insurance');
        check(
          b.total?.[0]?.amount?.currency === 'EUR' && (b.total?.[0]?.amount?.value ?? 0) > 0,
          'EOB.total',
        );
        check(b.item?.[0]?.encounter?.[0]?.reference?.startsWith('Encounter/'), 'EOB.item.encounter');
        check(b.billablePeriod?.start, 'EOB.billablePeriod');
      }
      for (const c of p.resources.Consent) {
        expect(c.status).toBe('active');
        expect(c.scope && c.category.length && c.patient && c.dateTime && c.policyRule).toBeTruthy();
        expect(c.provision?.type).toBe('deny');
        expect(c.provision?.purpose?.[0]?.system).toBe(EHDS_PURPOSE_SYSTEM);
        expect(isEhdsPurpose(c.provision?.purpose?.[0]?.code)).toBe(true);
      }
      for (const d of p.resources.DocumentReference) {
        expect(d.status).toBe('current');
        expect(d.content[0]?.attachment.contentType).toBe('text/plain; charset=utf-8');
      }
    }
    expect(problems).toEqual([]);
  });

  it('plant exactly one unplanned admission in the outcome year when the outcome is 1', () => {
    const from = ctx.indexMs;
    const to = from + 365 * 86_400_000;
    let atRisk = 0;
    for (const p of patients) {
      const admissions = p.resources.Encounter.filter((e) => {
        const t = Date.parse(e.period?.start ?? '');
        return e.class.code === 'IMP' && e.priority?.coding?.[0]?.code === 'EM' && t >= from && t < to;
      });
      const a = p.facts.admission;
      if (!a) {
        expect(admissions.length).toBe(0);
        continue;
      }
      atRisk++;
      expect(admissions.length).toBe(a.outcome);
      if (a.features.ageDecadesCentred >= -2) {
        const hba1c = p.resources.Observation.filter((o) => {
          const t = Date.parse(o.effectiveDateTime ?? '');
          return o.code.coding?.[0]?.code === '4548-4' && t >= from - 365 * 86_400_000 && t < from;
        });
        expect(hba1c.length).toBeGreaterThan(0);
      }
    }
    expect(atRisk).toBeGreaterThan(ctx.patients * 0.9);
  });

  it('label every identifier in the notes at the right offsets', () => {
    let spans = 0;
    for (const p of patients) {
      for (const n of p.notes) {
        const doc = p.resources.DocumentReference.find((d) => d.id === n.documentReferenceId);
        expect(Buffer.from(doc?.content[0]?.attachment.data ?? '', 'base64').toString('utf8')).toBe(n.text);
        let last = 0;
        for (const s of n.spans) {
          const text = n.text.slice(s.start, s.end);
          expect(s.start).toBeGreaterThanOrEqual(last);
          expect(text.trim()).toBe(text);
          expect(text.length).toBeGreaterThan(0);
          last = s.end;
          spans++;
          switch (s.kind) {
            case 'bsn':
              expect(isValidBsn(text.replace(/[ .]/g, ''))).toBe(true);
              break;
            case 'email':
              expect(text).toMatch(/^[a-z0-9.]+@example\.(com|org|net)$/);
              break;
            case 'postcode':
              expect(text).toMatch(/^\d{4} ?[A-Z]{2}$/);
              break;
            case 'age':
              expect(text).toBe(String(s.value));
              break;
            case 'phone':
              expect(text.replace(/\D/g, '').length).toBeGreaterThanOrEqual(10);
              break;
            case 'date':
              expect(text).toMatch(/\d/);
              break;
            default:
              expect(text).toMatch(/\p{L}/u);
          }
        }
      }
    }
    expect(spans).toBeGreaterThan(300);
    const kinds = new Set(patients.flatMap((p) => p.notes.flatMap((n) => n.spans.map((s) => s.kind))));
    expect([...kinds].sort()).toEqual([
      'address',
      'age',
      'bsn',
      'date',
      'email',
      'institution',
      'name',
      'phone',
      'postcode',
    ]);
    const ages = patients.flatMap((p) =>
      p.notes.flatMap((n) => n.spans.filter((s) => s.kind === 'age').map((s) => s.value ?? 0)),
    );
    expect(ages.some((a) => a > 89)).toBe(true);
  });

  it('serialise through templates exactly as JSON.stringify of the resources', () => {
    const serializer = new RecordSerializer(ctx.lastUpdated);
    for (const [i, r] of records.entries()) {
      const lines: Record<string, string[]> = {};
      serializer.write(r, (type, line) => {
        lines[type] ??= [];
        lines[type].push(line);
      });
      const p = patients[i];
      for (const t of RESOURCE_TYPES) {
        expect(lines[t] ?? []).toEqual((p?.resources[t] ?? []).map((x) => JSON.stringify(x)));
      }
    }
  });
});
