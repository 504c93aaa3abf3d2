import { uuidv7 } from '@forecourt/shared';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant, type SeededTenant, type TestServer } from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';
import { form, type HttpFake } from './fakes/http-fake.ts';
import { TWILIO, twilioEnv, twilioFake } from './fakes/twilio-fake.ts';
import { capturingLogger, ownerHeaders, PUBLIC_BASE_URL, SECRETS, startIntegrationServer, waitFor } from './support.ts';

for (const kind of databaseKinds()) {
  describe(`Twilio SMS and Verify (${kind.name})`, () => {
    let server: TestServer;
    let tenant: SeededTenant;
    let headers: Record<string, string>;
    let fake: HttpFake;
    const logs = capturingLogger();
    const messagePosts = () => fake.requests('POST', '/Messages.json');
    const message = async (id: string) =>
      (
        await server.db.query<{ status: string; provider_ref: string | null; error_code: string | null }>(
          'SELECT status, provider_ref, error_code FROM messages WHERE id = $1',
          [id],
        )
      ).rows[0];
    const send = (payload: Record<string, unknown>) =>
      server.app.inject({
        method: 'POST',
        url: '/api/v1/integrations/sms',
        headers,
        payload: {
          siteId: tenant.siteId,
          to: '+919812345678',
          body: 'Your car is ready',
          purpose: 'job-ready',
          ...payload,
        },
      });
    const callback = (sid: string, status: string) => {
      const params = { MessageSid: sid, MessageStatus: status, AccountSid: TWILIO.accountSid };
      const signature = twilio.getExpectedTwilioSignature(
        SECRETS.twilio[0],
        `${PUBLIC_BASE_URL}/api/v1/webhooks/twilio`,
        params,
      );
      return server.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks/twilio',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        payload: new URLSearchParams(params).toString(),
      });
    };
    const settled = (id: string, statuses: string[]) =>
      waitFor(
        async () => {
          const row = await message(id);
          return row && statuses.includes(row.status) ? row : undefined;
        },
        20_000,
        `message ${id} in ${statuses.join('/')}`,
      );

    beforeAll(async () => {
      fake = twilioFake();
      await fake.start();
      server = await startIntegrationServer(
        kind,
        { ...twilioEnv(fake), SMS_MONTHLY_LIMIT: '8', INTEGRATIONS_RECONCILE_SECONDS: '1' },
        { logger: logs.logger },
      );
      tenant = await seedTenant(server);
      headers = await ownerHeaders(server, tenant);
    });
    afterAll(async () => {
      await server?.close();
      await fake?.stop();
    });

    it('sends through the SDK with the account credentials and our status callback, then follows callbacks monotonically', async () => {
      const id = uuidv7();
      const response = await send({ id });
      expect(response.statusCode).toBe(201);
      const row = await settled(id, ['accepted']);
      const request = messagePosts().at(-1);
      expect(request?.headers.authorization).toBe(
        `Basic ${Buffer.from(`${TWILIO.accountSid}:${SECRETS.twilio[0]}`).toString('base64')}`,
      );
      expect(form(request?.body ?? '')).toMatchObject({
        To: '+919812345678',
        From: TWILIO.from,
        Body: 'Your car is ready',
        StatusCallback: `${PUBLIC_BASE_URL}/api/v1/webhooks/twilio`,
      });
      const sid = String(row.provider_ref);
      expect((await callback(sid, 'delivered')).statusCode).toBe(200);
      await settled(id, ['delivered']);
      expect((await callback(sid, 'sent')).statusCode).toBe(200);
      await waitFor(
        async () =>
          (
            await server.db.query("SELECT 1 FROM webhook_inbox WHERE event_key = $1 AND status = 'processed'", [
              `${sid}:sent`,
            ])
          ).rows.length > 0,
      );
      expect((await message(id))?.status).toBe('delivered');
    });

    it('sends once for a repeated request with the same id', async () => {
      const id = uuidv7();
      const before = messagePosts().length;
      await send({ id });
      await send({ id });
      await settled(id, ['accepted']);
      expect(messagePosts().length).toBe(before + 1);
    });

    it('marks a send that got a 5xx as ambiguous and never repeats it', async () => {
      fake.route((request) =>
        request.method === 'POST' && request.body.includes('ambiguous')
          ? { status: 503, body: { code: 20500, message: 'unavailable', status: 503 } }
          : undefined,
      );
      const id = uuidv7();
      const before = messagePosts().length;
      await send({ id, body: 'ambiguous send' });
      await settled(id, ['ambiguous']);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(messagePosts().length).toBe(before + 1);
    });

    it('records a refused number as failed with its error code, and retries a 429 until it is sent', async () => {
      fake.route((request) =>
        request.body.includes('refused')
          ? { status: 400, body: { code: 21211, message: "The 'To' number is not valid", status: 400 } }
          : undefined,
      );
      const refused = uuidv7();
      await send({ id: refused, body: 'refused' });
      expect(await settled(refused, ['failed'])).toMatchObject({ error_code: '21211' });

      let throttled = 0;
      fake.route((request) =>
        request.body.includes('throttled') && throttled++ === 0
          ? { status: 429, body: { code: 20429, message: 'Too Many Requests', status: 429 } }
          : undefined,
      );
      const id = uuidv7();
      await send({ id, body: 'throttled once' });
      await settled(id, ['accepted']);
      expect(throttled).toBe(2);
    });

    it('reconciles a message that got no callback by fetching its status', async () => {
      const id = uuidv7();
      await send({ id });
      await settled(id, ['accepted']);
      server.clock.advance(11 * 60_000);
      await settled(id, ['delivered']);
      expect(fake.requests('GET', '/Messages/').length).toBeGreaterThan(0);
    });

    it("refuses past the tenant's monthly allowance with a clear 402 and keeps the message as not sent", async () => {
      let response = await send({ id: uuidv7() });
      while (response.statusCode === 201) response = await send({ id: uuidv7() });
      expect(response.statusCode).toBe(402);
      expect(response.json()).toMatchObject({
        error: {
          code: 'payment-required',
          message: "this month's SMS allowance (8) is used up; the message is kept as not sent",
        },
      });
    });

    it('verifies a phone with Verify, maps its errors and applies our own limit per phone', async () => {
      const phone = '+919800000001';
      const start = () =>
        server.app.inject({ method: 'POST', url: '/api/v1/integrations/otp/start', headers, payload: { phone } });
      const check = (code: string) =>
        server.app.inject({ method: 'POST', url: '/api/v1/integrations/otp/check', headers, payload: { phone, code } });
      expect((await start()).statusCode).toBe(200);
      expect(form(fake.requests('POST', '/Verifications').at(-1)?.body ?? '')).toMatchObject({
        To: phone,
        Channel: 'sms',
      });
      expect((await check('999999')).json()).toMatchObject({
        error: { code: 'invalid', message: 'the code is not correct' },
      });
      expect((await check('123456')).json()).toEqual({ data: { verified: true }, error: null });
      fake.route((request) =>
        request.path.endsWith('/VerificationCheck') && request.body.includes('Code=111111')
          ? { status: 404, body: { code: 20404, message: 'not found', status: 404 } }
          : undefined,
      );
      expect((await check('111111')).json()).toMatchObject({
        error: { code: 'not-found', message: 'the code has expired or was already used: request a new one' },
      });
      fake.route((request) =>
        request.path.endsWith('/Verifications') && request.body.includes('%2B919800000002')
          ? { status: 429, body: { code: 60203, message: 'Max send attempts reached', status: 429 } }
          : undefined,
      );
      const other = await server.app.inject({
        method: 'POST',
        url: '/api/v1/integrations/otp/start',
        headers,
        payload: { phone: '+919800000002' },
      });
      expect(other.json()).toMatchObject({
        error: { code: 'rate-limited', message: 'too many codes were sent to this number: try again later' },
      });

      expect((await start()).statusCode).toBe(200);
      expect((await start()).statusCode).toBe(200);
      const sends = fake.requests('POST', '/Verifications').length;
      const limited = await start();
      expect(limited.statusCode).toBe(429);
      expect(fake.requests('POST', '/Verifications').length).toBe(sends);
    });

    it('never writes an OTP code, an auth token or a message body to the log', () => {
      const all = logs.lines.join('\n');
      expect(all).toContain('sms requested');
      for (const secret of ['123456', '999999', SECRETS.twilio[0], SECRETS.twilio[1], 'Your car is ready'])
        expect(all).not.toContain(secret);
    });
  });
}
