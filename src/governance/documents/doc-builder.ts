import type {
  Completeness,
  DocBlock,
  DocItem,
  EvidenceRef,
  GovernanceDocument,
} from '../../api/governance-schemas.ts';

export interface ItemSpec {
  id: string;
  title: string;
  requirement: string;
}

const defined = <T>(xs: (T | undefined | null | false)[]): T[] => xs.filter((x): x is T => !!x);

/**
 * One item. An item meant as `filled` or `partial` without any evidence behind it becomes
 * `to-complete`: nothing counts as filled unless a record backs it.
 */
export function item(
  spec: ItemSpec,
  status: DocItem['status'],
  blocks: (DocBlock | undefined | false)[],
  evidence: (EvidenceRef | undefined | false)[],
  needed?: string,
): DocItem {
  const bs = defined(blocks);
  const sources = defined([...evidence, ...bs.map((b) => (b.kind === 'text' ? undefined : b.source))]);
  const unique = [...new Map(sources.map((s) => [`${s.kind}:${s.id}:${s.pointer ?? ''}`, s])).values()];
  const backed = unique.length > 0;
  const finalStatus = status !== 'to-complete' && !backed ? 'to-complete' : status;
  return {
    ...spec,
    status: finalStatus,
    blocks: finalStatus === 'to-complete' && !backed ? [] : bs,
    evidence: unique,
    ...(needed && finalStatus !== 'filled' ? { needed } : {}),
  };
}

export const toComplete = (spec: ItemSpec, needed: string): DocItem =>
  item(spec, 'to-complete', [], [], needed);

export const text = (t: string): DocBlock => ({ kind: 'text', text: t });

export function completeness(items: DocItem[]): Completeness {
  const filled = items.filter((i) => i.status === 'filled').length;
  const partial = items.filter((i) => i.status === 'partial').length;
  const total = items.length;
  return {
    filled,
    partial,
    toComplete: total - filled - partial,
    total,
    score: total === 0 ? 0 : Math.round(((filled + partial / 2) / total) * 1000) / 1000,
  };
}

export function document(
  kind: GovernanceDocument['kind'],
  title: string,
  standard: string,
  subject: GovernanceDocument['subject'],
  items: DocItem[],
  now: Date,
): GovernanceDocument {
  return {
    kind,
    title,
    standard,
    subject,
    generatedAt: now.toISOString(),
    items,
    completeness: completeness(items),
  };
}

export const r3 = (v: number) => Math.round(v * 1000) / 1000;
