import { HTTP_STATUS, isDomainError } from '@forecourt/shared';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { isConnectionError } from '../../db/database.ts';
import { failure } from '../../http/envelope.ts';

function isFastifyClientError(error: FastifyError): boolean {
  return typeof error.code === 'string' && error.code.startsWith('FST_') && (error.statusCode ?? 500) < 500;
}

/**
 * The one error handler: a DomainError is an expected answer, a validation error is the client's,
 * anything else is a bug — logged with its stack, answered with a message that reveals nothing.
 */
export default fp(
  async function errorHandler(app: FastifyInstance) {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (isDomainError(error)) {
        request.log.info({ errorCode: error.code }, error.message);
        return reply.code(HTTP_STATUS[error.code]).send(failure(error.code, error.message));
      }
      if (error.validation) {
        request.log.info({ errorCode: 'invalid' }, error.message);
        return reply.code(400).send(failure('invalid', error.message));
      }
      if (isFastifyClientError(error)) {
        request.log.info({ errorCode: 'invalid', fastifyCode: error.code }, error.message);
        return reply.code(error.statusCode ?? 400).send(failure('invalid', error.message));
      }
      if (isConnectionError(error)) {
        request.log.warn({ err: error }, 'database unreachable');
        return reply.code(503).send(failure('unavailable', 'the database is not reachable; try again'));
      }
      request.log.error({ err: error }, 'unhandled error');
      return reply.code(500).send(failure('internal', 'something went wrong on the server; it has been logged'));
    });
    app.setNotFoundHandler((request, reply) => {
      reply.code(404).send(failure('not-found', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`));
    });
  },
  { name: 'error-handler' },
);
