import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../common/app-error.ts';
import { createPseudonymiser, DEIDENTIFIED_TEXT_URL } from './pseudonymiser.ts';

type Json = Record<string, unknown>;
const SECRET = 'station-a-secret-0123456789abcdef';
const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{7,15}$/);

const patientArb = fc.record({
  id: fc.uuid(),
  identifiers: fc.array(fc.record({ system: fc.webUrl(), value: word }), { minLength: 1, maxLength: 3 }),
  family: word,
  given: fc.array(word, { minLength: 1, maxLength: 2 }),
  phone: fc.stringMatching(/^06-\d{8}$/),
  email: fc.tuple(word, word).map(([a, b]) => `${a}@${b}.nl`),
  line: word.map((w) => `${w}straat 12`),
  postcode: fc.stringMatching(/^[1-9]\d{3} [A-Z]{2}$/),
  birthDate: fc
    .date({ min: new Date('1900-01-01'), max: new Date('2024-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
});

type PatientInput = typeof patientArb extends fc.Arbitrary<infer T> ? T : never;

function patientResource(p: PatientInput): Json {
  return {
    resourceType: 'Patient',
    id: p.id,
    text: { status: 'generated', div: `<div>${p.given.join(' ')} ${p.family}</div>` },
    identifier: p.identifiers.map((i) => ({ ...i, assigner: { display: `${p.family} Hospital` } })),
    name: [{ family: p.family, given: p.given, text: `${p.given.join(' ')} ${p.family}` }],
    telecom: [
      { system: 'phone', value: p.phone },
      { system: 'email', value: p.email },
    ],
    gender: 'female',
    birthDate: p.birthDate,
    address: [
      {
        line: [p.line],
        text: `${p.line}, ${p.postcode}`,
        city: 'Utrecht',
        state: 'Utrecht',
        postalCode: p.postcode,
      },
    ],
    contact: [{ name: { family: p.family }, telecom: [{ value: p.phone }] }],
  };
}

describe('createPseudonymiser', () => {
  it('leaves no identifier value, name, telecom, address line or full birth date in the output', () => {
    const ps = createPseudonymiser({ secret: SECRET });
    fc.assert(
      fc.property(patientArb, (p) => {
        const out = JSON.stringify(ps.pseudonymise(patientResource(p)));
        const secrets = [
          p.id,
          ...p.identifiers.map((i) => i.value),
          p.family,
          ...p.given,
          p.phone,
          p.email,
          p.line,
          p.postcode,
          p.birthDate,
        ];
        for (const s of secrets) expect(out).not.toContain(s);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps what the tables need: PC4, city, province, birth month', () => {
    const out = createPseudonymiser({ secret: SECRET }).pseudonymise({
      resourceType: 'Patient',
      id: 'p1',
      birthDate: '1950-03-12',
      deceasedDateTime: '2020-07-01T10:00:00+02:00',
      address: [
        { line: ['Kerkstraat 1'], city: 'Utrecht', state: 'Utrecht', postalCode: '3511 AB', country: 'NL' },
      ],
    });
    expect(out.birthDate).toBe('1950-03');
    expect(out.deceasedDateTime).toBe('2020-07');
    expect(out.address).toEqual([{ city: 'Utrecht', state: 'Utrecht', postalCode: '3511', country: 'NL' }]);
  });

  it('applies the year and drop policies', () => {
    const ps = createPseudonymiser({ secret: SECRET, birthDatePolicy: 'year', postcodePolicy: 'drop' });
    const out = ps.pseudonymise({
      resourceType: 'Patient',
      id: 'p1',
      birthDate: '1950-03-12',
      address: [{ postalCode: '3511 AB' }],
    });
    expect(out.birthDate).toBe('1950');
    expect(out.address).toEqual([{}]);
  });

  it('rewrites every reference to the pseudonym of the resource it points at', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), fc.uuid(), (pid, eid, oid) => {
        const ps = createPseudonymiser({ secret: SECRET });
        const patient = ps.pseudonymise({ resourceType: 'Patient', id: pid });
        const encounter = ps.pseudonymise({
          resourceType: 'Encounter',
          id: eid,
          subject: { reference: `Patient/${pid}` },
        });
        const obs = ps.pseudonymise({
          resourceType: 'Observation',
          id: oid,
          subject: { reference: `https://fhir.example.org/r4/Patient/${pid}`, display: 'Jan Jansen' },
          encounter: { reference: `Encounter/${eid}` },
          hasMember: [{ reference: `Observation/${oid}/_history/2` }],
        });
        expect(encounter.subject).toEqual({ reference: `Patient/${patient.id}` });
        expect(obs.subject).toEqual({ reference: `Patient/${patient.id}` });
        expect(obs.encounter).toEqual({ reference: `Encounter/${encounter.id}` });
        expect(obs.hasMember).toEqual([{ reference: `Observation/${obs.id}/_history/2` }]);
        expect(patient.id).toBe(ps.resourceId('Patient', pid));
      }),
      { numRuns: 50 },
    );
  });

  it('resolves urn:uuid references of a Bundle to the pseudonymised entries', () => {
    const ps = createPseudonymiser({ secret: SECRET });
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:11111111-2222-3333-4444-555555555555',
          resource: { resourceType: 'Patient', id: 'abc' },
          request: { method: 'POST', url: 'Patient', ifNoneExist: 'identifier=x|123456782' },
        },
        {
          fullUrl: 'urn:uuid:99999999-2222-3333-4444-555555555555',
          resource: {
            resourceType: 'Condition',
            subject: { reference: 'urn:uuid:11111111-2222-3333-4444-555555555555' },
          },
        },
      ],
    };
    const out = ps.pseudonymiseBundle(bundle) as { entry: Json[] };
    const patient = out.entry[0]!.resource as Json;
    const condition = out.entry[1]!.resource as Json;
    expect(patient.id).toBe(ps.resourceId('Patient', 'abc'));
    expect(condition.subject).toEqual({ reference: `Patient/${patient.id}` });
    // A resource without an id gets the pseudonym of its urn:uuid.
    expect(condition.id).toBe(ps.resourceId('Condition', '99999999-2222-3333-4444-555555555555'));
    expect(out.entry[0]!.request).toEqual({ method: 'POST', url: 'Patient' });
    // The same patient in a bulk NDJSON file (Patient/abc) gets the same pseudonym.
    expect(
      ps.pseudonymise({ resourceType: 'Encounter', id: 'e', subject: { reference: 'Patient/abc' } }).subject,
    ).toEqual(condition.subject);
    // Streaming the entries one by one gives the same result as the whole Bundle.
    const urns = ps.bundleUrnMap(bundle.entry);
    expect(bundle.entry.map((e) => ps.pseudonymiseEntry(e, urns))).toEqual([patient, condition]);
    expect(ps.pseudonymise(bundle)).toEqual(out);
  });

  it('pseudonymises identifiers as system|value and keeps conditional references joinable', () => {
    const ps = createPseudonymiser({ secret: SECRET });
    const pr = ps.pseudonymise({
      resourceType: 'Practitioner',
      id: 'pr1',
      identifier: [
        {
          system: 'http://fhir.nl/fhir/NamingSystem/uzi-nr-pers',
          value: '123456',
          assigner: { reference: 'Organization/o1', display: 'CIBG' },
        },
      ],
      name: [{ family: 'Jansen' }],
    });
    const ident = (pr.identifier as Json[])[0]!;
    expect(ident).toEqual({
      system: 'http://fhir.nl/fhir/NamingSystem/uzi-nr-pers',
      value: ps.identifierValue('http://fhir.nl/fhir/NamingSystem/uzi-nr-pers', '123456'),
      assigner: { reference: `Organization/${ps.resourceId('Organization', 'o1')}` },
    });
    const enc = ps.pseudonymise({
      resourceType: 'Encounter',
      id: 'e1',
      participant: [
        {
          individual: {
            reference: 'Practitioner?identifier=http://fhir.nl/fhir/NamingSystem/uzi-nr-pers|123456',
          },
        },
      ],
    });
    expect(JSON.stringify(enc)).toContain(
      `Practitioner?identifier=http://fhir.nl/fhir/NamingSystem/uzi-nr-pers|${ident.value}`,
    );
    expect(JSON.stringify(enc)).not.toContain('123456');
  });

  it('is deterministic per secret and unlinkable across secrets', () => {
    fc.assert(
      fc.property(patientArb, (p) => {
        const a1 = createPseudonymiser({ secret: SECRET }).pseudonymise(patientResource(p));
        const a2 = createPseudonymiser({ secret: SECRET }).pseudonymise(patientResource(p));
        const b = createPseudonymiser({ secret: `${SECRET}-other` }).pseudonymise(patientResource(p));
        expect(a1).toEqual(a2);
        expect(b.id).not.toBe(a1.id);
        const aValues = (a1.identifier as Json[]).map((i) => i.value as string);
        const bJson = JSON.stringify(b);
        for (const v of [a1.id as string, ...aValues]) expect(bJson).not.toContain(v);
      }),
      { numRuns: 50 },
    );
  });

  it('does not mutate its input', () => {
    const ps = createPseudonymiser({ secret: SECRET });
    fc.assert(
      fc.property(patientArb, (p) => {
        const input = patientResource(p);
        const before = structuredClone(input);
        ps.pseudonymise(input);
        expect(input).toEqual(before);
      }),
      { numRuns: 30 },
    );
  });

  it('replaces a DocumentReference note by its de-identified text', () => {
    const note = 'Dhr. J. de Vries, geboren 12-03-1950, BSN 123456782, belt 06-12345678.';
    const out = createPseudonymiser({ secret: SECRET }).pseudonymise({
      resourceType: 'DocumentReference',
      id: 'd1',
      subject: { reference: 'Patient/p1' },
      content: [
        {
          attachment: {
            contentType: 'text/plain; charset=utf-8',
            data: Buffer.from(note).toString('base64'),
            url: 'http://x/1',
            size: 70,
            hash: 'abc',
          },
        },
      ],
    });
    const attachment = (out.content as Json[])[0]!.attachment as Json;
    expect(attachment).toEqual({
      contentType: 'text/plain; charset=utf-8',
      extension: [
        {
          url: DEIDENTIFIED_TEXT_URL,
          valueString: 'Dhr. [PERSOON], geboren [DATUM], BSN [BSN], belt [TELEFOON].',
        },
      ],
    });
  });

  it('drops narrative and de-identifies annotations on any resource', () => {
    const out = createPseudonymiser({ secret: SECRET }).pseudonymise({
      resourceType: 'Condition',
      id: 'c1',
      text: { status: 'generated', div: '<div>Jan Jansen</div>' },
      note: [{ authorString: 'Dr. P. Bakker', text: 'Besproken met dochter Marieke op 3 maart 2024.' }],
      contained: [{ resourceType: 'Practitioner', id: 'pr', name: [{ family: 'Bakker' }] }],
    });
    expect(out.text).toBeUndefined();
    expect(out.note).toEqual([{ text: 'Besproken met dochter [PERSOON] op [DATUM].' }]);
    expect(out.contained).toEqual([{ resourceType: 'Practitioner', id: 'pr' }]);
  });

  it('refuses a short secret and a non-resource', () => {
    expect(() => createPseudonymiser({ secret: 'short' })).toThrow(/at least 16 bytes/);
    const ps = createPseudonymiser({ secret: new Uint8Array(32).fill(7) });
    try {
      ps.pseudonymise({ id: 'x' });
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && e.code).toBe('badInput');
    }
  });
});
