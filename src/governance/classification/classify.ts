import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { AiActClasses, Classification, ClassificationAnswers } from '../../api/governance-schemas.ts';
import { BilingualSchema, type Facts, loadTree, type TreeIdentity, walkTree } from './decision-tree.ts';

const rules = (name: string) => new URL(`./rules/${name}`, import.meta.url);

const DutiesFileSchema = z.object({
  id: z.string(),
  version: z.string(),
  sources: z.array(z.string()),
  transparency: z.array(
    z.object({
      fact: z.string(),
      who: z.enum(['provider', 'deployer']),
      article: z.string(),
      question: BilingualSchema,
      text: BilingualSchema,
    }),
  ),
  duties: z.array(
    z.object({
      classes: z.array(z.enum(['high-risk', 'limited-risk', 'minimal-risk'])),
      who: z.enum(['provider', 'deployer']),
      article: z.string(),
      text: BilingualSchema,
    }),
  ),
});

function loadDuties(): { file: z.infer<typeof DutiesFileSchema>; identity: TreeIdentity } {
  const text = readFileSync(rules('ai-act-duties.json'), 'utf8');
  const file = DutiesFileSchema.parse(JSON.parse(text));
  return {
    file,
    identity: { id: file.id, version: file.version, sha256: createHash('sha256').update(text).digest('hex') },
  };
}

/** The rule files, read and checked once. */
export const classificationRules = {
  mdr: loadTree(rules('mdr-rule-11.json')),
  aiAct: loadTree(rules('ai-act-risk-class.json')),
  duties: loadDuties(),
};

export type OrganisationRole = 'provider' | 'deployer' | 'provider-and-deployer';

/**
 * Classifies an AI system under the MDR (Rule 11) and the AI Act from its questionnaire answers: the
 * MDR tree first (its class is a fact the AI Act tree reads, Article 6(1)), then the AI Act tree, then
 * the transparency duties of Article 50 and the duties of the role. A minimal-risk system with a
 * transparency duty is `limited-risk`.
 */
export function classify(answers: ClassificationAnswers, role: OrganisationRole): Classification {
  const { mdr: mdrRules, aiAct: aiRules, duties: dutyRules } = classificationRules;
  const facts: Facts = { ...answers };
  const mdr = walkTree(mdrRules.tree, facts);
  const mdrClass = mdr.status === 'decided' ? (mdr.outcome.class ?? null) : null;
  const aiAct = walkTree(aiRules.tree, { ...facts, mdrClass: mdrClass ?? undefined });
  let aiActClass: (typeof AiActClasses)[number] | null = null;
  let aiActGround: string | null = null;
  if (aiAct.status === 'decided') {
    aiActClass = aiAct.outcome.class as (typeof AiActClasses)[number];
    aiActGround = aiAct.outcome.ground ?? null;
  }
  const inScope = aiActClass !== null && aiActClass !== 'out-of-scope' && aiActClass !== 'prohibited';
  const transparency: Classification['transparency'] = [];
  const unanswered: Classification['unanswered'] = [];
  if (inScope || aiActClass === null)
    for (const t of dutyRules.file.transparency) {
      const a = facts[t.fact];
      if (a === undefined) unanswered.push({ fact: t.fact, question: t.question, article: t.article });
      else if (a === true) transparency.push({ fact: t.fact, who: t.who, article: t.article, text: t.text });
    }
  if (aiActClass === 'minimal-risk' && transparency.length > 0) aiActClass = 'limited-risk';
  const roles = role === 'provider-and-deployer' ? ['provider', 'deployer'] : [role];
  const duties: Classification['duties'] = [];
  if (inScope && aiActClass) {
    const cls = aiActClass;
    for (const d of dutyRules.file.duties)
      if (d.classes.includes(cls as never) && roles.includes(d.who))
        duties.push({ who: d.who, article: d.article, text: d.text });
    for (const t of transparency)
      if (roles.includes(t.who)) duties.push({ who: t.who, article: t.article, text: t.text });
  }
  return {
    complete: mdr.status === 'decided' && aiAct.status === 'decided' && unanswered.length === 0,
    mdrClass,
    aiActClass,
    aiActGround,
    mdr,
    aiAct,
    transparency,
    unanswered: inScope || aiActClass === null ? unanswered : [],
    duties,
    trees: { mdr: mdrRules.identity, aiAct: aiRules.identity, duties: dutyRules.identity },
  };
}
