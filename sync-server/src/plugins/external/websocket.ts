import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Live channel transport. Clients only listen; anything they send is ignored, so frames stay small. */
export default fp(
  async function websocketPlugin(app: FastifyInstance) {
    await app.register(websocket, { options: { maxPayload: 4096 } });
  },
  { name: 'websocket' },
);
