/** Hybrid and digital care against the national ambitions. See README.md in this folder. */
export { AMBITIONS, combineHybridCare, type HybridCareYear } from './combine-hybrid-care.ts';
