import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { refreshSession, signIn, signOut } from '../../auth/sessions.ts';
import { envelopeResponses, ok } from '../../http/envelope.ts';
import { optionalDevice, requireDevice } from '../../http/request-auth.ts';
import type { AppServices } from '../../services.ts';
import { LoginBody, RefreshTokenBody, Session, SignedOut } from './schemas.ts';

/** Sign-in on an enrolled device, token refresh with rotation, sign-out. */
const authRoutes: FastifyPluginAsyncTypebox<{ services: AppServices }> = async (app, { services }) => {
  app.post('/login', { schema: { body: LoginBody, response: envelopeResponses(Session) } }, async (request) => {
    const device = await requireDevice(services, request);
    const session = await signIn(services, device, request.body, request.ip);
    request.log.info({ userId: session.user.id, deviceId: device.deviceId }, 'signed in');
    return ok(session);
  });

  app.post(
    '/refresh',
    { schema: { body: RefreshTokenBody, response: envelopeResponses(Session) } },
    async (request) => {
      const device = await optionalDevice(services, request);
      return ok(await refreshSession(services, request.body.refreshToken, device));
    },
  );

  app.post(
    '/logout',
    { schema: { body: RefreshTokenBody, response: envelopeResponses(SignedOut) } },
    async (request) => {
      await signOut(services, request.body.refreshToken);
      return ok({ signedOut: true as const });
    },
  );
};

export default authRoutes;
