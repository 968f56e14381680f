import type { HybridCareYear } from '../../../hybrid-care/combine-hybrid-care.ts';
import {
  type HybridCareInput,
  HybridCareInputSchema,
  type HybridCarePartial,
  HybridCarePartialSchema,
  HybridCareResultSchema,
} from '../../../hybrid-care/hybrid-care-schemas.ts';
import type { AlgorithmDefinition } from '../../algorithm.ts';

/**
 * Hybrid and digital care against the national ambitions: share of patients with a virtual contact, share
 * of contacts that are virtual, per sector and month, and per care pathway the inclusion (by age band,
 * sex and the deprivation quintile of the patient's PC4).
 */
export const definition: AlgorithmDefinition<
  HybridCareInput,
  HybridCarePartial,
  { years: HybridCareYear[] }
> = {
  name: 'hybrid-care',
  version: '1.1.0',
  description:
    'Hybrid and digital care: share of patients and contacts that are virtual, per sector, province and month, and care-pathway inclusion by age band, sex and neighbourhood deprivation, against the national ambitions',
  inputSchema: HybridCareInputSchema,
  outputSchema: HybridCarePartialSchema,
  resultSchema: HybridCareResultSchema,
  disclosure: ['counts'],
  maxRounds: 1,
};
