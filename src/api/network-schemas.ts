import { z } from 'zod';

const Bilingual = z.object({ nl: z.string(), en: z.string() });

/** The AI-readiness questionnaire: themes, each with questions scored 0–4 and next steps. */
export const ReadinessThemesSchema = z.object({
  id: z.string(),
  version: z.string(),
  scale: z.array(Bilingual),
  /** A theme scoring below this (0–100) gets its next steps. */
  lowBelow: z.number(),
  themes: z.array(
    z.object({
      id: z.string(),
      title: Bilingual,
      source: z.string(),
      questions: z.array(z.object({ id: z.string(), text: Bilingual })),
      nextSteps: z.array(Bilingual),
    }),
  ),
});
export type ReadinessThemes = z.infer<typeof ReadinessThemesSchema>;

export const ReadinessInputSchema = z
  .object({
    /** One score per question id (0 not started … 4 embedded and evaluated). */
    answers: z.record(z.string(), z.number().int().min(0).max(4)),
    /** May the organisation be named among the participants of the network comparison? */
    shareName: z.boolean().default(false),
  })
  .strict();

export const ReadinessViewSchema = z.object({
  organisationId: z.string(),
  assessment: z.object({
    id: z.string(),
    submittedAt: z.string(),
    shareName: z.boolean(),
    scores: z.array(z.object({ theme: z.string(), title: Bilingual, score: z.number(), low: z.boolean() })),
    nextSteps: z.array(z.object({ theme: z.string(), steps: z.array(Bilingual) })),
  }),
  /** The network, aggregated over organisations' latest assessments; no organisation is named. */
  network: z.object({
    organisations: z.number().int(),
    /** Shown only when at least `minOrganisations` organisations took part. */
    minOrganisations: z.number().int(),
    themes: z.array(
      z.object({ theme: z.string(), median: z.number().nullable(), mean: z.number().nullable() }),
    ),
    /**
     * The figures come from a snapshot of the assessments, taken when at least `snapshotStep`
     * organisations joined or resubmitted since the last one (null: no snapshot yet), so two comparisons
     * never differ by one organisation; `pending` assessments wait for the next snapshot.
     */
    takenAt: z.string().nullable(),
    pending: z.number().int(),
    snapshotStep: z.number().int(),
    /** Every figure carries Laplace noise of this scale (ε per figure), drawn once per snapshot. */
    noise: z.object({ epsilonPerFigure: z.number(), scale: z.number() }),
    /** The median is released from this many organisations on (at fewer it is one organisation's score). */
    medianFrom: z.number().int(),
  }),
  /** Organisations that agreed to be named as participants. */
  participants: z.array(z.string()),
});
export type ReadinessView = z.infer<typeof ReadinessViewSchema>;
export const ReadinessQuerySchema = z.object({ organisationId: z.string().min(1).optional() });

export const LandscapeKinds = ['project', 'lab', 'platform', 'use-case'] as const;
export const LandscapeDomains = [
  'hospital-care',
  'primary-care',
  'elderly-care',
  'mental-health',
  'prevention-public-health',
  'cross-domain',
] as const;
export const LandscapeRegions = [
  'national',
  'Groningen',
  'Friesland',
  'Drenthe',
  'Overijssel',
  'Flevoland',
  'Gelderland',
  'Utrecht',
  'Noord-Holland',
  'Zuid-Holland',
  'Zeeland',
  'Noord-Brabant',
  'Limburg',
] as const;

/** An initiative in the AI-for-health landscape, in a phase of the pipeline (valley of death 1, 2 or 3). */
export const InitiativeInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(LandscapeKinds),
    region: z.enum(LandscapeRegions),
    domain: z.enum(LandscapeDomains),
    phase: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    organisations: z.array(z.string().trim().min(1).max(200)).min(1).max(50),
    description: z.string().trim().min(1).max(2000),
    /** Where the information comes from. */
    source: z.string().trim().min(1).max(500),
  })
  .strict();

export const InitiativeSchema = InitiativeInputSchema.extend({
  id: z.string(),
  /** Part of the labelled example set shipped with the platform, not registered by a user. */
  example: z.boolean(),
});
export type Initiative = z.infer<typeof InitiativeSchema>;

export const LandscapeSchema = z.object({
  initiatives: z.array(InitiativeSchema),
  /** Initiatives per domain × phase (national and regional together). */
  coverage: z.array(z.object({ domain: z.string(), phase: z.number().int(), count: z.number().int() })),
  /** Domain × phase combinations with no initiative at all. */
  whiteSpots: z.array(z.object({ domain: z.string(), phase: z.number().int() })),
  /** Regional initiatives per province; provinces with none are white spots on the map. */
  regions: z.array(z.object({ region: z.string(), count: z.number().int() })),
});
export type Landscape = z.infer<typeof LandscapeSchema>;

const Code = z.string().regex(/^[A-Za-z0-9.\-_]+$/, 'a code: letters, digits, dot, dash');

/** A care need a care organisation posts: the problem, where, how often, and what data it holds. */
export const CareNeedInputSchema = z
  .object({
    problem: z.string().trim().min(1).max(2000),
    domain: z.enum(LandscapeDomains),
    /** Patients a year the need concerns. */
    volume: z.number().int().nonnegative().max(100_000_000),
    /** SNOMED CT codes of the conditions involved. */
    conditionCodes: z.array(Code).max(50).default([]),
    /** Catalogue datasets the organisation holds. */
    datasets: z.array(z.string().min(1)).max(50).default([]),
  })
  .strict();
export const CareNeedSchema = CareNeedInputSchema.extend({
  id: z.string(),
  organisationId: z.string(),
  organisation: z.string(),
  createdAt: z.string(),
});
export type CareNeed = z.infer<typeof CareNeedSchema>;

export const EvidenceLevels = [
  'none',
  'internal-validation',
  'external-validation',
  'prospective-study',
  'randomised-trial',
] as const;

/** An AI solution a developer posts: intended use, class, evidence, the data it needs. */
export const SolutionInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    intendedUse: z.string().trim().min(1).max(2000),
    domain: z.enum(LandscapeDomains),
    conditionCodes: z.array(Code).max(50).default([]),
    /** Codes (SNOMED CT, LOINC) the solution needs in the data. */
    dataNeeded: z.array(Code).max(50).default([]),
    evidence: z.enum(EvidenceLevels),
    /** The AI system on the platform, whose classification is then shown. */
    aiSystemId: z.string().min(1).optional(),
    /** As the developer states it when the system is not on the platform. */
    statedClass: z.string().trim().max(200).optional(),
  })
  .strict();
export const SolutionSchema = SolutionInputSchema.extend({
  id: z.string(),
  ownerUserId: z.string(),
  organisation: z.string(),
  createdAt: z.string(),
});
export type Solution = z.infer<typeof SolutionSchema>;

export const MatchSchema = z.object({
  solution: SolutionSchema,
  score: z.number(),
  /** Why it matches (and what is missing), one line per aspect. */
  reasons: z.array(z.string()),
  /** Stations whose published profile holds every code the solution needs. */
  feasibleStations: z.array(z.string()),
  aiActClass: z.string().nullable(),
  mdrClass: z.string().nullable(),
});
export type Match = z.infer<typeof MatchSchema>;

const Tag = z.string().trim().min(1).max(50);

/** A question to the ELSA desk (ethical, legal and societal aspects). */
export const ElsaQuestionInputSchema = z
  .object({ question: z.string().trim().min(10).max(4000), tags: z.array(Tag).max(10).default([]) })
  .strict();

export const ElsaQuestionSchema = z.object({
  id: z.string(),
  question: z.string(),
  tags: z.array(z.string()),
  status: z.enum(['open', 'answered']),
  askedAt: z.string(),
  /** The asker is never shown; the caller learns only whether it was them. */
  askedByMe: z.boolean(),
  answer: z.string().optional(),
  answeredAt: z.string().optional(),
  published: z.boolean(),
});
export type ElsaQuestion = z.infer<typeof ElsaQuestionSchema>;

export const ElsaAnswerInputSchema = z
  .object({
    answer: z.string().trim().min(1).max(10_000),
    /** Publish as guidance, anonymised. */
    publish: z.boolean().default(false),
    /** The question as published: rewritten by the expert so it names no one (default: as asked). */
    publishedQuestion: z.string().trim().min(10).max(4000).optional(),
  })
  .strict();

export const ElsaGuidanceSchema = z.object({
  id: z.string(),
  question: z.string(),
  answer: z.string(),
  tags: z.array(z.string()),
  answeredAt: z.string(),
});
export const ElsaGuidanceQuerySchema = z.object({
  q: z.string().max(200).optional(),
  tag: z.string().max(50).optional(),
});
export const ElsaExpertInputSchema = z.object({ userId: z.string().min(1) }).strict();
export const ElsaExpertSchema = z.object({ userId: z.string(), addedAt: z.string() });
