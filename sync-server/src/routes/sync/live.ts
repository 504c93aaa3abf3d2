import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import {
  authenticateDevice,
  deviceCredentialFromHeader,
  parseDeviceCredential,
} from '../../auth/device-credentials.ts';
import type { LiveHub } from '../../live/live-hub.ts';
import type { AppServices } from '../../services.ts';
import type { DeviceSession } from '../../sync/types.ts';

const LiveQuery = Type.Object({
  /** `<deviceId>.<secret>` for browsers, which cannot set headers on a WebSocket. Never logged. */
  device: Type.Optional(Type.String({ maxLength: 300 })),
  protocol: Type.Optional(Type.String({ maxLength: 8 })),
});

function credentialOf(request: FastifyRequest<{ Querystring: { device?: string | undefined } }>) {
  return deviceCredentialFromHeader(request.headers.authorization) ?? parseDeviceCredential(request.query.device);
}

/** GET /sync/live: hello, then a poke whenever the device's tenant has a new version. */
const liveRoutes: FastifyPluginAsyncTypebox<{ services: AppServices; live: LiveHub }> = async (
  app,
  { services, live },
) => {
  const authenticated = new WeakMap<FastifyRequest, DeviceSession>();
  app.get(
    '/live',
    {
      websocket: true,
      schema: { querystring: LiveQuery },
      // Authenticate before the upgrade, so a refused device gets a plain 401 envelope.
      preHandler: async (request) => {
        authenticated.set(request, await authenticateDevice(services.db, credentialOf(request)));
      },
    },
    async (socket, request) => {
      socket.on('error', (error) => request.log.debug({ err: error }, 'live socket error'));
      const device = authenticated.get(request);
      if (!device) return socket.close(4401, 'unauthenticated');
      await live.connect(socket, { tenantId: device.tenantId, deviceId: device.deviceId });
      request.log.info({ deviceId: device.deviceId }, 'live channel opened');
      socket.once('close', (code) => request.log.info({ deviceId: device.deviceId, code }, 'live channel closed'));
    },
  );
};

export default liveRoutes;
