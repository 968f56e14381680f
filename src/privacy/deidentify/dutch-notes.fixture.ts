import type { LabelledNote } from './evaluate-deidentification.ts';

/**
 * Hand-written Dutch clinical notes with their identifying spans marked inline as `[[kind|text]]`
 * (all people, numbers and addresses are invented; an age is its number, as the synthetic generator
 * labels it). Deliberately varied: names outside the built-in
 * lists, several date and phone formats, letters, triage notes, nursing notes, referrals.
 */
const MARKED = [
  'Geachte collega [[name|Verhagen]],\nHierbij verwijs ik dhr. [[name|A.J. Kooistra]], geboren [[date|14-02-1951]], BSN [[bsn|111222333]], naar uw polikliniek cardiologie wegens palpitaties.',
  'SEH-verslag [[date|3 januari 2024]]. Patiënt [[name|Hendrik Wubbels]] ([[age|74]] jaar) gevallen thuis. Partner [[name|Gerda]] aanwezig, bereikbaar op [[phone|06-24681357]].',
  'Mw. [[name|El Khatib]] meldt zich met dyspneu. Eerder gezien in het [[institution|Rijnstate]] op [[date|12/11/2022]]. Woont [[address|Stationsweg 4b]], [[postcode|6811 KG]] [[address|Arnhem]].',
  'Ontslagbrief. Mevrouw [[name|De Wildt]], [[age|91]] jaar, opgenomen van [[date|2 mrt. 2023]] tot [[date|9 mrt. 2023]] op de afdeling geriatrie van het [[institution|Gelre ziekenhuis]].',
  'Telefonisch consult met dochter [[name|Sanne]] ([[phone|+31 6 1122 3344]]): moeder slaapt slecht, geen koorts. Afspraak [[date|vrijdag 17 mei]].',
  'Huisartsenpost: pt. belt om 03:00, pijn op de borst. Ambulance ingezet naar [[institution|Isala Zwolle]]. Terugbellen naar [[phone|038-4242424]].',
  'Anamnese: [[age|95]]-jarige vrouw, woont zelfstandig aan de [[address|Molenstraat 17]] te [[address|Dokkum]]. Dochter [[name|Ytje Hoekstra]] komt dagelijks.',
  'Verwijzing van [[institution|Huisartsenpraktijk De Vaart]], dr. [[name|M. Oosterveld]]. Reden: HbA1c 64 mmol/mol ondanks metformine.',
  'Contactgegevens patiënt: [[email|bert.achterhof@ziggo.nl]], [[phone|0612345670]], [[address|Prins Hendrikkade 101-II]], [[postcode|1011 AB]] [[address|Amsterdam]].',
  'Echo abdomen [[date|2023-06-08]]: galstenen. Besproken in MDO met dr. [[name|Van Rossum]] (chirurg, [[institution|Spaarne Gasthuis]]).',
  'Pt. [[age|88]] jaar, bekend met COPD GOLD III. Vandaag (dd [[date|21-9]]) toename van sputum. Prednison 30 mg 5 dagen gestart.',
  'Huisbezoek bij meneer [[name|Yilmaz]]. Zoon [[name|Emre]] tolkt. Adres: [[address|Kanaalweg 3]], [[postcode|3526 KL]] [[address|Utrecht]]. Tel. zoon [[phone|030-2876543]].',
  'Brief aan Ir. [[name|F. Bouwhuis]] ([[institution|UMC Utrecht]]): graag uw advies over het antistollingsbeleid, INR wisselend 1,8-4,2.',
  'Verpleegkundige notitie: mevr. slaapt goed. Familie (schoonzoon [[name|Pieter]]) belt morgen. Geen valincidenten. [[date|28 februari]] weer wegen.',
  'Patiënte [[name|Joke Brinkman-Zwart]], geb. [[date|7 april 1939]], [[age|99]] jaar oud volgens de kaart? Nee: leeftijd [[age|85]]. Controle bloeddruk 142/88.',
  'Consult dermatologie [[institution|Amphia]]: naevus rug, excisie gepland op [[date|15-01-2025]]. Bericht naar huisarts [[name|Smeenk]], [[institution|Gezondheidscentrum Kronenburg]].',
  'Bij navraag blijkt [[name|Annelies]] sinds [[date|maart 2021]] geen insuline meer te gebruiken. Verwezen naar diëtist [[name|Roel Gerritsma]].',
  'Opname via SEH [[institution|Maasstad Ziekenhuis]], [[date|30-10-23]]. BSN [[bsn|123456782]]. Contactpersoon: [[name|Fenna Kalkman]], [[phone|010 - 456 78 90]].',
  'Kinderarts: [[name|Lotte van der Steen]], [[age|4]] jaar, met ouders op het spreekuur. Vader ([[name|Thomas]]) maakt zich zorgen over groei.',
  'Verslag ketenzorg: DM2 goed ingesteld. Volgende controle bij POH [[name|Marloes Dijkhuizen]] op [[date|di 4 juni 2024]].',
  'Mantelzorger [[name|Ria Postma]] geeft aan overbelast te zijn. Wijkteam [[institution|Wijkteam Noord]] ingeschakeld; e-mail [[email|wijkteam.noord@gemeente-example.nl]].',
  'Neurologie: dhr. [[name|Van den Akker]] ([[age|102]] jaar) met acuut hemisyndroom links. Trombolyse niet geïndiceerd gezien tijdvenster. Overleg dr. [[name|Bakker]].',
  'Ontvangen bericht van [[institution|Apotheek Zuidplein]]: interactie tussen claritromycine en simvastatine. Gebeld met apotheker [[name|Hoogeveen]].',
  'Anamnese via echtgenote [[name|Margreet]]. Bekend met hartfalen, EF 35%. Woont [[address|Laan van Nieuw Oost-Indië 12]], [[postcode|2593 BH]] [[address|Den Haag]].',
  'Aanvraag thuiszorg bij [[institution|Buurtzorg]] team Zeist per [[date|1 december]]. Bereikbaar via [[phone|0306 912345]].',
  'MRI knie ([[date|12.03.2024]]): mediale meniscusruptuur. Terugverwijzing naar [[name|J. Visser]], huisarts te Hoorn.',
  'Patiënt meldt dat zijn broer [[name|Kees]] dezelfde klachten had. Familieanamnese verder blanco. Lft [[age|93]].',
  'Dossiernummer [[bsn|8823411]]. Psychiatrische beoordeling op verzoek van [[institution|GGZ Drenthe]] door drs. [[name|W. Lubbers]].',
  'Afspraak verplaatst naar [[date|woensdag 9 oktober 2024]] i.v.m. vakantie van dr. [[name|Tjoa]]. Mail bevestiging naar [[email|patient1234@hotmail.com]].',
  'Pt. woonachtig [[address|Burgemeester de Withstraat 8]], [[postcode|1505 AA]] [[address|Zaandam]]; huisarts [[name|Verbruggen]]; BSN [[bsn|987654321]] onbekend in register.',
  'Gezien door [[name|Ingrid Sloots]], verpleegkundig specialist. Wond genezen. Geen verdere controles in [[institution|Ziekenhuis Amstelland]].',
  'Overdracht aan [[institution|Verpleeghuis De Bron]]: mevr. [[name|Scholten]], [[age|90]] jaar, dementie, valrisico hoog. Contact dochter [[name|Wilma]] [[phone|06 87654321]].',
  'Cardioloog [[name|Hagenaars]] adviseert staken van clopidogrel na [[date|juni 2024]]. Brief cc aan [[institution|huisartsenpraktijk Rozenburg]].',
  'Zwangerschapscontrole 32 weken. Verloskundige [[name|Evelien]] van [[institution|Verloskundigenpraktijk Het Nest]]. Uitgerekende datum [[date|18-08-2024]].',
] as const;

/** Parses `[[kind|text]]` marks into plain text with labelled spans. */
export function parseMarked(marked: string): LabelledNote {
  let text = '';
  const spans: LabelledNote['spans'] = [];
  const re = /\[\[(\w+)\|([^\]]+)\]\]/g;
  let at = 0;
  for (let m = re.exec(marked); m !== null; m = re.exec(marked)) {
    text += marked.slice(at, m.index);
    spans.push({ start: text.length, end: text.length + m[2]!.length, kind: m[1]!, value: m[2]! });
    text += m[2]!;
    at = m.index + m[0].length;
  }
  text += marked.slice(at);
  return { text, spans };
}

export const labelledDutchNotes: LabelledNote[] = MARKED.map(parseMarked);

/**
 * Notes written after the rules were settled and never used to change them: their recall is an honest
 * estimate for unseen text (see evaluate-deidentification.test.ts).
 */
const HELD_OUT = [
  'Retourbericht aan collega [[name|Wieringa]]: mw. [[name|Tineke Brouwer]] ([[age|90]] jaar) heeft op [[date|14 augustus 2024]] een TIA doorgemaakt.',
  'Patiënt [[name|Kerem Aydın]], tel. [[phone|06-41 22 33 90]], woonachtig [[address|Oranjelaan 44]] te [[address|Breda]], wil graag teruggebeld worden.',
  'Namens dr. [[name|S. Okafor]], neuroloog [[institution|Zuyderland]], verzonden op [[date|02-10-2023]].',
  'Aanwezig bij het gesprek: echtgenoot [[name|Gerrit Jan]] en zoon [[name|Wouter]]. BSN patiënt [[bsn|192837465]].',
  'Mw. [[name|Lammers-van Dijk]] is verhuisd naar [[address|Zonnehof 7]], [[postcode|7411 CP]] [[address|Deventer]]. Nieuw e-mailadres [[email|h.lammers@kpnmail.nl]].',
  'Overgeplaatst naar [[institution|Revalidatiecentrum De Hoogstraat]] per [[date|1 november 2023]]. Contact: [[phone|088-1234567]].',
  'Uitslag lab ([[date|5-6-2024]]) doorgebeld door [[name|Anouk]] van de trombosedienst.',
  'Klachten begonnen na overlijden van haar man [[name|Johannes]] in [[date|januari 2022]]. Behandeld door psycholoog [[name|M. de Lange]].',
  'Verwijsbrief [[institution|Huisartsenpraktijk Het Anker]], [[address|Dorpsstraat 3]], [[postcode|2411 AA]] [[address|Bodegraven]], t.a.v. dhr. [[name|Veldkamp]].',
  'Bezoek door buurvrouw [[name|Henny Kuiper]]; zij heeft de sleutel. Telefoon buurvrouw: [[phone|0342 41 52 63]].',
  'Intake [[date|ma 3 feb]]: [[age|97]]-jarige heer, weduwnaar, woont in [[institution|Woonzorgcentrum Avondrood]].',
  'Contact met dochter ([[name|Esmée Bruggink]], [[email|esmee.b@outlook.com]]) over wilsverklaring.',
] as const;

export const dutchNotesHeldOut: LabelledNote[] = HELD_OUT.map(parseMarked);
