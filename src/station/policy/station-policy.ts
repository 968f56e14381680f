import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { EhdsPurposes } from '../../common/ehds-purposes.ts';
import { badInputFromZod } from '../../common/input-issues.ts';
import { DEFAULT_DISCLOSURE } from '../../privacy/disclosure/disclosure-policy.ts';
import { AlgorithmRefSchema, PurposeSchema } from '../../protocol/messages.ts';

/** How a permit becomes runnable at this station: by the steward's hand, or as soon as it is valid. */
export const ApprovalModes = ['manual', 'automatic'] as const;
export type ApprovalMode = (typeof ApprovalModes)[number];

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a hex SHA-256');

const ed25519PublicKey = z.string().refine(
  (pem) => {
    try {
      return createPublicKey(pem).asymmetricKeyType === 'ed25519';
    } catch {
      return false;
    }
  },
  { message: 'expected an Ed25519 public key in PEM (SPKI)' },
);

/** A permit the data steward approved by hand, pinned to the exact permit content they saw. */
export const ApprovedPermitSchema = z.strictObject({
  permitId: z.string().min(1),
  /** SHA-256 of the canonical permit (see `permitDigest`): a changed permit needs a new approval. */
  digest: hex64,
  approvedBy: z.string().min(1).optional(),
  approvedAt: z.iso.datetime().optional(),
});
export type ApprovedPermit = z.infer<typeof ApprovedPermitSchema>;

/** A permit the data steward denied, pinned like an approval: a changed permit is asked about again. */
export const DeniedPermitSchema = z.strictObject({
  permitId: z.string().min(1),
  digest: hex64,
  deniedBy: z.string().min(1).optional(),
  deniedAt: z.iso.datetime().optional(),
  reason: z.string().max(2000).optional(),
});
export type DeniedPermit = z.infer<typeof DeniedPermitSchema>;

/**
 * The station's own policy (`policy.json` in the station folder). The station applies it to every task
 * itself, whatever the hub says. Unknown keys are errors, so a misspelt setting never silently falls
 * back to a default.
 */
export const StationPolicySchema = z.strictObject({
  /** Disclosure control of everything that leaves the station. */
  disclosure: z
    .strictObject({
      threshold: z.number().int().min(1).default(DEFAULT_DISCLOSURE.threshold),
      rounding: z.number().int().min(1).default(DEFAULT_DISCLOSURE.rounding),
      /** Fewest patients behind a regression or a model evaluation (default: the threshold). */
      minRegressionN: z.number().int().min(1).optional(),
      /** Most model parameters per patient (default 0.33, as DataSHIELD). */
      maxParamsPerN: z.number().positive().max(1).optional(),
      /** Largest share of a released sum one patient may make up (default 0.5). */
      maxShare: z.number().positive().max(1).optional(),
      /** Regression sums without phantom-patient noise: exact fits, exact n (default off). */
      exactModelStatistics: z.boolean().optional(),
    })
    .default({ ...DEFAULT_DISCLOSURE }),
  /** EHDS purposes of secondary use this station serves. */
  acceptedPurposes: z.array(PurposeSchema).default(() => allPurposes()),
  /** Algorithms this station runs, each pinned by the SHA-256 of its code. */
  acceptedAlgorithms: z.array(AlgorithmRefSchema).default(() => []),
  approval: z
    .strictObject({
      /** Mode for permits not listed in `permits`. */
      default: z.enum(ApprovalModes).default('manual'),
      /** Mode per permit id. */
      permits: z.record(z.string().min(1), z.enum(ApprovalModes)).default(() => ({})),
      /**
       * Decisions the stations' stewards record in the browser (at the hub) are applied here only when
       * this is set, and only when made by a steward of this organisation (its id at the hub). Off by
       * default: manual approval exists so that the hub alone cannot make a permit run here.
       */
      remote: z.strictObject({ organisationId: z.string().min(1) }).optional(),
    })
    .default(() => ({ default: 'manual' as const, permits: {} })),
  /** Permits the steward approved by hand. */
  approvedPermits: z.array(ApprovedPermitSchema).default(() => []),
  /** Permits the steward denied. */
  deniedPermits: z.array(DeniedPermitSchema).default(() => []),
  /** The hub's Ed25519 public key (PEM); without it every task is refused. */
  hubPublicKey: ed25519PublicKey.optional(),
});
export type StationPolicy = z.infer<typeof StationPolicySchema>;

function allPurposes(): StationPolicy['acceptedPurposes'] {
  return Object.keys(EhdsPurposes) as StationPolicy['acceptedPurposes'];
}

/**
 * The policy of a new station: threshold 10, rounding 5, every EHDS purpose, no algorithm accepted yet,
 * and manual approval of every permit. Overrides are validated like a policy file.
 *
 * @example
 * const policy = defaultPolicy({ hubPublicKey: pem, approval: { default: 'automatic', permits: {} } });
 */
export function defaultPolicy(overrides: Partial<z.input<typeof StationPolicySchema>> = {}): StationPolicy {
  return parsePolicy(overrides, 'defaultPolicy');
}

/**
 * Validates a parsed policy document. Errors name the JSON path (`policy.json $.disclosure.threshold`);
 * every issue is in `issues`, each with its JSON path.
 */
export function parsePolicy(json: unknown, where = 'policy.json'): StationPolicy {
  const parsed = StationPolicySchema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw badInputFromZod(parsed.error, `${where} $`, 'invalid policy', { pathInWhere: true });
}
