export { classificationRules, classify, type OrganisationRole } from './classification/classify.ts';
export {
  type DecisionTree,
  type Facts,
  type PathStep,
  type WalkResult,
  walkTree,
} from './classification/decision-tree.ts';
export { type ReferenceCase, referenceCases } from './classification/reference-cases.ts';
