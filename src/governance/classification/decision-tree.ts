import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** A text in Dutch and English: every question and every reason is shown in both. */
export const BilingualSchema = z.object({ nl: z.string().min(1), en: z.string().min(1) });
export type Bilingual = z.infer<typeof BilingualSchema>;

const BranchSchema = z.object({
  next: z.string().min(1),
  /** The article, annex point or rule this answer rests on when it differs from the question's. */
  citation: z.string().optional(),
  reasoning: BilingualSchema,
});

const QuestionNodeSchema = z.object({
  kind: z.literal('question'),
  /** The fact (questionnaire answer) the node reads. */
  fact: z.string().min(1),
  question: BilingualSchema,
  citation: z.string().min(1),
  /** One branch per possible answer (booleans are answered `yes` / `no`). */
  branches: z.record(z.string(), BranchSchema),
});

const OutcomeNodeSchema = z.object({
  kind: z.literal('outcome'),
  /** The decision, e.g. `{ "class": "IIa" }` or `{ "class": "high-risk", "ground": "annex-i" }`. */
  outcome: z.record(z.string(), z.string()),
  citation: z.string().min(1),
  reasoning: BilingualSchema,
});

const NodeSchema = z.discriminatedUnion('kind', [QuestionNodeSchema, OutcomeNodeSchema]);
export type TreeNode = z.infer<typeof NodeSchema>;

/** A decision tree as data: rules with their citations and reasons, walked by {@link walkTree}. */
export const DecisionTreeSchema = z
  .object({
    id: z.string().min(1),
    version: z.string().min(1),
    title: BilingualSchema,
    /** The legal texts the tree encodes. */
    sources: z.array(z.string()).min(1),
    start: z.string().min(1),
    nodes: z.record(z.string(), NodeSchema),
  })
  .superRefine((tree, ctx) => {
    if (!tree.nodes[tree.start])
      ctx.addIssue({ code: 'custom', message: `start node ${tree.start} does not exist`, path: ['start'] });
    for (const [id, node] of Object.entries(tree.nodes)) {
      if (node.kind !== 'question') continue;
      for (const [answer, b] of Object.entries(node.branches))
        if (!tree.nodes[b.next])
          ctx.addIssue({
            code: 'custom',
            message: `branch leads to unknown node ${b.next}`,
            path: ['nodes', id, 'branches', answer, 'next'],
          });
    }
  });
export type DecisionTree = z.infer<typeof DecisionTreeSchema>;

/** Answers to a tree's questions; booleans count as `yes` / `no`. */
export type Facts = Record<string, string | boolean | undefined>;

/** One step of a decision path: the question, the answer given, the rule and the reason. */
export interface PathStep {
  node: string;
  fact: string;
  question: Bilingual;
  answer: string;
  citation: string;
  reasoning: Bilingual;
}

export type WalkResult =
  | {
      status: 'decided';
      outcome: Record<string, string>;
      citation: string;
      reasoning: Bilingual;
      path: PathStep[];
    }
  | {
      status: 'incomplete';
      /** The first question that has no (valid) answer yet. */
      missing: { node: string; fact: string; question: Bilingual; answers: string[]; citation: string };
      path: PathStep[];
    };

const answerText = (v: string | boolean): string => (v === true ? 'yes' : v === false ? 'no' : v);

/**
 * Walks a tree from its start with the given facts and returns the decision with the path that led
 * there, or the first question still to be answered (an answer the node does not know counts as none).
 *
 * @example
 * walkTree(mdrRule11, { drivesHardwareDevice: false, beyondStorageCommunication: true, … })
 */
export function walkTree(tree: DecisionTree, facts: Facts): WalkResult {
  const path: PathStep[] = [];
  const seen = new Set<string>();
  let id = tree.start;
  for (;;) {
    if (seen.has(id)) throw new Error(`decision tree ${tree.id} loops at ${id}`);
    seen.add(id);
    const node = tree.nodes[id];
    if (!node) throw new Error(`decision tree ${tree.id} has no node ${id}`);
    if (node.kind === 'outcome')
      return {
        status: 'decided',
        outcome: node.outcome,
        citation: node.citation,
        reasoning: node.reasoning,
        path,
      };
    const given = facts[node.fact];
    const answer = given === undefined ? undefined : answerText(given);
    const branch = answer === undefined ? undefined : node.branches[answer];
    if (answer === undefined || !branch)
      return {
        status: 'incomplete',
        missing: {
          node: id,
          fact: node.fact,
          question: node.question,
          answers: Object.keys(node.branches),
          citation: node.citation,
        },
        path,
      };
    path.push({
      node: id,
      fact: node.fact,
      question: node.question,
      answer,
      citation: branch.citation ?? node.citation,
      reasoning: branch.reasoning,
    });
    id = branch.next;
  }
}

/** The identity of a tree version: id, version and the SHA-256 of its file, kept with every decision. */
export interface TreeIdentity {
  id: string;
  version: string;
  sha256: string;
}

export function loadTree(url: URL): { tree: DecisionTree; identity: TreeIdentity } {
  const text = readFileSync(url, 'utf8');
  const tree = DecisionTreeSchema.parse(JSON.parse(text));
  return {
    tree,
    identity: { id: tree.id, version: tree.version, sha256: createHash('sha256').update(text).digest('hex') },
  };
}
