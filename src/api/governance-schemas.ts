import { z } from 'zod';

/**
 * The AI Act / MDR questionnaire: one answer per question of the decision trees in
 * src/governance/classification/rules (a test keeps these values and the trees' branches the same).
 * Unanswered questions are left out; the classification then names the first one it needs.
 */
export const ProhibitedPractices = [
  'none',
  'subliminal-manipulation',
  'exploits-vulnerabilities',
  'social-scoring',
  'crime-prediction-profiling',
  'facial-image-scraping',
  'emotion-recognition-work-education',
  'biometric-categorisation-sensitive',
  'realtime-remote-biometric-identification',
] as const;
export const AnnexIIIAreas = [
  'none',
  'biometrics',
  'critical-infrastructure',
  'education',
  'employment',
  'public-benefits-eligibility',
  'creditworthiness',
  'life-health-insurance',
  'emergency-triage',
  'law-enforcement',
  'migration',
  'justice-democracy',
] as const;
export const AnnexIIIDerogations = [
  'none',
  'narrow-procedural-task',
  'improves-human-activity',
  'detects-patterns',
  'preparatory-task',
] as const;
export const DecisionImpacts = [
  'death-or-irreversible',
  'serious-deterioration-or-surgery',
  'other',
] as const;
export const DeviceClasses = ['I', 'IIa', 'IIb', 'III'] as const;

export const ClassificationAnswersSchema = z
  .object({
    // AI Act
    aiSystem: z.boolean(),
    researchOnly: z.boolean(),
    prohibitedPractice: z.enum(ProhibitedPractices),
    ivdNotifiedBody: z.boolean(),
    annexIIIArea: z.enum(AnnexIIIAreas),
    profiling: z.boolean(),
    annexIIIDerogation: z.enum(AnnexIIIDerogations),
    interactsWithPersons: z.boolean(),
    generatesSyntheticContent: z.boolean(),
    emotionOrBiometricCategorisation: z.boolean(),
    deepFakeOrPublicText: z.boolean(),
    // MDR
    drivesHardwareDevice: z.boolean(),
    drivenDeviceClass: z.enum(DeviceClasses),
    beyondStorageCommunication: z.boolean(),
    individualPatientBenefit: z.boolean(),
    medicalPurpose: z.boolean(),
    inVitroData: z.boolean(),
    informsDecisions: z.boolean(),
    decisionImpact: z.enum(DecisionImpacts),
    monitorsPhysiology: z.boolean(),
    vitalParametersImmediateDanger: z.boolean(),
  })
  .partial()
  .strict();
export type ClassificationAnswers = z.infer<typeof ClassificationAnswersSchema>;

export const OrganisationRoles = ['provider', 'deployer', 'provider-and-deployer'] as const;
export const Autonomies = [
  'information-only',
  'recommends',
  'decides-with-human-review',
  'decides-autonomously',
] as const;

const text = (max: number) => z.string().trim().min(1).max(max);

/** What a developer writes about an AI system (one per product). */
export const AiSystemInputSchema = z
  .object({
    name: text(200),
    version: text(50),
    /** The organisation that provides the system (or develops it for its own use). */
    organisation: text(200),
    organisationRole: z.enum(OrganisationRoles),
    intendedPurpose: text(4000),
    intendedUsers: text(1000),
    setting: text(1000),
    /** The decision the output informs. */
    decisionInformed: text(1000),
    autonomy: z.enum(Autonomies),
    /** Models in the registry this system is built on. */
    modelIds: z
      .array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/))
      .max(50)
      .default([]),
    answers: ClassificationAnswersSchema.default({}),
    /**
     * Outcome monitors (`/api/monitors`) that follow the system after deployment: the Annex IV
     * post-market section is filled from them (definition, indicators, alert rule, latest run).
     */
    monitorIds: z.array(z.string().min(1).max(200)).max(20).optional(),
    /** Show the system's Algoritmeregister entry on the public transparency pages. */
    publishInRegister: z.boolean().default(false),
  })
  .strict();
export type AiSystemInput = z.input<typeof AiSystemInputSchema>;

export const AiSystemSchema = z.object({
  id: z.string(),
  ownerUserId: z.string(),
  ownerOrganisationId: z.string().nullable(),
  /** Increases with every edit. */
  revision: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  ...AiSystemInputSchema.shape,
  modelIds: z.array(z.string()),
  answers: ClassificationAnswersSchema,
  publishInRegister: z.boolean().default(false),
});
export type AiSystem = z.output<typeof AiSystemSchema>;

const BilingualSchema = z.object({ nl: z.string(), en: z.string() });

export const PathStepSchema = z.object({
  node: z.string(),
  fact: z.string(),
  question: BilingualSchema,
  answer: z.string(),
  citation: z.string(),
  reasoning: BilingualSchema,
});

export const WalkResultSchema = z.union([
  z.object({
    status: z.literal('decided'),
    outcome: z.record(z.string(), z.string()),
    citation: z.string(),
    reasoning: BilingualSchema,
    path: z.array(PathStepSchema),
  }),
  z.object({
    status: z.literal('incomplete'),
    missing: z.object({
      node: z.string(),
      fact: z.string(),
      question: BilingualSchema,
      answers: z.array(z.string()),
      citation: z.string(),
    }),
    path: z.array(PathStepSchema),
  }),
]);

const TreeIdentitySchema = z.object({ id: z.string(), version: z.string(), sha256: z.string() });
const DutySchema = z.object({
  who: z.enum(['provider', 'deployer']),
  article: z.string(),
  text: BilingualSchema,
});

export const AiActClasses = [
  'out-of-scope',
  'prohibited',
  'high-risk',
  'limited-risk',
  'minimal-risk',
] as const;

/** The classification of an AI system: both decision paths, the resulting classes and duties. */
export const ClassificationSchema = z.object({
  /** Both trees answered and every transparency question answered where it matters. */
  complete: z.boolean(),
  mdrClass: z.string().nullable(),
  aiActClass: z.enum(AiActClasses).nullable(),
  aiActGround: z.string().nullable(),
  mdr: WalkResultSchema,
  aiAct: WalkResultSchema,
  transparency: z.array(DutySchema.extend({ fact: z.string() })),
  /** Transparency questions still unanswered. */
  unanswered: z.array(z.object({ fact: z.string(), question: BilingualSchema, article: z.string() })),
  duties: z.array(DutySchema),
  trees: z.object({ mdr: TreeIdentitySchema, aiAct: TreeIdentitySchema, duties: TreeIdentitySchema }),
});
export type Classification = z.infer<typeof ClassificationSchema>;

/** The platform records a document can cite. */
export const EvidenceKinds = [
  'ai-system',
  'classification',
  'model',
  'permit',
  'run',
  'dataset',
  'station',
  'audit',
  'monitor',
] as const;

/**
 * Where a statement or a figure comes from: a record the platform holds (and, for a model, the JSON
 * pointer of the value inside it), with the API address that shows it.
 */
export const EvidenceRefSchema = z.object({
  kind: z.enum(EvidenceKinds),
  id: z.string(),
  /** RFC 6901 JSON pointer into the record, e.g. `/validations/0/result/pooled/auc/estimate`. */
  pointer: z.string().optional(),
  label: z.string(),
  href: z.string(),
});
export type EvidenceRef = z.infer<typeof EvidenceRefSchema>;

const Cell = z.union([z.string(), z.number()]);
export const DocBlockSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string() }),
  /** A number taken from a record: `value` is the value at `source` (never typed in). */
  z.object({
    kind: z.literal('figure'),
    label: z.string(),
    value: z.union([z.number(), z.string()]),
    unit: z.string().optional(),
    source: EvidenceRefSchema,
  }),
  z.object({
    kind: z.literal('table'),
    caption: z.string(),
    head: z.array(z.string()),
    rows: z.array(z.array(Cell)),
    source: EvidenceRefSchema,
  }),
]);
export type DocBlock = z.infer<typeof DocBlockSchema>;

export const DocItemStatuses = ['filled', 'partial', 'to-complete'] as const;

/** One section of Annex IV or one item of TRIPOD+AI. */
export const DocItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** What the annex or checklist asks, in short. */
  requirement: z.string(),
  /** `filled` from evidence; `partial` when part comes from evidence and the rest is the provider's; else `to-complete`. */
  status: z.enum(DocItemStatuses),
  blocks: z.array(DocBlockSchema),
  evidence: z.array(EvidenceRefSchema),
  /** What the provider still has to add. */
  needed: z.string().optional(),
});
export type DocItem = z.infer<typeof DocItemSchema>;

export const CompletenessSchema = z.object({
  filled: z.number().int(),
  partial: z.number().int(),
  toComplete: z.number().int(),
  total: z.number().int(),
  /** (filled + ½ partial) / total, between 0 and 1. */
  score: z.number(),
});
export type Completeness = z.infer<typeof CompletenessSchema>;

export const GovernanceDocumentKinds = ['annex-iv', 'tripod-ai'] as const;

/** Technical documentation generated from the platform's records. */
export const GovernanceDocumentSchema = z.object({
  kind: z.enum(GovernanceDocumentKinds),
  title: z.string(),
  subject: z.object({ systemId: z.string().nullable(), modelId: z.string() }),
  generatedAt: z.string(),
  /** The standard the document follows. */
  standard: z.string(),
  items: z.array(DocItemSchema),
  completeness: CompletenessSchema,
});
export type GovernanceDocument = z.infer<typeof GovernanceDocumentSchema>;

/** An entry of the Dutch public algorithm register (Algoritmeregister metadata standard 1.0.0). */
export const AlgorithmRegisterEntrySchema = z.object({
  name: z.string(),
  description_short: z.string(),
  organization: z.string(),
  category: z.array(z.string()),
  status: z.enum(['In ontwikkeling', 'In gebruik', 'Buiten gebruik']),
  begin_date: z.string(),
  end_date: z.string(),
  contact_email: z.string(),
  website: z.string(),
  publication_category: z.enum(['Hoog-risico AI-systeem', 'Impactvolle algoritmes', 'Overige algoritmes']),
  url: z.string(),
  goal: z.string(),
  proportionality: z.string(),
  human_intervention: z.string(),
  risks: z.string(),
  lawful_basis: z.string(),
  lawful_basis_grouping: z.array(z.object({ title: z.string(), link: z.string() })),
  process_index_url: z.string(),
  impacttoetsen_grouping: z.array(z.object({ title: z.string(), link: z.string() })),
  impacttoetsen: z.string(),
  source_data: z.string(),
  source_data_grouping: z.array(z.object({ title: z.string(), link: z.string() })),
  methods_and_models: z.string(),
  provider: z.string(),
  publiccode: z.string(),
  lang: z.literal('nld'),
  standard_version: z.literal('1.0.0'),
  source_id: z.string(),
  tags: z.string(),
});
export type AlgorithmRegisterEntry = z.infer<typeof AlgorithmRegisterEntrySchema>;

/** The register entry, the fields the provider still has to fill, and what each filled field rests on. */
export const AlgorithmRegisterExportSchema = z.object({
  entry: AlgorithmRegisterEntrySchema,
  toComplete: z.array(z.string()),
  evidence: z.record(z.string(), z.array(EvidenceRefSchema)),
});
export type AlgorithmRegisterExport = z.infer<typeof AlgorithmRegisterExportSchema>;

/** An edit replaces the system's fields; `expectedRevision` guards against overwriting a newer edit. */
export const AiSystemUpdateSchema = AiSystemInputSchema.extend({
  expectedRevision: z.number().int().positive().max(2_147_483_647).optional(),
});

/** A model registry record as it is sent to the hub (checked against the model record schema there). */
export const ModelRecordBodySchema = z
  .record(z.string(), z.unknown())
  .describe(
    'A model registry record (src/analytics/models/model-record.ts): id, name, version, spec, coefficients, training, validations, …',
  );

/** A model the hub holds, in short. */
export const ModelSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  createdAt: z.string(),
  ownerUserId: z.string(),
  trainingPermitId: z.string(),
  validations: z.number().int(),
  registeredAt: z.string(),
});
export type ModelSummary = z.infer<typeof ModelSummarySchema>;

/** A model with its full registry record. */
export const ModelViewSchema = ModelSummarySchema.extend({ record: z.record(z.string(), z.unknown()) });

/** A classification as stored: which revision of the system it classified, by whom, when. */
export const ClassificationRecordSchema = z.object({
  id: z.string(),
  systemId: z.string(),
  systemRevision: z.number().int(),
  classifiedAt: z.string(),
  classifiedBy: z.string(),
  classification: ClassificationSchema,
});
export type ClassificationRecord = z.infer<typeof ClassificationRecordSchema>;

export const ClassificationHistorySchema = z.object({
  latest: ClassificationRecordSchema,
  history: z.array(
    z.object({
      id: z.string(),
      systemRevision: z.number().int(),
      classifiedAt: z.string(),
      aiActClass: z.string().nullable(),
      mdrClass: z.string().nullable(),
    }),
  ),
});

/** Draft answers to walk the questionnaire with, before they are saved on a system. */
export const ClassificationPreviewInputSchema = z
  .object({
    answers: ClassificationAnswersSchema,
    organisationRole: z.enum(OrganisationRoles),
  })
  .strict();

export const DocumentParamsSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(GovernanceDocumentKinds),
});
export const DocumentQuerySchema = z.object({
  /** The model of the system to document; default its first. */
  model: z.string().min(1).max(100).optional(),
});

/** A generated document as JSON, Markdown and printable HTML. */
export const GovernanceDocumentViewSchema = z.object({
  document: GovernanceDocumentSchema,
  markdown: z.string(),
  html: z.string(),
});

/**
 * A dry run of an algorithm on synthetic twins of the stations (the regulatory sandbox). Everything in
 * it is synthetic: `synthetic` is always true and no real station took part.
 */
export const SandboxRunSchema = z.object({
  synthetic: z.literal(true),
  algorithm: z.object({ name: z.string(), version: z.string(), hash: z.string() }),
  purpose: z.string(),
  outcome: z.enum(['passed', 'failed']),
  /** Where a failed run stopped: its input did not fit, or a twin refused or failed while running it. */
  stage: z.enum(['input', 'run']).optional(),
  message: z.string().optional(),
  stations: z.array(
    z.object({
      name: z.string(),
      patients: z.number().int(),
      releasedPatients: z.number().int().nullable(),
      status: z.string(),
      reason: z.string().optional(),
      /** Released prevalence against the twin's, per SNOMED CT code. */
      calibration: z.array(z.object({ code: z.string(), released: z.number(), twin: z.number() })),
    }),
  ),
  result: z.unknown().optional(),
  seconds: z.number(),
});
export type SandboxRun = z.infer<typeof SandboxRunSchema>;

export const SandboxRunInputSchema = z
  .object({ requestId: z.string().min(1), run: SandboxRunSchema })
  .strict();
/** A dry run the hub runs itself: an algorithm of the request, on twins of the request's stations. */
export const SandboxExecuteInputSchema = z
  .object({
    requestId: z.string().min(1),
    algorithm: z.object({ name: z.string().min(1), version: z.string().min(1) }).strict(),
    input: z.unknown(),
    /** Largest twin (patients); small twins are quick, large ones closer to the station. */
    maxPatients: z.number().int().min(50).max(20_000).default(3000),
  })
  .strict();
export const SandboxRunRecordSchema = z.object({
  id: z.string(),
  requestId: z.string(),
  submittedBy: z.string(),
  submittedAt: z.string(),
  run: SandboxRunSchema,
  /**
   * True only for a dry run the hub executed itself (its dry-run service, on twins it built from the
   * catalogue); a run a requester reports is kept but marked unverified, and the review says so.
   */
  verified: z.boolean(),
  executedBy: z.enum(['hub', 'requester']),
  /** The algorithm's content hash and the SHA-256 of the canonical inputs (input, purpose, twins, sizes). */
  algorithmHash: z.string(),
  inputsHash: z.string(),
});

export const SandboxRunsQuerySchema = z.object({ requestId: z.string().min(1) });
