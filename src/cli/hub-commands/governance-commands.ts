import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { ModelRegistry } from '../../analytics/index.ts';
import type { AiSystem, Classification, ClassificationRecord, GovernanceDocument } from '../../api/index.ts';
import { badInput, notFound } from '../../common/index.ts';
import {
  annexIv,
  documentHtml,
  documentMarkdown,
  type PlatformRecords,
  tripodAi,
} from '../../governance/index.ts';
import { type HubOptions, hubClient, withHubOptions } from './hub-session.ts';
import { readJsonFile } from './parse-options.ts';
import { printJson, textTable } from './text-table.ts';

type Lang = 'en' | 'nl';

/** A classification as people read it: the classes, then each step with its rule and reason. */
export function formatClassification(c: Classification, lang: Lang = 'en'): string {
  const lines = [
    `AI Act: ${c.aiActClass ?? 'not decided yet'}${c.aiActGround && c.aiActGround !== 'none' ? ` (${c.aiActGround})` : ''}`,
    `MDR: ${c.mdrClass ?? 'not decided yet'}`,
  ];
  for (const [label, walk] of [
    ['MDR decision path', c.mdr],
    ['AI Act decision path', c.aiAct],
  ] as const) {
    lines.push(`${label}:`);
    for (const s of walk.path)
      lines.push(`  [${s.citation}] ${s.question[lang]} → ${s.answer}`, `      ${s.reasoning[lang]}`);
    if (walk.status === 'decided') lines.push(`  ⇒ [${walk.citation}] ${walk.reasoning[lang]}`);
    else
      lines.push(
        `  ? still to answer (${walk.missing.fact}: ${walk.missing.answers.join(' | ')}): ${walk.missing.question[lang]} [${walk.missing.citation}]`,
      );
  }
  if (c.unanswered.length)
    lines.push(
      `Transparency questions to answer: ${c.unanswered.map((u) => `${u.fact} [${u.article}]`).join(', ')}`,
    );
  if (c.duties.length) {
    lines.push('Duties:');
    for (const d of c.duties) lines.push(`  ${d.who.padEnd(8)} [${d.article}] ${d.text[lang]}`);
  }
  lines.push(
    `Rules: ${c.trees.mdr.id} ${c.trees.mdr.version}, ${c.trees.aiAct.id} ${c.trees.aiAct.version}, ${c.trees.duties.id} ${c.trees.duties.version}`,
  );
  return lines.join('\n');
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** One line per document: its completeness. */
export const completenessLine = (d: GovernanceDocument): string =>
  `${d.kind}: ${pct(d.completeness.score)} complete (${d.completeness.filled} of ${d.completeness.total} filled from evidence, ${d.completeness.partial} partly, ${d.completeness.toComplete} to be completed by the provider)`;

function printSystem(s: AiSystem): void {
  console.log(`AI system ${s.id} (revision ${s.revision}): ${s.name} ${s.version}`);
  console.log(
    `  ${s.organisation} (${s.organisationRole}); users: ${s.intendedUsers}; setting: ${s.setting}`,
  );
  console.log(`  purpose: ${s.intendedPurpose}`);
  console.log(
    `  models: ${s.modelIds.join(', ') || 'none'}; ${Object.keys(s.answers).length} questions answered`,
  );
}

/** `ai4h aisystem …`: AI systems at the hub, their classification and register entry. */
export function aisystemCommand(): Command {
  const cmd = new Command('aisystem')
    .description('AI systems: describe, classify (AI Act, MDR), register entry')
    .exitOverride();
  withHubOptions(
    cmd
      .command('create')
      .description('Describe an AI system from a JSON file (AI developer)')
      .argument('<file>', 'the system (name, version, intendedPurpose, …, modelIds, answers)'),
  ).action(async (file: string, opts: HubOptions) => {
    const body = await readJsonFile(file, '<file>');
    const s = await (await hubClient(opts, true)).call('createAiSystem', { body: body as never });
    if (opts.json) return printJson(s);
    printSystem(s);
  });
  withHubOptions(
    cmd
      .command('update')
      .description('Replace your AI system’s description from a JSON file')
      .argument('<id>')
      .argument('<file>')
      .option('--revision <n>', 'the revision you edited (refused if the system changed since)'),
  ).action(async (id: string, file: string, opts: HubOptions & { revision?: string }) => {
    const read = await readJsonFile(file, '<file>');
    if (read === null || typeof read !== 'object' || Array.isArray(read))
      throw badInput(`${file} is not a JSON object`, '<file>');
    const body = read as Record<string, unknown>;
    if (opts.revision !== undefined) {
      if (!/^[1-9][0-9]{0,8}$/.test(opts.revision))
        throw badInput('not a revision number (a positive integer)', '--revision');
      body.expectedRevision = Number(opts.revision);
    }
    const s = await (await hubClient(opts, true)).call('updateAiSystem', {
      params: { id },
      body: body as never,
    });
    if (opts.json) return printJson(s);
    printSystem(s);
  });
  withHubOptions(
    cmd.command('list').description('AI systems: yours, or all for reviewers and auditors'),
  ).action(async (opts: HubOptions) => {
    const list = await (await hubClient(opts, true)).call('listAiSystems', {});
    if (opts.json) return printJson(list);
    console.log(
      textTable(
        ['id', 'name', 'version', 'revision', 'models'],
        list.map((s) => [s.id, s.name, s.version, String(s.revision), s.modelIds.join(' ')]),
        { leftColumns: 3 },
      ),
    );
  });
  withHubOptions(cmd.command('show').argument('<id>').description('One AI system')).action(
    async (id: string, opts: HubOptions) => {
      const s = await (await hubClient(opts, true)).call('getAiSystem', { params: { id } });
      if (opts.json) return printJson(s);
      printSystem(s);
    },
  );
  withHubOptions(
    cmd
      .command('classify')
      .argument('<id>')
      .description('Classify your AI system under the AI Act and the MDR (Rule 11), with the decision path')
      .addOption(new Option('--lang <lang>', 'language of the reasons').choices(['en', 'nl']).default('en')),
  ).action(async (id: string, opts: HubOptions & { lang: Lang }) => {
    const r: ClassificationRecord = await (await hubClient(opts, true)).call('classifyAiSystem', {
      params: { id },
    });
    if (opts.json) return printJson(r);
    console.log(`classification ${r.id} of ${r.systemId} revision ${r.systemRevision}`);
    console.log(formatClassification(r.classification, opts.lang));
  });
  withHubOptions(
    cmd
      .command('classification')
      .argument('<id>')
      .description('The latest classification, and the earlier ones')
      .addOption(new Option('--lang <lang>', 'language of the reasons').choices(['en', 'nl']).default('en')),
  ).action(async (id: string, opts: HubOptions & { lang: Lang }) => {
    const r = await (await hubClient(opts, true)).call('getClassification', { params: { id } });
    if (opts.json) return printJson(r);
    console.log(formatClassification(r.latest.classification, opts.lang));
    for (const h of r.history)
      console.log(
        `  ${h.classifiedAt} revision ${h.systemRevision}: AI Act ${h.aiActClass}, MDR ${h.mdrClass}`,
      );
  });
  withHubOptions(
    cmd.command('register-entry').argument('<id>').description('The Algoritmeregister entry (JSON)'),
    {
      json: false,
    },
  ).action(async (id: string, opts: HubOptions) => {
    printJson(await (await hubClient(opts, true)).call('algorithmRegisterEntry', { params: { id } }));
  });
  return cmd;
}

/** `ai4h model register|list`: model registry records at the hub. */
export function modelCommand(): Command {
  const cmd = new Command('model').description('Models registered at the hub').exitOverride();
  withHubOptions(
    cmd
      .command('register')
      .argument('<file>', 'a model registry record (JSON)')
      .description('Register a model at the hub (AI developer)'),
  ).action(async (file: string, opts: HubOptions) => {
    const m = await (await hubClient(opts, true)).call('registerModel', {
      body: (await readJsonFile(file, '<file>')) as never,
    });
    if (opts.json) return printJson(m);
    console.log(`model ${m.id} registered (${m.name} ${m.version}, ${m.validations} validations)`);
  });
  withHubOptions(cmd.command('list').description('Models: yours, or all for reviewers and auditors')).action(
    async (opts: HubOptions) => {
      const list = await (await hubClient(opts, true)).call('listModels', {});
      if (opts.json) return printJson(list);
      console.log(
        textTable(
          ['id', 'name', 'version', 'validations'],
          list.map((m) => [m.id, m.name, m.version, String(m.validations)]),
          { leftColumns: 3 },
        ),
      );
    },
  );
  return cmd;
}

const KINDS = { 'annex-iv': 'annex-iv', tripod: 'tripod-ai' } as const;

/**
 * `ai4h docs annex-iv|tripod MODEL`: the document from the hub (for the AI system that uses the model),
 * or with `--models DIR` from a local model registry alone (then only the model record is evidence).
 */
export function docsCommand(): Command {
  const cmd = new Command('docs')
    .description('Technical documentation generated from the platform records')
    .exitOverride();
  for (const [name, kind] of Object.entries(KINDS))
    withHubOptions(
      cmd
        .command(name)
        .argument('<model>', 'model id')
        .description(
          name === 'tripod'
            ? 'The TRIPOD+AI checklist, item by item'
            : 'AI Act Annex IV technical documentation',
        )
        .option('--system <id>', 'the AI system (default: the one that uses the model)')
        .option('--models <dir>', 'generate from a local model registry folder instead of the hub')
        .addOption(new Option('--format <format>', 'output').choices(['md', 'html', 'json']).default('md'))
        .option('--out <file>', 'write to a file instead of stdout'),
      { json: false },
    ).action(
      async (
        model: string,
        opts: HubOptions & { system?: string; models?: string; format: string; out?: string },
      ) => {
        let doc: GovernanceDocument;
        if (opts.models) {
          const record = await new ModelRegistry(opts.models).get(model);
          const records: PlatformRecords = {
            model: record,
            permits: [],
            runs: [],
            datasets: [],
            stations: [],
          };
          doc = kind === 'annex-iv' ? annexIv(records) : tripodAi(records);
        } else {
          const client = await hubClient(opts, true);
          let systemId = opts.system;
          if (!systemId) {
            const using = (await client.call('listAiSystems', {})).filter((s) => s.modelIds.includes(model));
            if (using.length === 0)
              throw notFound(
                `no AI system you may see uses model ${model}; give --system or --models`,
                '<model>',
              );
            if (using.length > 1)
              throw badInput(`${using.length} AI systems use this model; give --system`, '<model>');
            systemId = using[0]!.id;
          }
          doc = (
            await client.call('governanceDocument', { params: { id: systemId, kind }, query: { model } })
          ).document;
        }
        const text =
          opts.format === 'json'
            ? `${JSON.stringify(doc, null, 2)}\n`
            : opts.format === 'html'
              ? documentHtml(doc)
              : documentMarkdown(doc);
        if (opts.out) {
          await writeFile(opts.out, text);
          console.error(completenessLine(doc));
        } else process.stdout.write(text);
      },
    );
  return cmd;
}
