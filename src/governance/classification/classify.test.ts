import { describe, expect, it } from 'vitest';
import {
  AnnexIIIAreas,
  AnnexIIIDerogations,
  ClassificationAnswersSchema,
  ClassificationSchema,
  DecisionImpacts,
  DeviceClasses,
  ProhibitedPractices,
} from '../../api/governance-schemas.ts';
import { classificationRules, classify } from './classify.ts';
import type { DecisionTree, WalkResult } from './decision-tree.ts';
import { referenceCases } from './reference-cases.ts';

const citations = (r: WalkResult) =>
  r.status === 'decided' ? [r.citation, ...r.path.map((s) => s.citation)] : r.path.map((s) => s.citation);

describe('reference cases walk to the classes the law gives them', () => {
  it('has at least 12 cases', () => {
    expect(referenceCases.length).toBeGreaterThanOrEqual(12);
  });
  for (const c of referenceCases)
    it(c.name, () => {
      const r = classify(ClassificationAnswersSchema.parse(c.answers), c.role);
      expect(ClassificationSchema.parse(r)).toEqual(r);
      expect(r.complete).toBe(true);
      expect(r.mdrClass).toBe(c.expected.mdrClass);
      expect(r.aiActClass).toBe(c.expected.aiActClass);
      expect(r.aiActGround).toBe(c.expected.aiActGround);
      expect(citations(r.mdr)).toContain(c.expected.mdrRule);
      expect(citations(r.aiAct)).toContain(c.expected.aiActRule);
      for (const step of [...r.mdr.path, ...r.aiAct.path]) {
        expect(step.reasoning.nl.length).toBeGreaterThan(10);
        expect(step.reasoning.en.length).toBeGreaterThan(10);
      }
    });
});

describe('duties follow the class and the organisation’s role', () => {
  const byName = (n: string) => referenceCases.find((c) => c.name.startsWith(n))!;
  it('a high-risk provider gets Annex IV documentation and post-market monitoring; a deployer gets logs and oversight', () => {
    const c = byName('One-year unplanned-admission');
    const provider = classify(c.answers, 'provider');
    expect(provider.duties.map((d) => d.article)).toEqual(
      expect.arrayContaining(['AI Act Article 11; Annex IV', 'AI Act Articles 72 and 73']),
    );
    expect(provider.duties.every((d) => d.who === 'provider')).toBe(true);
    const deployer = classify(c.answers, 'deployer');
    expect(deployer.duties.map((d) => d.article)).toContain('AI Act Article 26(6)');
    expect(deployer.duties.every((d) => d.who === 'deployer')).toBe(true);
    const both = classify(c.answers, 'provider-and-deployer');
    expect(both.duties.length).toBe(provider.duties.length + deployer.duties.length);
  });
  it('a chatbot’s provider must tell people they talk to an AI system (Article 50(1))', () => {
    const r = classify(byName('Patient chatbot').answers, 'provider');
    expect(r.transparency.map((t) => t.article)).toEqual(['AI Act Article 50(1)']);
    expect(r.duties.map((d) => d.article)).toContain('AI Act Article 50(1)');
  });
  it('prohibited and out-of-scope systems carry no duties of a class', () => {
    expect(classify(byName('Nurse stress').answers, 'deployer').duties).toEqual([]);
    expect(classify(byName('PACS viewer').answers, 'provider').duties).toEqual([]);
  });
});

describe('unanswered questions', () => {
  it('names the first question still needed, with its rule', () => {
    const r = classify({ aiSystem: true, researchOnly: false, prohibitedPractice: 'none' }, 'provider');
    expect(r.complete).toBe(false);
    expect(r.mdr.status).toBe('incomplete');
    if (r.mdr.status === 'incomplete') {
      expect(r.mdr.missing.fact).toBe('drivesHardwareDevice');
      expect(r.mdr.missing.citation).toBe('MDR Annex VIII, implementing rule 3.3');
    }
    // The AI Act tree needs the MDR class (Article 6(1)) before it can go on.
    expect(r.aiAct.status === 'incomplete' && r.aiAct.missing.fact).toBe('mdrClass');
    expect(r.unanswered.map((u) => u.fact)).toContain('interactsWithPersons');
  });
  it('an empty questionnaire starts at the definition of an AI system and of a medical device', () => {
    const r = classify({}, 'provider');
    expect(r.aiAct.status === 'incomplete' && r.aiAct.missing.citation).toBe('AI Act Article 3(1)');
    expect(r.mdrClass).toBeNull();
    expect(r.aiActClass).toBeNull();
  });
  it('refuses an answer that is not one of the choices', () => {
    const r = ClassificationAnswersSchema.safeParse({ decisionImpact: 'mild', medicalPurposes: true });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['decisionImpact', '']),
    );
  });
});

function branchValues(tree: DecisionTree, fact: string): string[] {
  const values = new Set<string>();
  for (const n of Object.values(tree.nodes))
    if (n.kind === 'question' && n.fact === fact) for (const k of Object.keys(n.branches)) values.add(k);
  return [...values].sort();
}

describe('the rule files', () => {
  const { mdr, aiAct, duties } = classificationRules;
  it('offer exactly the answers the questionnaire schema allows', () => {
    expect(branchValues(aiAct.tree, 'prohibitedPractice')).toEqual([...ProhibitedPractices].sort());
    expect(branchValues(aiAct.tree, 'annexIIIArea')).toEqual([...AnnexIIIAreas].sort());
    expect(branchValues(aiAct.tree, 'annexIIIDerogation')).toEqual([...AnnexIIIDerogations].sort());
    expect(branchValues(mdr.tree, 'decisionImpact')).toEqual([...DecisionImpacts].sort());
    expect(branchValues(mdr.tree, 'drivenDeviceClass')).toEqual([...DeviceClasses].sort());
    const asked = new Set(
      [mdr.tree, aiAct.tree].flatMap((t) =>
        Object.values(t.nodes).flatMap((n) => (n.kind === 'question' ? [n.fact] : [])),
      ),
    );
    for (const t of duties.file.transparency) asked.add(t.fact);
    asked.delete('mdrClass'); // derived from the MDR tree, not asked
    expect([...asked].sort()).toEqual(Object.keys(ClassificationAnswersSchema.shape).sort());
  });
  it('reach every node from the start, and every MDR class outcome appears in the AI Act tree', () => {
    for (const { tree } of [mdr, aiAct]) {
      const seen = new Set<string>();
      const todo = [tree.start];
      while (todo.length) {
        const id = todo.pop()!;
        if (seen.has(id)) continue;
        seen.add(id);
        const n = tree.nodes[id]!;
        if (n.kind === 'question') todo.push(...Object.values(n.branches).map((b) => b.next));
      }
      expect([...seen].sort()).toEqual(Object.keys(tree.nodes).sort());
    }
    const mdrClasses = new Set(
      Object.values(mdr.tree.nodes).flatMap((n) => (n.kind === 'outcome' ? [n.outcome.class!] : [])),
    );
    expect([...mdrClasses].sort()).toEqual(branchValues(aiAct.tree, 'mdrClass'));
  });
  it('carry a version and a content hash with every classification', () => {
    const r = classify({}, 'provider');
    expect(r.trees.mdr).toMatchObject({ id: 'mdr-rule-11', version: '1.0.0' });
    expect(r.trees.aiAct.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
