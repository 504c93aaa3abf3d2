import { DomainError, PROTOCOL_HEADER, PROTOCOL_VERSION } from '@forecourt/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/** Routes whose clients are counters speaking the sync protocol (DESIGN §4). */
const PROTOCOL_PREFIXES = ['/api/v1/sync/', '/api/v1/devices/', '/api/v1/auth/'];
const LIVE_PATH = '/api/v1/sync/live';

function requestedProtocol(request: FastifyRequest, path: string): string | undefined {
  const header = request.headers[PROTOCOL_HEADER];
  if (typeof header === 'string') return header.trim();
  // Browsers cannot set headers on a WebSocket: the live channel also takes ?protocol=.
  if (path === LIVE_PATH) return new URLSearchParams(request.url.slice(path.length)).get('protocol') ?? undefined;
  return undefined;
}

/**
 * A counter of another protocol version must stop and be updated rather than guess: 426
 * `protocol-mismatch`. Every response names the server's version.
 */
export default fp(
  async function protocolPlugin(app: FastifyInstance) {
    app.addHook('onRequest', async (request) => {
      const path = request.url.split('?')[0] ?? '';
      if (!PROTOCOL_PREFIXES.some((prefix) => path.startsWith(prefix))) return;
      const requested = requestedProtocol(request, path);
      if (requested !== String(PROTOCOL_VERSION)) {
        throw new DomainError(
          'protocol-mismatch',
          `this server speaks sync protocol ${PROTOCOL_VERSION}; send the ${PROTOCOL_HEADER} header with it or update the app`,
        );
      }
    });
    app.addHook('onSend', async (_request, reply) => {
      reply.header(PROTOCOL_HEADER, String(PROTOCOL_VERSION));
    });
  },
  { name: 'protocol' },
);
