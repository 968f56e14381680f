import type {
  AlgorithmRegisterEntry,
  AlgorithmRegisterExport,
  EvidenceRef,
} from '../../api/governance-schemas.ts';
import { r3 } from './doc-builder.ts';
import { EvidenceIndex } from './evidence.ts';
import { modelFacts } from './model-facts.ts';
import type { PlatformRecords } from './platform-records.ts';

const AUTONOMY_NL: Record<string, string> = {
  'information-only': 'Het systeem geeft alleen informatie; een zorgverlener beslist.',
  recommends: 'Het systeem geeft een advies; een zorgverlener beoordeelt het en beslist.',
  'decides-with-human-review':
    'Het systeem neemt een voorlopige beslissing die een zorgverlener controleert en kan aanpassen.',
  'decides-autonomously': 'Het systeem beslist zelfstandig, zonder tussenkomst van een mens.',
};

/**
 * The entry for the Dutch public algorithm register (Algoritmeregister metadata standard 1.0.0), in
 * Dutch, filled from the platform's records; the fields the records cannot fill stay empty and are
 * listed in `toComplete`.
 */
export function algorithmRegisterEntry(records: PlatformRecords): AlgorithmRegisterExport {
  const sys = records.system;
  if (!sys) throw new Error('an algorithm register entry needs an AI system record');
  const e = new EvidenceIndex(records);
  const f = modelFacts(e);
  const { m, refs } = f;
  const cls = records.classification;
  const v = m.validations.at(-1);
  const flagged = m.validations.flatMap((x) => x.result.gaps.filter((g) => g.flagged));
  const datasets = records.datasets.filter((d) => f.permit?.datasets.includes(d.id));
  const evidence: Record<string, EvidenceRef[]> = {};
  const cite = (field: string, ...refs: (EvidenceRef | undefined)[]) => {
    evidence[field] = refs.filter((r): r is EvidenceRef => !!r);
  };

  const entry: AlgorithmRegisterEntry = {
    name: sys.name,
    description_short: sys.intendedPurpose.slice(0, 350),
    organization: sys.organisation,
    category: ['Zorg en gezondheid'],
    status: 'In ontwikkeling',
    begin_date: '',
    end_date: '',
    contact_email: '',
    website: '',
    publication_category:
      cls?.aiActClass === 'high-risk'
        ? 'Hoog-risico AI-systeem'
        : cls?.mdrClass && cls.mdrClass !== 'not-a-device'
          ? 'Impactvolle algoritmes'
          : 'Overige algoritmes',
    url: '',
    goal: `${sys.intendedPurpose} De uitkomst ondersteunt: ${sys.decisionInformed}. Gebruikers: ${sys.intendedUsers}.`,
    proportionality: '',
    human_intervention: AUTONOMY_NL[sys.autonomy] ?? '',
    risks: [
      cls
        ? `Classificatie: AI-verordening ${cls.aiActClass ?? 'nog niet bepaald'}, MDR ${cls.mdrClass ?? 'nog niet bepaald'}.`
        : '',
      flagged.length
        ? `Verschil in prestaties tussen groepen: ${flagged.map((g) => `${g.metric} naar ${g.key} (slechtste groep ${g.worst})`).join('; ')}.`
        : v
          ? 'Geen verschil in prestaties tussen groepen boven de ingestelde grens.'
          : '',
      m.representativeness
        ? `Representativiteit vergeleken met ${m.representativeness.reference.source}: ${m.representativeness.pooled.flagged} afwijkende cellen.`
        : '',
    ]
      .filter(Boolean)
      .join(' '),
    lawful_basis: `Training en validatie: secundair gebruik van zorggegevens onder vergunning ${m.training.permitId} van de toegangsautoriteit (doel "${m.training.purpose}"). De grondslag voor gebruik in de zorg vult de aanbieder aan.`,
    lawful_basis_grouping: [],
    process_index_url: '',
    impacttoetsen_grouping: [],
    impacttoetsen: '',
    source_data: `Gepseudonimiseerde zorggegevens (FHIR: patiënten, diagnoses, labuitslagen, contacten) bij ${m.training.stations.length} stations (${m.training.stations.map((s) => s.id).join(', ')}); de gegevens blijven bij elk station. Gebruikte kenmerken: ${f.card.training.features.map((x) => x.name).join(', ')}.`,
    source_data_grouping: datasets.map((d) => ({
      title: d.title,
      link: `/api/catalogue/datasets/${encodeURIComponent(d.id)}`,
    })),
    methods_and_models: `Logistische regressie, federatief getraind (niet zelflerend na training). Uitkomst: kans op ${f.card.training.outcome}.${v ? ` Validatie bij ${Object.keys(v.result.perStation).length} stations: AUC ${r3(v.result.pooled.auc.estimate)} (95%-BI ${r3(v.result.pooled.auc.lower)}–${r3(v.result.pooled.auc.upper)}), O/E ${r3(v.result.pooled.calibrationInTheLarge.oeRatio)}.` : ''} Algoritme ${m.algorithm.name} ${m.algorithm.version} (SHA-256 ${m.algorithm.hash.slice(0, 16)}…).`,
    provider: sys.organisationRole === 'provider-and-deployer' ? 'Intern ontwikkeld' : sys.organisation,
    publiccode: '',
    lang: 'nld',
    standard_version: '1.0.0',
    source_id: sys.id,
    tags: [
      'AI',
      'predictiemodel',
      cls?.aiActClass ? `AI-verordening ${cls.aiActClass}` : '',
      cls?.mdrClass ? `MDR ${cls.mdrClass}` : '',
    ]
      .filter(Boolean)
      .join(', '),
  };
  cite('name', refs.system);
  cite('description_short', refs.system);
  cite('organization', refs.system);
  cite('goal', refs.system);
  cite('human_intervention', refs.system);
  cite('provider', refs.system);
  cite('source_id', refs.system);
  cite('publication_category', refs.classification);
  cite('tags', refs.classification);
  cite(
    'risks',
    refs.classification,
    ...m.validations.map((_, i) => e.model('gaps', 'validations', i, 'result', 'gaps')),
    refs.representativeness,
  );
  cite('lawful_basis', refs.trainingPermit);
  cite('source_data', refs.trainingStations, refs.features);
  cite('source_data_grouping', ...datasets.map((d) => e.ref('dataset', d.id, d.title)));
  cite('methods_and_models', refs.coefficients, refs.algorithm, ...f.validationRuns.map((x) => x.run));
  for (const k of Object.keys(evidence)) if (evidence[k]!.length === 0) delete evidence[k];
  const toComplete = (Object.keys(entry) as (keyof AlgorithmRegisterEntry)[]).filter((k) => {
    const val = entry[k];
    return (typeof val === 'string' && val === '') || (Array.isArray(val) && val.length === 0);
  });
  return { entry, toComplete, evidence };
}
