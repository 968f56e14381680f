import {
  conditionResource,
  consentResource,
  documentReferenceResource,
  encounterResource,
  explanationOfBenefitResource,
  type Meta,
  medicationRequestResource,
  observationResource,
  patientResource,
  procedureResource,
} from './fhir-builders.ts';
import { JsonTemplate, numberSlot, slot, TemplateCache } from './json-template.ts';
import type { Org } from './organizations.ts';
import type { PatientRecord, SynthResourceType } from './patient-generator.ts';

/**
 * Renders a {@link PatientRecord} as NDJSON lines, byte-identical to `JSON.stringify` of the resources
 * from `patientResources`, but through cached templates for the high-volume types (encounters, claims,
 * observations, prescriptions, procedures, conditions). Patients, consents and notes carry free text
 * and go through `JSON.stringify`.
 */
export class RecordSerializer {
  private readonly templates = new TemplateCache();
  /** Encounter and claim templates by organisation object, then by shape: no key strings per resource. */
  private readonly byOrg = new Map<Org, Map<string, JsonTemplate>>();
  private readonly meta: Meta;

  constructor(lastUpdated: string) {
    this.meta = { lastUpdated };
  }

  private orgTemplates(org: Org): Map<string, JsonTemplate> {
    let own = this.byOrg.get(org);
    if (!own) {
      own = new Map();
      this.byOrg.set(org, own);
    }
    return own;
  }

  write(r: PatientRecord, emit: (type: SynthResourceType, line: string) => void): void {
    const meta = this.meta;
    const t = this.templates;
    const pid = r.person.id;
    emit('Patient', JSON.stringify(patientResource(r.person, meta, r.deathMs)));
    const insurer = r.person.insurer;
    for (const e of r.encounters) {
      // The encounter type fixes the setting, virtual kind and priority.
      const own = this.orgTemplates(e.org);
      let tpl = own.get(e.type);
      if (!tpl) {
        tpl = new JsonTemplate(encounterResource(e, slot(0), slot(1), slot(2), slot(3), meta));
        own.set(e.type, tpl);
      }
      emit('Encounter', tpl.render([e.id, pid, e.startIso, e.endIso]));
    }
    for (const c of r.conditions) {
      const key = `C|${c.key}|${c.enc ? 1 : 0}`;
      const tpl = t.get(key, () =>
        conditionResource(slot(0), c.key, slot(1), slot(2), c.enc ? slot(3) : undefined, meta),
      );
      emit('Condition', tpl.render([c.id, pid, c.onset, c.enc ?? '']));
    }
    for (const o of r.observations) {
      const tpl = t.get(`O|${o.kind}`, () =>
        observationResource(slot(0), o.kind, numberSlot(1), slot(2), slot(3), slot(4), meta),
      );
      emit('Observation', tpl.render([o.id, o.value, pid, o.enc, o.timeIso]));
    }
    for (const m of r.medications) {
      const tpl = t.get(`M|${m.drug.atc}|${m.active ? 1 : 0}`, () =>
        medicationRequestResource(slot(0), m.drug, slot(1), slot(2), slot(3), m.active, meta),
      );
      emit('MedicationRequest', tpl.render([m.id, pid, m.enc, m.timeIso]));
    }
    for (const x of r.procedures) {
      const tpl = t.get(`P|${x.kind}`, () =>
        procedureResource(slot(0), x.kind, slot(1), slot(2), slot(3), meta),
      );
      emit('Procedure', tpl.render([x.id, pid, x.enc, x.timeIso]));
    }
    for (const e of r.encounters) {
      const own = this.orgTemplates(e.org);
      const key = `${e.type}|${insurer.id}`;
      let tpl = own.get(key);
      if (!tpl) {
        tpl = new JsonTemplate(
          explanationOfBenefitResource(
            slot(0),
            e,
            slot(1),
            slot(2),
            insurer,
            slot(3),
            slot(4),
            numberSlot(5),
            meta,
          ),
        );
        own.set(key, tpl);
      }
      emit('ExplanationOfBenefit', tpl.render([e.eobId, e.id, pid, e.startIso, e.endIso, e.cost]));
    }
    for (const c of r.consents)
      emit('Consent', JSON.stringify(consentResource(c.id, c.purpose, pid, c.time, meta)));
    for (const n of r.notes) {
      emit(
        'DocumentReference',
        JSON.stringify(
          documentReferenceResource(
            n.id,
            n.type,
            n.text,
            pid,
            n.enc.id,
            n.enc.org,
            n.startIso,
            n.endIso,
            meta,
          ),
        ),
      );
    }
  }
}
