import { describe, expect, it } from 'vitest';
import { DecisionTreeSchema, walkTree } from './decision-tree.ts';

const text = { nl: 'tekst', en: 'text' };
const tree = (nodes: Record<string, unknown>, start = 'q') => ({
  id: 't',
  version: '1',
  title: text,
  sources: ['a law'],
  start,
  nodes,
});

describe('decision trees as data', () => {
  it('names a branch that leads nowhere, and a missing start', () => {
    const r = DecisionTreeSchema.safeParse(
      tree(
        {
          q: {
            kind: 'question',
            fact: 'f',
            question: text,
            citation: 'c',
            branches: { yes: { next: 'gone', reasoning: text } },
          },
        },
        'nope',
      ),
    );
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['start', 'nodes.q.branches.yes.next']);
  });
  it('refuses to loop', () => {
    const t = DecisionTreeSchema.parse(
      tree({
        q: {
          kind: 'question',
          fact: 'f',
          question: text,
          citation: 'c',
          branches: { yes: { next: 'q', reasoning: text } },
        },
      }),
    );
    expect(() => walkTree(t, { f: true })).toThrow(/loops at q/);
  });
  it('treats an answer the node does not know as unanswered', () => {
    const t = DecisionTreeSchema.parse(
      tree({
        q: {
          kind: 'question',
          fact: 'f',
          question: text,
          citation: 'c',
          branches: { yes: { next: 'o', reasoning: text } },
        },
        o: { kind: 'outcome', outcome: { class: 'x' }, citation: 'c', reasoning: text },
      }),
    );
    const r = walkTree(t, { f: 'maybe' });
    expect(r.status === 'incomplete' && r.missing.answers).toEqual(['yes']);
    expect(walkTree(t, { f: true })).toMatchObject({ status: 'decided', outcome: { class: 'x' } });
  });
});
