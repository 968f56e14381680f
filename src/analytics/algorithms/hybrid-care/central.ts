import { combineHybridCare, type HybridCareYear } from '../../../hybrid-care/combine-hybrid-care.ts';
import type { HybridCareInput, HybridCarePartial } from '../../../hybrid-care/hybrid-care-schemas.ts';
import type { CentralHalf } from '../../algorithm.ts';

/** Shares per year over every station, held against the ambitions. */
export const central: CentralHalf<HybridCareInput, HybridCarePartial, { years: HybridCareYear[] }> = {
  combine: (partials) => ({ done: true, result: combineHybridCare(partials) }),
};
