import type { AiSystem, AiSystemInput } from '../../../../../src/api/index.ts';

/** What the AI system form holds while it is being typed. */
export interface SystemForm {
  name: string;
  version: string;
  organisation: string;
  organisationRole: string;
  intendedPurpose: string;
  intendedUsers: string;
  setting: string;
  decisionInformed: string;
  autonomy: string;
  modelIds: string[];
  publishInRegister: boolean;
}

export const blankSystem: SystemForm = {
  name: '',
  version: '1.0.0',
  organisation: '',
  organisationRole: 'provider',
  intendedPurpose: '',
  intendedUsers: '',
  setting: '',
  decisionInformed: '',
  autonomy: 'recommends',
  modelIds: [],
  publishInRegister: false,
};

export const formOf = (s: AiSystem): SystemForm => ({
  name: s.name,
  version: s.version,
  organisation: s.organisation,
  organisationRole: s.organisationRole,
  intendedPurpose: s.intendedPurpose,
  intendedUsers: s.intendedUsers,
  setting: s.setting,
  decisionInformed: s.decisionInformed,
  autonomy: s.autonomy,
  modelIds: s.modelIds,
  publishInRegister: s.publishInRegister,
});

/** The longest text each field takes (as the hub's schema says). */
export const MAX: Record<
  'name' | 'version' | 'organisation' | 'intendedPurpose' | 'intendedUsers' | 'setting' | 'decisionInformed',
  number
> = {
  name: 200,
  version: 50,
  organisation: 200,
  intendedPurpose: 4000,
  intendedUsers: 1000,
  setting: 1000,
  decisionInformed: 1000,
};

export type SystemProblem = 'empty' | 'tooLong';

/** The fields the form can already name as wrong before sending: empty, or longer than the hub takes. */
export function systemProblems(f: SystemForm): Partial<Record<keyof typeof MAX, SystemProblem>> {
  const out: Partial<Record<keyof typeof MAX, SystemProblem>> = {};
  for (const [k, max] of Object.entries(MAX) as [keyof typeof MAX, number][]) {
    const v = f[k].trim();
    if (!v) out[k] = 'empty';
    else if (v.length > max) out[k] = 'tooLong';
  }
  return out;
}

/** The body the hub takes; answers given before stay with the system. */
export function systemBody(f: SystemForm, answers: AiSystem['answers'] = {}): AiSystemInput {
  return {
    name: f.name.trim(),
    version: f.version.trim(),
    organisation: f.organisation.trim(),
    organisationRole: f.organisationRole as AiSystemInput['organisationRole'],
    intendedPurpose: f.intendedPurpose.trim(),
    intendedUsers: f.intendedUsers.trim(),
    setting: f.setting.trim(),
    decisionInformed: f.decisionInformed.trim(),
    autonomy: f.autonomy as AiSystemInput['autonomy'],
    modelIds: f.modelIds,
    answers,
    publishInRegister: f.publishInRegister,
  };
}
