import type { FastifyError, FastifyInstance } from 'fastify';
import { isAppError } from '../../common/app-error.ts';

/**
 * The one place errors become responses: AppError → its status and `{error, message, where}`;
 * Fastify's own client errors (bad JSON, wrong content type, body too large) → their 4xx; anything else
 * → a plain 500 whose details stay in the log.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (isAppError(err)) {
      const retryAfter = err.details?.retryAfterSeconds;
      if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
      return reply.status(err.status).send(err.toJSON());
    }
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send({
        error: err.statusCode === 413 ? 'payloadTooLarge' : 'badInput',
        message: err.message,
        where: 'body',
      });
    }
    request.log.error({ err }, 'unexpected error');
    return reply.status(500).send({ error: 'internal', message: 'internal server error', where: null });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: 'notFound',
      message: `no route ${request.method} ${request.url.split('?')[0]}`,
      where: null,
    }),
  );
}
