import { z } from 'zod';

const num = z.number();
const Metrics = z.object({
  n: num,
  events: num,
  auc: z.object({ estimate: num, se: num, lower: num, upper: num }),
  calibrationInTheLarge: z.object({ observed: num, expected: num, difference: num, oeRatio: num }),
  calibrationSlope: z.object({ intercept: num, slope: num, slopeSe: num }),
  brier: num,
  calibration: z.array(
    z.object({ from: num, to: num, n: num, observed: num.nullable(), expected: num.nullable() }),
  ),
});
const ValidationResult = z.object({
  pooled: Metrics,
  perStation: z.record(z.string(), Metrics),
  subgroups: z.array(
    z.object({ key: z.string(), group: z.string(), stations: z.array(z.string()), metrics: Metrics }),
  ),
  suppressed: z.array(
    z.object({ stationId: z.string(), key: z.string(), group: z.string(), reason: z.string() }),
  ),
  gaps: z.array(
    z.object({
      key: z.string(),
      metric: z.string(),
      worst: z.string(),
      best: z.string(),
      gap: num,
      limit: num,
      flagged: z.boolean(),
    }),
  ),
  rounds: num,
  aucMethod: z.string(),
});
const Share = {
  share: num,
  referenceShare: num,
  ratio: num,
  standardisedDifference: num,
  flagged: z.boolean(),
};
const Block = z.object({
  n: num,
  ageSex: z.array(z.object({ ageBand: z.string(), sex: z.string(), count: num, ...Share })),
  regions: z.array(z.object({ region: z.string(), count: num, ...Share })),
  flagged: num,
});

/**
 * The parts of a model record the model registry types only loosely (algorithm results): checked in
 * full when a model is registered at the hub, so documents can be generated from every stored record.
 */
export const ModelResultsShape = z.object({
  validations: z.array(z.object({ result: ValidationResult })),
  representativeness: z
    .object({
      pooled: Block,
      perStation: z.record(z.string(), Block),
      reference: z.object({ name: z.string(), source: z.string(), year: num }),
      limit: num,
    })
    .optional(),
});
