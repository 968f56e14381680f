import { hubApi } from '../../api/hub-api.ts';
import { algorithmSchemaName, type NamedSchema, openApiDocument } from '../../api/openapi-document.ts';
import type { CentralHalves } from '../tasks/central-halves.ts';

/**
 * The hub's OpenAPI document: the routes of the API contract, and the input and result schemas of the
 * algorithms this hub runs, as their definitions declare them (a run's `result` is the algorithm's).
 */
export function hubOpenApiDocument(algorithms: CentralHalves): Record<string, unknown> {
  const schemas: NamedSchema[] = [];
  for (const a of algorithms.list()) {
    if (a.inputSchema)
      schemas.push({
        name: algorithmSchemaName('Input', a.name, a.version),
        schema: a.inputSchema,
        io: 'input',
        closed: true,
      });
    if (a.resultSchema)
      schemas.push({
        name: algorithmSchemaName('Result', a.name, a.version),
        schema: a.resultSchema,
        io: 'output',
      });
  }
  return openApiDocument(hubApi, {
    title: 'AI4Health hub API',
    version: '0.1.0',
    description:
      'Catalogue, access requests and permits, federated runs and the station protocol of the AI4Health ' +
      'platform. Errors are `ErrorBody`: a code, a message and where (a JSON path or a field).',
    schemas,
  });
}
