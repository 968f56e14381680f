/**
 * FHIR R4 structural validation derived from the official StructureDefinitions.
 * See `docs/decisions/fhir-validation.md` for what is checked and why.
 */
export {
  inspectResource,
  isR4ResourceType,
  isUnknownResourceTypeIssue,
  type ResourceInspection,
  referencesOf,
  UNKNOWN_RESOURCE_TYPE,
  validateResource,
} from './validate-resource.ts';
