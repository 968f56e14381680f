import type { SelectNode, ViewDefinition } from './view-definition.ts';

/** One output column of a view, in table order. */
export interface ViewColumnInfo {
  name: string;
  type?: string;
  collection: boolean;
}

/**
 * The columns a view produces, in the order the spec defines: a node's own columns, then those of its
 * nested selects, then those of its unionAll (all branches share the same columns).
 */
export function viewColumns(view: ViewDefinition): ViewColumnInfo[] {
  const out: ViewColumnInfo[] = [];
  collect(view.root, out);
  return out;
}

function collect(node: SelectNode, out: ViewColumnInfo[]): void {
  for (const c of node.column) {
    out.push(
      c.type === undefined
        ? { name: c.name, collection: c.collection }
        : {
            name: c.name,
            type: c.type,
            collection: c.collection,
          },
    );
  }
  for (const s of node.select) collect(s, out);
  const first = node.unionAll[0];
  if (first) collect(first, out);
}

/** Column names of one select node subtree (used to check that unionAll branches agree). */
export function nodeColumnNames(node: SelectNode): string[] {
  const names: string[] = [];
  const walk = (n: SelectNode) => {
    for (const c of n.column) names.push(c.name);
    for (const s of n.select) walk(s);
    const first = n.unionAll[0];
    if (first) walk(first);
  };
  walk(node);
  return names;
}
