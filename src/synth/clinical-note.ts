import type { NoteType } from './clinical-codes.ts';
import type { ConditionKey } from './conditions.ts';
import { FAMILY_NAMES, FEMALE_GIVEN, MALE_GIVEN, RELATIVES } from './dutch-names.ts';
import { dutchDate, NoteBuilder, type PhiSpan } from './note-builder.ts';
import type { Prng } from './prng.ts';
import type { SyntheticPerson } from './synthetic-person.ts';

/** Dutch names of the planted conditions as they appear in letters. */
const CONDITION_NL: Record<ConditionKey, readonly string[]> = {
  diabetes: ['diabetes mellitus type 2', 'DM2', 'diabetes type 2'],
  copd: ['COPD', 'COPD GOLD II'],
  heartFailure: ['hartfalen', 'decompensatio cordis'],
  hypertension: ['hypertensie', 'hoge bloeddruk'],
  dementia: ['dementie', 'ziekte van Alzheimer'],
  depression: ['depressie', 'depressieve stoornis'],
  ckd: ['chronische nierschade', 'CKD stadium 3'],
  asthma: ['astma'],
  atrialFibrillation: ['atriumfibrilleren', 'AF'],
  osteoarthritis: ['artrose', 'gonartrose'],
};

const SPECIALISMS = [
  'internist',
  'cardioloog',
  'longarts',
  'geriater',
  'neuroloog',
  'orthopedisch chirurg',
  'SEH-arts',
] as const;
const COMPLAINTS = [
  'toenemende dyspneu',
  'pijn op de borst',
  'een val thuis',
  'koorts en verwardheid',
  'een urineweginfectie',
  'palpitaties',
  'oedeem van beide benen',
  'een exacerbatie',
  'duizeligheid',
  'buikpijn',
] as const;

export interface NoteInput {
  readonly type: NoteType;
  readonly person: SyntheticPerson;
  readonly ageYears: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly institution: string;
  readonly conditions: readonly ConditionKey[];
  readonly drugs: readonly string[];
}

export interface Note {
  readonly text: string;
  readonly spans: PhiSpan[];
}

function initials(given: readonly string[]): string {
  return given.map((g) => `${g.charAt(0)}.`).join('');
}

/** A patient's name in one of the ways letters write it; the title stays outside the span. */
function patientName(b: NoteBuilder, p: SyntheticPerson, rng: Prng): void {
  const title =
    p.sex === 'male' ? rng.pick(['dhr. ', 'de heer ', 'Dhr. ']) : rng.pick(['mevr. ', 'mevrouw ', 'Mw. ']);
  switch (rng.int(6)) {
    case 0:
      b.text(title).phi('name', `${initials(p.given)} ${p.family}`);
      break;
    case 1:
      b.text(title).phi('name', p.family.charAt(0).toUpperCase() + p.family.slice(1));
      break;
    case 2:
      b.phi('name', `${p.given[0]} ${p.family}`);
      break;
    case 3:
      // Typed in a hurry: all lower case.
      b.text('pt. ').phi('name', `${p.given[0]} ${p.family}`.toLowerCase());
      break;
    case 4:
      b.text(title).phi('name', `${p.given.join(' ')} ${p.family}`);
      break;
    default:
      b.phi('name', `${p.family.toUpperCase()}, ${initials(p.given)}`);
  }
}

function doctorName(rng: Prng): string {
  const given = rng.chance(0.5) ? rng.pick(MALE_GIVEN) : rng.pick(FEMALE_GIVEN);
  const family = rng.pick(FAMILY_NAMES);
  return rng.chance(0.6) ? `${given.charAt(0)}. ${family}` : `${given} ${family}`;
}

function date(b: NoteBuilder, ms: number, rng: Prng): void {
  b.phi('date', dutchDate(ms, rng.int(7)));
}

function phoneVariant(phone: string, rng: Prng): string {
  const digits = phone.replace(/\D/g, '');
  switch (rng.int(4)) {
    case 0:
      return phone;
    case 1:
      return `+31 6 ${digits.slice(2)}`;
    case 2:
      return `${digits.slice(0, 2)} ${digits.slice(2, 6)} ${digits.slice(6)}`;
    default:
      return digits;
  }
}

function bsnVariant(bsn: string, rng: Prng): string {
  switch (rng.int(3)) {
    case 0:
      return bsn;
    case 1:
      return `${bsn.slice(0, 4)}.${bsn.slice(4, 6)}.${bsn.slice(6)}`;
    default:
      return `${bsn.slice(0, 3)} ${bsn.slice(3, 6)} ${bsn.slice(6)}`;
  }
}

function address(b: NoteBuilder, p: SyntheticPerson, rng: Prng): void {
  b.phi('address', `${p.street} ${p.houseNumber}`).text(rng.chance(0.5) ? ', ' : ' te ');
  b.phi('postcode', rng.chance(0.8) ? p.postcode : p.postcode.replace(' ', '')).text(' ');
  b.phi('address', p.municipality);
}

function age(b: NoteBuilder, years: number, rng: Prng, male: boolean): void {
  switch (rng.int(3)) {
    case 0:
      b.phi('age', `${years}`, years).text(`-jarige ${male ? 'man' : 'vrouw'}`);
      break;
    case 1:
      b.text(`${male ? 'man' : 'vrouw'} van `)
        .phi('age', `${years}`, years)
        .text(' jaar');
      break;
    default:
      b.text(`${male ? 'man' : 'vrouw'}, `)
        .phi('age', `${years}`, years)
        .text(' jr');
  }
}

function history(b: NoteBuilder, conditions: readonly ConditionKey[], rng: Prng): void {
  if (conditions.length === 0) {
    b.text('een blanco voorgeschiedenis');
    return;
  }
  b.text('een voorgeschiedenis van ');
  b.text(conditions.map((c) => rng.pick(CONDITION_NL[c])).join(', '));
}

function medication(b: NoteBuilder, drugs: readonly string[]): void {
  if (drugs.length === 0) b.text('Medicatie: geen.\n');
  else b.text(`Medicatie: ${drugs.join(', ')}.\n`);
}

function relative(b: NoteBuilder, p: SyntheticPerson, rng: Prng): void {
  const rel = rng.pick(RELATIVES);
  const given =
    rel === 'zoon' || rel === 'echtgenoot' || rel === 'schoonzoon'
      ? rng.pick(MALE_GIVEN)
      : rng.pick(FEMALE_GIVEN);
  const possessive = p.sex === 'male' ? 'zijn' : 'haar';
  b.text(`${possessive} ${rel} `);
  if (rng.chance(0.4)) b.phi('name', `${given} ${rel === 'buurvrouw' ? rng.pick(FAMILY_NAMES) : p.family}`);
  else b.phi('name', given);
  if (rng.chance(0.5))
    b.text(' (tel. ')
      .phi('phone', `06-${10000000 + rng.int(89999999)}`)
      .text(')');
}

function identification(b: NoteBuilder, p: SyntheticPerson, ageYears: number, rng: Prng): void {
  b.text('Betreft: ');
  patientName(b, p, rng);
  b.text(', geb. ');
  date(b, p.birthMs, rng);
  if (rng.chance(0.7)) b.text(', BSN ').phi('bsn', bsnVariant(p.bsn, rng));
  b.text('\n');
  if (rng.chance(0.7)) {
    b.text('Adres: ');
    address(b, p, rng);
    b.text('\n');
  }
  if (rng.chance(0.5)) b.text('Tel: ').phi('phone', phoneVariant(p.phone, rng)).text('\n');
  if (rng.chance(0.3)) b.text('E-mail: ').phi('email', p.email).text('\n');
  if (rng.chance(0.3)) b.text('Leeftijd: ').phi('age', `${ageYears}`, ageYears).text(' jaar\n');
  b.text('\n');
}

function signature(b: NoteBuilder, rng: Prng, role: string, institution: string): void {
  b.text(rng.pick(['Met vriendelijke groet,\n', 'Met collegiale groet,\n', 'Hoogachtend,\n']));
  b.text(rng.chance(0.5) ? 'dr. ' : '')
    .phi('name', doctorName(rng))
    .text(`, ${role}\n`)
    .phi('institution', institution)
    .text('\n');
}

/**
 * A Dutch clinical letter of the given type about one patient, with every identifying element labelled.
 * Templates vary word order, name and date formats, and which identifiers appear, so that a
 * de-identifier is tested on more than one pattern.
 */
export function clinicalNote(input: NoteInput, rng: Prng): Note {
  const { person: p, ageYears, conditions } = input;
  const b = new NoteBuilder();
  const male = p.sex === 'male';
  switch (input.type) {
    case 'discharge': {
      const specialism = rng.pick(SPECIALISMS);
      b.text('ONTSLAGBRIEF\n')
        .phi('institution', input.institution)
        .text(`, afdeling ${rng.pick(['Interne Geneeskunde', 'Cardiologie', 'Longziekten', 'Geriatrie'])}\n`);
      b.text('Datum: ');
      date(b, input.endMs, rng);
      b.text('\n\nGeachte collega ');
      b.phi('name', doctorName(rng)).text(' (').phi('institution', p.gp.name).text('),\n\n');
      identification(b, p, ageYears, rng);
      b.text('Uw patiënt, ');
      age(b, ageYears, rng, male);
      b.text(' met ');
      history(b, conditions, rng);
      b.text(', werd op ');
      date(b, input.startMs, rng);
      b.text(` opgenomen in verband met ${rng.pick(COMPLAINTS)}. `);
      if (rng.chance(0.5)) {
        b.text('Bij opname was ');
        patientName(b, p, rng);
        b.text(' hemodynamisch stabiel. ');
      }
      b.text('Na behandeling verbeterde de situatie. Ontslag op ');
      date(b, input.endMs, rng);
      b.text(' naar huis');
      if (rng.chance(0.6)) {
        b.text(', waar ');
        relative(b, p, rng);
        b.text(' de mantelzorg op zich neemt');
      }
      b.text('.\n');
      medication(b, input.drugs);
      b.text('Controle op de polikliniek over 6 weken.\n\n');
      signature(b, rng, specialism, input.institution);
      break;
    }
    case 'ed': {
      b.text('SEH-verslag ').phi('institution', input.institution).text('\n');
      identification(b, p, ageYears, rng);
      b.text('Anamnese: ');
      age(b, ageYears, rng, male);
      b.text(`, gepresenteerd op ${rng.chance(0.5) ? '' : 'de '}SEH op `);
      date(b, input.startMs, rng);
      b.text(` met ${rng.pick(COMPLAINTS)}. Bekend met `);
      history(b, conditions, rng);
      b.text('. ');
      if (rng.chance(0.5)) {
        b.text('Meegekomen met ');
        relative(b, p, rng);
        b.text('. ');
      }
      b.text(
        `Beleid: ${rng.pick(['ontslag naar huis, controle bij eigen huisarts', 'terug naar huis met adviezen', 'overleg met dienstdoende specialist, naar huis'])}.\n`,
      );
      b.text('Huisarts: ').phi('institution', p.gp.name).text('\n\n');
      signature(b, rng, 'SEH-arts', input.institution);
      break;
    }
    case 'referral': {
      b.text('Verwijsbrief\nVan: ').phi('institution', p.gp.name).text(', ');
      b.phi('address', p.municipality)
        .text('\nAan: ')
        .phi('institution', input.institution)
        .text(`, ${rng.pick(SPECIALISMS)}\n`);
      b.text('Datum: ');
      date(b, input.startMs, rng);
      b.text('\n\n');
      identification(b, p, ageYears, rng);
      b.text('Geachte collega,\n\nGraag verwijs ik ');
      patientName(b, p, rng);
      b.text(', ');
      age(b, ageYears, rng, male);
      b.text(`, naar u in verband met ${rng.pick(COMPLAINTS)}. Patiënt is bekend met `);
      history(b, conditions, rng);
      b.text('.\n');
      medication(b, input.drugs);
      if (rng.chance(0.4))
        b.text('Patiënt is telefonisch bereikbaar op ').phi('phone', phoneVariant(p.phone, rng)).text('.\n');
      b.text('\n');
      signature(b, rng, 'huisarts', p.gp.name);
      break;
    }
    default: {
      b.text('Poliklinisch consult ').phi('institution', input.institution).text('\nDatum consult: ');
      date(b, input.startMs, rng);
      b.text('\n\n');
      identification(b, p, ageYears, rng);
      b.text('Geachte collega ').phi('name', doctorName(rng)).text(',\n\nHeden zagen wij ');
      patientName(b, p, rng);
      b.text(' op de polikliniek. Het betreft een ');
      age(b, ageYears, rng, male);
      b.text(' met ');
      history(b, conditions, rng);
      b.text(`. Klachten: ${rng.pick(COMPLAINTS)}. `);
      if (rng.chance(0.4)) {
        b.text('Eerder gezien in het ')
          .phi(
            'institution',
            rng.pick(['Antonius Ziekenhuis', 'Ziekenhuis Rivierenland', 'Maasstad Ziekenhuis']),
          )
          .text(' op ');
        date(b, input.startMs - (30 + rng.int(300)) * 86_400_000, rng);
        b.text('. ');
      }
      b.text('Wij spreken een controle af over 3 maanden.\n');
      medication(b, input.drugs);
      b.text('\n');
      signature(b, rng, rng.pick(SPECIALISMS), input.institution);
    }
  }
  return { text: b.toString(), spans: b.spans };
}
