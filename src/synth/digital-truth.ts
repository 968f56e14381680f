import {
  DEPRIVATION_QUINTILE_DEFINITION,
  DIGITAL_RETENTION,
  DIGITAL_SHARE_RATIO_Q1_Q5,
  type DigitalFacts,
  STATUS_SCORE_DEFINITION,
} from './neighbourhood-status.ts';

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Collects the planted digital-care gradient by deprivation quintile for `truth.json`. */
export class DigitalTruth {
  private readonly q = DIGITAL_RETENTION.map(() => ({ patients: 0, excluded: 0, drawn: 0, kept: 0 }));

  add(f: DigitalFacts): void {
    const c = this.q[f.quintile - 1]!;
    c.patients++;
    if (f.excluded) c.excluded++;
    if (f.virtualDrawn) c.drawn++;
    if (f.virtualKept) c.kept++;
  }

  toJSON(): unknown {
    const share = (a: number, b: number) => (b > 0 ? r6(a / b) : null);
    const byQuintile = this.q.map((c, i) => ({
      quintile: i + 1,
      retention: DIGITAL_RETENTION[i],
      patients: c.patients,
      excluded: c.excluded,
      patientsWithVirtualDrawn: c.drawn,
      patientsWithVirtual: c.kept,
      shareWithVirtual: share(c.kept, c.patients),
    }));
    const s1 = byQuintile[0]!.shareWithVirtual;
    const s5 = byQuintile[4]!.shareWithVirtual;
    return {
      statusScore: STATUS_SCORE_DEFINITION,
      quintiles: DEPRIVATION_QUINTILE_DEFINITION,
      table: 'src/regional/pc4-status-score.json (PC4 -> score, quintile bounds)',
      rule: "a patient in a PC4 of deprivation quintile q keeps the virtual contacts drawn (setting 'virtual': video, e-consult, telemonitoring) with probability retention[q]; otherwise has no virtual contact in the whole window (digitally excluded); drawn from a stream of its own, nothing else changes",
      retention: DIGITAL_RETENTION,
      plantedShareRatioQ1vsQ5: DIGITAL_SHARE_RATIO_Q1_Q5,
      expected:
        'the share of patients with a virtual contact (in any period, among any group not defined by the PC4) in quintile q is retention[q] times the same base share: ratio of shares quintile 1 (most deprived) vs 5 = 0.6',
      byQuintile,
      realisedShareRatioQ1vsQ5: s1 !== null && s5 ? r6(s1 / s5) : null,
    };
  }
}
