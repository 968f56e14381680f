import type { HybridCareInput, HybridCarePartial } from '../../../hybrid-care/hybrid-care-schemas.ts';
import { releaseHybridCare } from '../../../hybrid-care/release-hybrid-care.ts';
import type { LocalHalf } from '../../algorithm.ts';

/** Patient and contact counts per province and year at the station, through its disclosure control. */
export const local: LocalHalf<HybridCareInput, HybridCarePartial> = {
  run: (ctx, input) => releaseHybridCare(ctx, input),
};
