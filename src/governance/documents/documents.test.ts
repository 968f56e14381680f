import { describe, expect, it } from 'vitest';
import {
  AlgorithmRegisterExportSchema,
  type EvidenceRef,
  type GovernanceDocument,
  GovernanceDocumentSchema,
} from '../../api/governance-schemas.ts';
import { algorithmRegisterEntry } from './algorithm-register.ts';
import { annexIv } from './annex-iv.ts';
import { resolveEvidence } from './evidence.ts';
import { platformRecordsFixture } from './platform-records.fixture.ts';
import type { PlatformRecords } from './platform-records.ts';
import { documentHtml, documentMarkdown } from './render-document.ts';
import { TRIPOD_AI_ITEM_IDS, tripodAi } from './tripod-ai.ts';

const now = new Date('2026-12-06T12:00:00Z');

/** Every reference in a document, with where it sits. */
function references(d: GovernanceDocument): { where: string; ref: EvidenceRef }[] {
  return d.items.flatMap((i) => [
    ...i.evidence.map((ref) => ({ where: `${i.id} evidence`, ref })),
    ...i.blocks.flatMap((b, k) =>
      b.kind === 'text' ? [] : [{ where: `${i.id} block ${k}`, ref: b.source }],
    ),
  ]);
}

/** No fabricated value: every cited record exists, every figure equals the value it cites. */
function expectBackedByRecords(d: GovernanceDocument, records: PlatformRecords) {
  for (const i of d.items)
    if (i.status !== 'to-complete')
      expect(i.evidence.length, `${d.kind} ${i.id} has no evidence`).toBeGreaterThan(0);
  // A reference must reach a value: null (a field the record leaves empty) is no evidence either.
  for (const { where, ref } of references(d))
    expect(
      resolveEvidence(records, ref) ?? undefined,
      `${d.kind} ${where}: ${ref.kind} ${ref.id} ${ref.pointer ?? ''}`,
    ).toBeDefined();
  for (const i of d.items)
    for (const b of i.blocks)
      if (b.kind === 'figure') {
        const v = resolveEvidence(records, b.source);
        if (typeof v === 'number')
          expect(Math.abs(v - Number(b.value)), `${i.id} ${b.label}`).toBeLessThanOrEqual(0.0005);
        else expect(b.value).toBe(v);
      }
}

describe('TRIPOD+AI from the platform records', () => {
  const records = platformRecordsFixture();
  const d = tripodAi(records, now);

  it('lists all 27 items with their 52 parts', () => {
    expect(GovernanceDocumentSchema.parse(d)).toEqual(d);
    expect(d.items.map((i) => i.id)).toEqual(TRIPOD_AI_ITEM_IDS);
    expect(d.items).toHaveLength(52);
    expect(new Set(d.items.map((i) => i.id.replace(/[a-z]$/, ''))).size).toBe(27);
  });
  it('fills at least 80% from evidence for a trained, validated model', () => {
    expect(d.completeness.score).toBeGreaterThanOrEqual(0.8);
  });
  it('cites only records that exist, and every figure is the value it cites', () => {
    expectBackedByRecords(d, records);
  });
  it('leaves author-only items to the provider with what is needed', () => {
    const funding = d.items.find((i) => i.id === '18a')!;
    expect(funding.status).toBe('to-complete');
    expect(funding.needed).toMatch(/funding/);
  });
});

describe('Annex IV from the platform records', () => {
  const records = platformRecordsFixture();
  const d = annexIv(records, now);
  const status = (id: string) => d.items.find((i) => i.id === id)?.status;

  it('has every section of the annex', () => {
    expect(d.items.map((i) => i.id)).toEqual([
      '1(a)',
      '1(b)',
      '1(c)',
      '1(d)',
      '1(e)',
      '1(f)',
      '1(g)',
      '1(h)',
      '2(a)',
      '2(b)',
      '2(c)',
      '2(d)',
      '2(e)',
      '2(f)',
      '2(g)',
      '2(h)',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
    ]);
  });
  it('fills the data, validation, performance, bias and logging sections from evidence', () => {
    for (const id of ['2(d)', '2(g)', '3', '4']) expect(status(id), id).toBe('filled');
    const s3 = d.items.find((i) => i.id === '3')!;
    expect(s3.blocks.some((b) => b.kind === 'figure' && b.source.kind === 'audit')).toBe(true);
    expect(JSON.stringify(s3)).toMatch(/ageBand/);
  });
  it('cites only records that exist, and every figure is the value it cites', () => {
    expectBackedByRecords(d, records);
  });
  it('marks what only the provider can give as to be completed', () => {
    for (const id of ['1(b)', '7', '8', '9']) expect(status(id)).toBe('to-complete');
    expect(d.completeness.total).toBe(23);
  });
});

describe('Annex IV post-market monitoring (section 9) from a linked outcome monitor', () => {
  it('says what is needed when no monitor is linked', () => {
    const s9 = annexIv(platformRecordsFixture(), now).items.find((i) => i.id === '9')!;
    expect(s9.status).toBe('to-complete');
    expect(s9.needed).toMatch(/No outcome monitor is linked.*monitorIds/);
  });
  it('fills the definition, indicators, alert rule and latest run from the monitor, citing both', () => {
    const records = platformRecordsFixture();
    records.runs.push({
      id: 'run-monitor-2026-10',
      permitId: 'permit-ph',
      algorithm: { name: 'outcome-monitor', version: '1.0.0', hash: 'f'.repeat(64) },
      status: 'done',
      answered: [],
    });
    records.monitors = [
      {
        id: 'mon-1',
        name: 'Opnamerisico na invoering',
        owner: 'Zorgverzekeraar Noord',
        permitId: 'permit-ph',
        createdAt: '2026-06-01T00:00:00.000Z',
        indicators: ['ed-visits', 'unplanned-admissions'],
        alert: {
          indicator: 'unplanned-admissions',
          method: 'group-sequential-wald',
          alpha: 0.05,
          higherIsWorse: true,
        },
        followUpMonths: 24,
        latest: {
          month: '2026-10',
          runId: 'run-monitor-2026-10',
          status: 'done',
          alerts: ['safety (2026-09)'],
        },
      },
    ];
    const d = annexIv(records, now);
    const s9 = d.items.find((i) => i.id === '9')!;
    expect(s9.status).toBe('partial');
    expect([...new Set(s9.evidence.map((r) => `${r.kind}:${r.id}`))]).toEqual([
      'monitor:mon-1',
      'run:run-monitor-2026-10',
    ]);
    const words = JSON.stringify(s9.blocks);
    for (const w of [
      'ed-visits, unplanned-admissions',
      'group-sequential-wald on unplanned-admissions',
      '0.05',
      '2026-10',
      'safety (2026-09)',
      '/api/runs/run-monitor-2026-10',
    ])
      expect(words).toContain(w);
    expect(s9.needed).toMatch(/Article 73/);
    expectBackedByRecords(d, records);
    expect(d.completeness.score).toBeGreaterThan(annexIv(platformRecordsFixture(), now).completeness.score);
  });
});

describe('missing records are never filled in', () => {
  it('a model without validations leaves validation and performance to the provider', () => {
    const records = platformRecordsFixture();
    records.model.validations = [];
    const d = annexIv(records, now);
    expect(d.items.find((i) => i.id === '2(g)')!.status).toBe('to-complete');
    expect(d.items.find((i) => i.id === '3')!.status).toBe('to-complete');
    expect(tripodAi(records, now).completeness.score).toBeLessThan(0.8);
    expectBackedByRecords(d, records);
  });
  it('a run or permit the platform does not hold is not cited', () => {
    const records = platformRecordsFixture();
    records.runs = [];
    records.permits = [];
    records.datasets = [];
    for (const d of [annexIv(records, now), tripodAi(records, now)]) {
      expectBackedByRecords(d, records);
      expect(references(d).some(({ ref }) => ref.kind === 'run' || ref.kind === 'permit')).toBe(false);
    }
  });
});

describe('the evidence check itself', () => {
  it('fails on a citation of a record that is not there, and on a figure that is not the cited value', () => {
    const full = platformRecordsFixture();
    const d = annexIv(full, now);
    const without = { ...full, runs: [], permits: [] };
    expect(() => expectBackedByRecords(d, without)).toThrow(/(run|permit) /);
    const item = d.items.find((i) => i.blocks.some((b) => b.kind === 'figure'))!;
    const altered = structuredClone(d);
    const fig = altered.items.find((i) => i.id === item.id)!.blocks.find((b) => b.kind === 'figure')!;
    if (fig.kind === 'figure') fig.value = typeof fig.value === 'number' ? fig.value + 1 : `${fig.value}x`;
    expect(() => expectBackedByRecords(altered, full)).toThrow();
  });
});

describe('rendering', () => {
  const d = annexIv(platformRecordsFixture(), now);
  it('Markdown shows completeness, statuses and links to the records', () => {
    const md = documentMarkdown(d);
    expect(md).toMatch(/\*\*Completeness: \d+(\.\d)?%\*\*/);
    expect(md).toContain('(/api/runs/run-validate)');
    expect(md).toContain('To be completed by the provider:');
  });
  it('HTML escapes values and prints on A4', () => {
    const records = platformRecordsFixture();
    records.system!.name = '<script>x</script>';
    const html = documentHtml(annexIv(records, now));
    expect(html).not.toContain('<script>x');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('@page{size:A4');
  });
});

describe('algorithm register entry', () => {
  it('follows the Algoritmeregister standard and says what is missing', () => {
    const records = platformRecordsFixture();
    const r = algorithmRegisterEntry(records);
    expect(AlgorithmRegisterExportSchema.parse(r)).toEqual(r);
    expect(r.entry.publication_category).toBe('Hoog-risico AI-systeem');
    expect(r.entry.tags).toContain('MDR IIa');
    expect(r.toComplete).toEqual(
      expect.arrayContaining(['contact_email', 'proportionality', 'impacttoetsen']),
    );
    for (const refs of Object.values(r.evidence))
      for (const ref of refs) expect(resolveEvidence(records, ref), `${ref.kind} ${ref.id}`).toBeDefined();
  });
});
