import { Command, Option } from 'commander';
import type { ReadinessView } from '../../api/index.ts';
import { type HubOptions, hubClient, withHubOptions } from './hub-session.ts';
import { readJsonFile } from './parse-options.ts';
import { printJson, textTable } from './text-table.ts';

type Lang = 'en' | 'nl';
const bar = (score: number) =>
  `${'█'.repeat(Math.round(score / 10)).padEnd(10, '·')} ${String(score).padStart(3)}`;

/** The scores as bars (the radar as text), the network median beside them, and the next steps. */
export function formatReadiness(v: ReadinessView, lang: Lang = 'en'): string {
  const lines = [`AI-readiness of ${v.organisationId} (${v.assessment.submittedAt.slice(0, 10)})`];
  for (const s of v.assessment.scores) {
    const t = v.network.themes.find((x) => x.theme === s.theme);
    const net =
      t?.median != null
        ? `   network median ${t.median}`
        : t?.mean != null
          ? `   network mean ${t.mean}`
          : '';
    lines.push(`  ${s.title[lang].padEnd(40)} ${bar(s.score)}${net}${s.low ? '  LOW' : ''}`);
  }
  if (v.network.organisations < v.network.minOrganisations)
    lines.push(
      `  (network comparison from ${v.network.minOrganisations} organisations on; now ${v.network.organisations})`,
    );
  if (v.network.takenAt)
    lines.push(
      `  (network figures from ${v.network.organisations} organisations on ${v.network.takenAt.slice(0, 10)}, with noise of scale ${v.network.noise.scale}; ${v.network.pending} newer assessments wait until ${v.network.snapshotStep} have changed)`,
    );
  for (const n of v.assessment.nextSteps) {
    lines.push(`Next steps: ${v.assessment.scores.find((s) => s.theme === n.theme)?.title[lang] ?? n.theme}`);
    for (const step of n.steps) lines.push(`  - ${step[lang]}`);
  }
  return lines.join('\n');
}

/** `ai4h readiness themes|submit|show`: the organisation's AI-readiness self-assessment. */
export function readinessCommand(): Command {
  const cmd = new Command('readiness')
    .description('AI-readiness self-assessment of your organisation')
    .exitOverride();
  const lang = () => new Option('--lang <lang>').choices(['en', 'nl']).default('en');
  withHubOptions(
    cmd.command('themes').description('The questionnaire (themes, questions, scale)').addOption(lang()),
  ).action(async (opts: HubOptions & { lang: Lang }) => {
    const t = await (await hubClient(opts, false)).call('readinessThemes', {});
    if (opts.json) return printJson(t);
    console.log(`scale: ${t.scale.map((s, i) => `${i} ${s[opts.lang]}`).join(', ')}`);
    for (const th of t.themes) {
      console.log(`${th.title[opts.lang]} (${th.source})`);
      for (const q of th.questions) console.log(`  ${q.id}: ${q.text[opts.lang]}`);
    }
  });
  withHubOptions(
    cmd
      .command('submit')
      .argument('<file>', 'JSON: { "question-id": 0..4, … }')
      .option('--share-name', 'let the network name your organisation as a participant')
      .addOption(lang())
      .description("Submit your organisation's answers"),
  ).action(async (file: string, opts: HubOptions & { shareName?: boolean; lang: Lang }) => {
    const answers = (await readJsonFile(file, '<file>')) as Record<string, number>;
    const v = await (await hubClient(opts, true)).call('submitReadiness', {
      body: { answers, shareName: !!opts.shareName },
    });
    if (opts.json) return printJson(v);
    console.log(formatReadiness(v, opts.lang));
  });
  withHubOptions(
    cmd
      .command('show')
      .option('--organisation <id>', 'another organisation (reviewers, auditors)')
      .addOption(lang())
      .description('The latest self-assessment'),
  ).action(async (opts: HubOptions & { organisation?: string; lang: Lang }) => {
    const v = await (await hubClient(opts, true)).call('getReadiness', {
      query: { organisationId: opts.organisation },
    });
    if (opts.json) return printJson(v);
    console.log(formatReadiness(v, opts.lang));
  });
  return cmd;
}

/** `ai4h landscape [show|add]`: initiatives by domain and phase, and the white spots. */
export function landscapeCommand(): Command {
  const cmd = new Command('landscape')
    .description('The landscape of AI-for-health initiatives and its white spots')
    .exitOverride();
  withHubOptions(
    cmd
      .command('show', { isDefault: true })
      .description('Coverage per domain × phase, white spots, initiatives'),
  ).action(async (opts: HubOptions) => {
    const l = await (await hubClient(opts, false)).call('landscape', {});
    if (opts.json) return printJson(l);
    const domains = [...new Set(l.coverage.map((c) => c.domain))];
    const cell = (d: string, p: number) =>
      String(l.coverage.find((c) => c.domain === d && c.phase === p)?.count ?? 0);
    console.log(
      textTable(
        ['domain', 'valley 1', 'valley 2', 'valley 3'],
        domains.map((d) => [d, cell(d, 1), cell(d, 2), cell(d, 3)]),
      ),
    );
    console.log(
      `white spots: ${l.whiteSpots.map((w) => `${w.domain}/valley ${w.phase}`).join(', ') || 'none'}`,
    );
    console.log(
      `provinces without a regional initiative: ${
        l.regions
          .filter((r) => r.count === 0)
          .map((r) => r.region)
          .join(', ') || 'none'
      }`,
    );
    for (const i of l.initiatives)
      console.log(
        `  ${i.example ? '[example] ' : ''}${i.name} — ${i.region}, ${i.domain}, valley ${i.phase} (${i.organisations.join(', ')}; source: ${i.source})`,
      );
  });
  withHubOptions(
    cmd
      .command('add')
      .argument('<file>', 'the initiative (JSON)')
      .description('Add an initiative (access body)'),
  ).action(async (file: string, opts: HubOptions) => {
    const i = await (await hubClient(opts, true)).call('addInitiative', {
      body: (await readJsonFile(file, '<file>')) as never,
    });
    if (opts.json) return printJson(i);
    console.log(`initiative ${i.id} added: ${i.name}`);
  });
  return cmd;
}

/** `ai4h match need|solution|list|show`: care needs, AI solutions and the proposed matches. */
export function matchCommand(): Command {
  const cmd = new Command('match').description('Matchmaking of care needs and AI solutions').exitOverride();
  withHubOptions(
    cmd
      .command('need')
      .argument('<file>', 'the care need (JSON)')
      .description("Post your care organisation's need (steward)"),
  ).action(async (file: string, opts: HubOptions) => {
    const n = await (await hubClient(opts, true)).call('postCareNeed', {
      body: (await readJsonFile(file, '<file>')) as never,
    });
    if (opts.json) return printJson(n);
    console.log(`care need ${n.id} posted for ${n.organisation}`);
  });
  withHubOptions(
    cmd
      .command('solution')
      .argument('<file>', 'the AI solution (JSON)')
      .description('Post your AI solution (AI developer)'),
  ).action(async (file: string, opts: HubOptions) => {
    const s = await (await hubClient(opts, true)).call('postSolution', {
      body: (await readJsonFile(file, '<file>')) as never,
    });
    if (opts.json) return printJson(s);
    console.log(`solution ${s.id} posted: ${s.name}`);
  });
  withHubOptions(cmd.command('list').description('Care needs and AI solutions')).action(
    async (opts: HubOptions) => {
      const client = await hubClient(opts, true);
      const [needs, solutions] = await Promise.all([
        client.call('listCareNeeds', {}),
        client.call('listSolutions', {}),
      ]);
      if (opts.json) return printJson({ needs, solutions });
      console.log('care needs:');
      for (const n of needs)
        console.log(`  ${n.id}  ${n.organisation}: ${n.problem} (${n.domain}, ${n.volume}/year)`);
      console.log('AI solutions:');
      for (const s of solutions) console.log(`  ${s.id}  ${s.name} (${s.domain}, evidence ${s.evidence})`);
    },
  );
  withHubOptions(
    cmd
      .command('show')
      .argument('<need>', 'care need id')
      .description('The solutions proposed for a care need, with reasons'),
  ).action(async (need: string, opts: HubOptions) => {
    const matches = await (await hubClient(opts, true)).call('matchCareNeed', { params: { id: need } });
    if (opts.json) return printJson(matches);
    if (matches.length === 0) console.log('no solution matches this need yet');
    for (const m of matches) {
      console.log(
        `${m.score.toString().padStart(3)}  ${m.solution.name} (${m.solution.organisation})${m.aiActClass ? ` — AI Act ${m.aiActClass}, MDR ${m.mdrClass}` : ''}`,
      );
      for (const r of m.reasons) console.log(`       ${r}`);
    }
  });
  return cmd;
}

/** `ai4h elsa ask|list|answer|guidance|expert`: the ELSA desk. */
export function elsaCommand(): Command {
  const cmd = new Command('elsa')
    .description('ELSA desk: ethical, legal and societal questions and guidance')
    .exitOverride();
  withHubOptions(
    cmd
      .command('ask')
      .argument('<question>')
      .option('--tag <tag...>', 'tags')
      .description('Ask the ELSA desk'),
  ).action(async (question: string, opts: HubOptions & { tag?: string[] }) => {
    const q = await (await hubClient(opts, true)).call('askElsa', {
      body: { question, tags: opts.tag ?? [] },
    });
    if (opts.json) return printJson(q);
    console.log(`question ${q.id} sent to the ELSA experts`);
  });
  withHubOptions(cmd.command('list').description('Your questions (experts: every question)')).action(
    async (opts: HubOptions) => {
      const list = await (await hubClient(opts, true)).call('listElsaQuestions', {});
      if (opts.json) return printJson(list);
      for (const q of list) {
        console.log(`${q.id}  [${q.status}${q.published ? ', published' : ''}] ${q.question}`);
        if (q.answer) console.log(`  answer: ${q.answer}`);
      }
    },
  );
  withHubOptions(
    cmd
      .command('answer')
      .argument('<id>')
      .argument('<answer>')
      .option('--publish', 'publish as guidance, anonymised')
      .option('--as <question>', 'the question as published (rewritten so it names no one)')
      .description('Answer a question (ELSA expert)'),
  ).action(async (id: string, answer: string, opts: HubOptions & { publish?: boolean; as?: string }) => {
    const q = await (await hubClient(opts, true)).call('answerElsa', {
      params: { id },
      body: { answer, publish: !!opts.publish, ...(opts.as ? { publishedQuestion: opts.as } : {}) },
    });
    if (opts.json) return printJson(q);
    console.log(`question ${q.id} answered${q.published ? ' and published' : ''}`);
  });
  withHubOptions(
    cmd
      .command('guidance')
      .option('--q <text>', 'search text')
      .option('--tag <tag>')
      .description('Published guidance (public)'),
  ).action(async (opts: HubOptions & { q?: string; tag?: string }) => {
    const list = await (await hubClient(opts, false)).call('elsaGuidance', {
      query: { q: opts.q, tag: opts.tag },
    });
    if (opts.json) return printJson(list);
    for (const g of list)
      console.log(
        `Q: ${g.question}\nA: ${g.answer}\n   tags: ${g.tags.join(', ')}; ${g.answeredAt.slice(0, 10)}\n`,
      );
  });
  withHubOptions(
    cmd.command('expert').argument('<userId>').description('Make a user an ELSA expert (admin)'),
  ).action(async (userId: string, opts: HubOptions) => {
    await (await hubClient(opts, true)).call('addElsaExpert', { body: { userId } });
    console.log(`user ${userId} is an ELSA expert`);
  });
  return cmd;
}
