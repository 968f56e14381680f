import type { FastifyInstance } from 'fastify';
import { hubApi } from '../../api/hub-api.ts';
import { notFound } from '../../common/app-error.ts';
import { classify } from '../../governance/classification/classify.ts';
import { algorithmRegisterEntry } from '../../governance/documents/algorithm-register.ts';
import { annexIv } from '../../governance/documents/annex-iv.ts';
import { documentHtml, documentMarkdown } from '../../governance/documents/render-document.ts';
import { tripodAi } from '../../governance/documents/tripod-ai.ts';
import { readinessThemes } from '../../governance/readiness/readiness.ts';
import { addRoute } from '../http/route.ts';
import type { HubContext } from '../hub-context.ts';
import { addElsaExpert, answerElsa, askElsa, elsaGuidance, listElsaQuestions } from './elsa-service.ts';
import { platformRecordsFor } from './governance-records.ts';
import {
  classificationsOf,
  classifyAiSystem,
  createAiSystem,
  getAiSystem,
  getModel,
  listAiSystems,
  listModels,
  publishedSystems,
  registerModel,
  updateAiSystem,
} from './governance-service.ts';
import {
  listCareNeeds,
  listSolutions,
  matchCareNeed,
  postCareNeed,
  postSolution,
} from './matchmaking-service.ts';
import { addInitiative, getReadiness, landscape, submitReadiness } from './network-service.ts';
import { executeSandboxRun, listSandboxRuns, submitSandboxRun } from './sandbox-runs.ts';

export function governanceRoutes(app: FastifyInstance, ctx: HubContext): void {
  addRoute(app, ctx, hubApi.registerModel, ({ user, body }) => registerModel(ctx, user(), body));
  addRoute(app, ctx, hubApi.listModels, async ({ user }) =>
    (await listModels(ctx, user())).map(({ record: _, ...s }) => s),
  );
  addRoute(app, ctx, hubApi.getModel, async ({ user, params }) => {
    const m = await getModel(ctx, user(), params.id);
    return { ...m, record: m.record as unknown as Record<string, unknown> };
  });
  addRoute(app, ctx, hubApi.createAiSystem, ({ user, body }) => createAiSystem(ctx, user(), body));
  addRoute(app, ctx, hubApi.listAiSystems, ({ user }) => listAiSystems(ctx, user()));
  addRoute(app, ctx, hubApi.getAiSystem, ({ user, params }) => getAiSystem(ctx, user(), params.id));
  addRoute(app, ctx, hubApi.updateAiSystem, ({ user, params, body }) =>
    updateAiSystem(ctx, user(), params.id, body),
  );
  addRoute(app, ctx, hubApi.classifyAiSystem, ({ user, params }) => classifyAiSystem(ctx, user(), params.id));
  addRoute(app, ctx, hubApi.previewClassification, async ({ body }) =>
    classify(body.answers, body.organisationRole),
  );
  addRoute(app, ctx, hubApi.getClassification, async ({ user, params }) => {
    const all = await classificationsOf(ctx, user(), params.id);
    const latest = all[0];
    if (!latest) throw notFound('the AI system has not been classified yet', 'id');
    return {
      latest,
      history: all.map((c) => ({
        id: c.id,
        systemRevision: c.systemRevision,
        classifiedAt: c.classifiedAt,
        aiActClass: c.classification.aiActClass,
        mdrClass: c.classification.mdrClass,
      })),
    };
  });
  addRoute(app, ctx, hubApi.governanceDocument, async ({ user, params, query }) => {
    const me = user();
    const system = await getAiSystem(ctx, me, params.id);
    const records = await platformRecordsFor(ctx, me, system, query.model);
    const document = params.kind === 'annex-iv' ? annexIv(records, ctx.now()) : tripodAi(records, ctx.now());
    return { document, markdown: documentMarkdown(document), html: documentHtml(document) };
  });
  addRoute(app, ctx, hubApi.algorithmRegisterEntry, async ({ user, params }) => {
    const me = user();
    const system = await getAiSystem(ctx, me, params.id);
    return algorithmRegisterEntry(await platformRecordsFor(ctx, me, system));
  });
  addRoute(app, ctx, hubApi.submitSandboxRun, ({ user, body }) => submitSandboxRun(ctx, user(), body));
  addRoute(app, ctx, hubApi.executeSandboxRun, ({ user, body }) => executeSandboxRun(ctx, user(), body));
  addRoute(app, ctx, hubApi.listSandboxRuns, ({ user, query }) =>
    listSandboxRuns(ctx, user(), query.requestId),
  );
  addRoute(app, ctx, hubApi.readinessThemes, async () => readinessThemes);
  addRoute(app, ctx, hubApi.submitReadiness, ({ user, body }) => submitReadiness(ctx, user(), body));
  addRoute(app, ctx, hubApi.getReadiness, ({ user, query }) =>
    getReadiness(ctx, user(), query.organisationId),
  );
  addRoute(app, ctx, hubApi.landscape, () => landscape(ctx));
  addRoute(app, ctx, hubApi.addInitiative, ({ user, body }) => addInitiative(ctx, user(), body));
  addRoute(app, ctx, hubApi.postCareNeed, ({ user, body }) => postCareNeed(ctx, user(), body));
  addRoute(app, ctx, hubApi.listCareNeeds, () => listCareNeeds(ctx));
  addRoute(app, ctx, hubApi.postSolution, ({ user, body }) => postSolution(ctx, user(), body));
  addRoute(app, ctx, hubApi.listSolutions, () => listSolutions(ctx));
  addRoute(app, ctx, hubApi.matchCareNeed, ({ params }) => matchCareNeed(ctx, params.id));
  addRoute(app, ctx, hubApi.addElsaExpert, ({ user, body }) => addElsaExpert(ctx, user(), body.userId));
  addRoute(app, ctx, hubApi.askElsa, ({ user, body }) => askElsa(ctx, user(), body));
  addRoute(app, ctx, hubApi.listElsaQuestions, ({ user }) => listElsaQuestions(ctx, user()));
  addRoute(app, ctx, hubApi.answerElsa, ({ user, params, body }) => answerElsa(ctx, user(), params.id, body));
  addRoute(app, ctx, hubApi.elsaGuidance, ({ query }) => elsaGuidance(ctx, query));
  addRoute(app, ctx, hubApi.publicAlgorithmRegister, async () => {
    const out = [];
    for (const system of await publishedSystems(ctx)) {
      if (system.modelIds.length === 0) continue;
      out.push({
        systemId: system.id,
        ...algorithmRegisterEntry(await platformRecordsFor(ctx, 'public', system)),
      });
    }
    return out;
  });
}
