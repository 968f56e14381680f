import type { DocBlock, EvidenceRef, GovernanceDocument } from '../../api/governance-schemas.ts';

const STATUS = {
  filled: 'filled from evidence',
  partial: 'partly filled',
  'to-complete': 'to be completed by the provider',
};
const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

const mdCell = (v: unknown) => String(v).replaceAll('|', '\\|').replaceAll('\n', ' ');
const mdLink = (r: EvidenceRef) => `[${r.label}](${r.href}${r.pointer ? `#${r.pointer}` : ''})`;

function mdBlock(b: DocBlock): string {
  switch (b.kind) {
    case 'text':
      return b.text;
    case 'figure':
      return `- **${b.label}**: ${b.value}${b.unit ? ` ${b.unit}` : ''} (source: ${mdLink(b.source)})`;
    case 'table':
      return [
        `*${b.caption}* (source: ${mdLink(b.source)})`,
        '',
        `| ${b.head.map(mdCell).join(' | ')} |`,
        `|${b.head.map(() => '---').join('|')}|`,
        ...b.rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
      ].join('\n');
  }
}

/** The document as Markdown: each item with its status, content, evidence links and what is still needed. */
export function documentMarkdown(d: GovernanceDocument): string {
  const c = d.completeness;
  const parts = [
    `# ${d.title}`,
    `Following ${d.standard}. Generated ${d.generatedAt} from the platform's records (model \`${d.subject.modelId}\`${d.subject.systemId ? `, AI system \`${d.subject.systemId}\`` : ''}).`,
    `**Completeness: ${pct(c.score)}** — ${c.filled} of ${c.total} filled from evidence, ${c.partial} partly, ${c.toComplete} to be completed by the provider.`,
  ];
  for (const i of d.items) {
    parts.push(`## ${i.id}. ${i.title}`, `*${i.requirement}* — **${STATUS[i.status]}**`);
    for (const b of i.blocks) parts.push(mdBlock(b));
    if (i.evidence.length) parts.push(`Evidence: ${i.evidence.map(mdLink).join(', ')}`);
    if (i.needed) parts.push(`> To be completed by the provider: ${i.needed}`);
  }
  return `${parts.join('\n\n')}\n`;
}

const esc = (v: unknown) =>
  String(v)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
const link = (r: EvidenceRef) =>
  `<a href="${esc(r.href)}${r.pointer ? `#${esc(r.pointer)}` : ''}">${esc(r.label)}</a>`;

function htmlBlock(b: DocBlock): string {
  switch (b.kind) {
    case 'text':
      return `<p>${esc(b.text)}</p>`;
    case 'figure':
      return `<p class="figure"><strong>${esc(b.label)}</strong>: ${esc(b.value)}${b.unit ? ` ${esc(b.unit)}` : ''} <span class="src">(${link(b.source)})</span></p>`;
    case 'table':
      return `<table><caption>${esc(b.caption)} <span class="src">(${link(b.source)})</span></caption><thead><tr>${b.head
        .map((h) => `<th>${esc(h)}</th>`)
        .join('')}</tr></thead><tbody>${b.rows
        .map((r) => `<tr>${r.map((v) => `<td>${esc(v)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;
  }
}

/** The document as a standalone HTML page that prints well (A4, no item split across pages where possible). */
export function documentHtml(d: GovernanceDocument): string {
  const c = d.completeness;
  const items = d.items
    .map(
      (i) => `<section class="item ${i.status}"><h2>${esc(i.id)}. ${esc(i.title)}</h2>
<p class="req">${esc(i.requirement)} <span class="status">${esc(STATUS[i.status])}</span></p>
${i.blocks.map(htmlBlock).join('\n')}
${i.evidence.length ? `<p class="evidence">Evidence: ${i.evidence.map(link).join(', ')}</p>` : ''}
${i.needed ? `<p class="needed">To be completed by the provider: ${esc(i.needed)}</p>` : ''}</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(d.title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}td,th{border:1px solid #bbb;padding:.15rem .4rem;text-align:left}
caption{text-align:left;font-style:italic}.req{color:#444;font-style:italic}.status{font-style:normal;font-weight:600;margin-left:.5rem}
.filled .status{color:#065f46}.partial .status{color:#92400e}.to-complete .status{color:#991b1b}
.needed{border-left:3px solid #991b1b;padding-left:.5rem}.src,.evidence{font-size:.85rem;color:#555}
@page{size:A4;margin:18mm}@media print{body{margin:0;max-width:none}section.item{break-inside:avoid-page}a{color:inherit}a[href]::after{content:" (" attr(href) ")";font-size:.75rem}}
</style></head><body>
<h1>${esc(d.title)}</h1>
<p>Following ${esc(d.standard)}. Generated ${esc(d.generatedAt)} from the platform's records.</p>
<p><strong>Completeness: ${esc(pct(c.score))}</strong> — ${c.filled} of ${c.total} filled from evidence, ${c.partial} partly, ${c.toComplete} to be completed by the provider.</p>
${items}
</body></html>
`;
}
