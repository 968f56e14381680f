export { classificationRules, classify, type OrganisationRole } from './classification/classify.ts';
export {
  type DecisionTree,
  type Facts,
  type PathStep,
  type WalkResult,
  walkTree,
} from './classification/decision-tree.ts';
export { type ReferenceCase, referenceCases } from './classification/reference-cases.ts';
export { algorithmRegisterEntry } from './documents/algorithm-register.ts';
export { annexIv } from './documents/annex-iv.ts';
export { atPointer, EvidenceIndex, findRecord, resolveEvidence } from './documents/evidence.ts';
export type {
  DatasetFacts,
  PermitFacts,
  PlatformRecords,
  RunFacts,
  StationFacts,
} from './documents/platform-records.ts';
export { documentHtml, documentMarkdown } from './documents/render-document.ts';
export { TRIPOD_AI_ITEM_IDS, tripodAi } from './documents/tripod-ai.ts';
export { landscapeExamples, landscapeOverview } from './landscape/landscape.ts';
export { type CatalogueFacts, matchSolutions } from './matchmaking/match.ts';
export { MIN_ORGANISATIONS, readinessThemes, themeScores } from './readiness/readiness.ts';
export { type DryRunRequest, dryRun } from './sandbox/dry-run.ts';
export {
  type CalibrationRow,
  createTwinStation,
  type TwinSpec,
  type TwinStation,
} from './sandbox/twin-station.ts';
