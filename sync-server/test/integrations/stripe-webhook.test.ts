import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';
import { capturingLogger, inboxRows, SECRETS, startIntegrationServer } from './support.ts';

const stripe = Stripe.webhooks;
let counter = 0;

function event(type = 'customer.created', object: Record<string, unknown> = { id: 'cus_1', object: 'customer' }) {
  counter += 1;
  return JSON.stringify({
    id: `evt_sig_${counter}_${Date.now()}`,
    object: 'event',
    type,
    created: 1_772_355_600,
    data: { object },
  });
}

for (const kind of databaseKinds()) {
  describe(`Stripe webhook verification (${kind.name})`, () => {
    let server: TestServer;
    const logs = capturingLogger();
    const nowSeconds = () => Math.floor(server.clock() / 1000);
    const post = (payload: string, headers: Record<string, string>) =>
      server.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks/stripe',
        headers: { 'content-type': 'application/json', ...headers },
        payload,
      });
    const signed = (payload: string, secret: string = SECRETS.stripe[0], timestamp = nowSeconds()) => ({
      'stripe-signature': stripe.generateTestHeaderString({ payload, secret, timestamp }),
    });
    const stored = async (payload: string) => {
      const id = (JSON.parse(payload) as { id: string }).id;
      return (await inboxRows(server, 'stripe')).filter((row) => row.event_key === id);
    };

    beforeAll(async () => {
      server = await startIntegrationServer(kind, {}, { logger: logs.logger });
    });
    afterAll(async () => server?.close());

    it('accepts an event signed with the SDK helper and stores it once', async () => {
      const payload = event();
      const response = await post(payload, signed(payload));
      expect(response.statusCode).toBe(200);
      expect(await stored(payload)).toHaveLength(1);
    });

    it('rejects a tampered body and stores nothing', async () => {
      const payload = event();
      const response = await post(payload.replace('cus_1', 'cus_2'), signed(payload));
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ data: null, error: { code: 'unauthenticated' } });
      expect(await stored(payload)).toHaveLength(0);
    });

    it('rejects a signature made with a secret that is not configured', async () => {
      const payload = event();
      expect((await post(payload, signed(payload, 'whsec_someone_else'))).statusCode).toBe(401);
      expect(await stored(payload)).toHaveLength(0);
    });

    it('rejects a request without the Stripe-Signature header', async () => {
      const payload = event();
      expect((await post(payload, {})).statusCode).toBe(400);
      expect(await stored(payload)).toHaveLength(0);
    });

    it('accepts both the current and the rotated-out secret while both are configured', async () => {
      const current = event();
      const previous = event();
      expect((await post(current, signed(current, SECRETS.stripe[0]))).statusCode).toBe(200);
      expect((await post(previous, signed(previous, SECRETS.stripe[1]))).statusCode).toBe(200);
    });

    it('accepts a header with several v1 signatures when any one matches', async () => {
      const payload = event();
      const header = signed(payload)['stripe-signature'];
      const withOther = `${header},v1=${'0'.repeat(64)}`;
      expect((await post(payload, { 'stripe-signature': withOther })).statusCode).toBe(200);
    });

    it('rejects a stale timestamp (older than the 300 s tolerance)', async () => {
      const payload = event();
      expect((await post(payload, signed(payload, SECRETS.stripe[0], nowSeconds() - 301))).statusCode).toBe(400);
      expect(await stored(payload)).toHaveLength(0);
    });

    it('rejects a future timestamp, which the SDK alone would accept', async () => {
      const payload = event();
      const future = nowSeconds() + 301;
      // The SDK passes it: the symmetric check is ours.
      expect(() =>
        stripe.constructEvent(
          payload,
          signed(payload, SECRETS.stripe[0], future)['stripe-signature'],
          SECRETS.stripe[0],
          300,
          undefined,
          server.clock(),
        ),
      ).not.toThrow();
      expect((await post(payload, signed(payload, SECRETS.stripe[0], future))).statusCode).toBe(400);
      expect(await stored(payload)).toHaveLength(0);
    });

    it('accepts a timestamp within the tolerance either side', async () => {
      const older = event();
      const ahead = event();
      expect((await post(older, signed(older, SECRETS.stripe[0], nowSeconds() - 290))).statusCode).toBe(200);
      expect((await post(ahead, signed(ahead, SECRETS.stripe[0], nowSeconds() + 290))).statusCode).toBe(200);
    });

    it('answers 2xx to a duplicate and stores it once', async () => {
      const payload = event();
      const first = await post(payload, signed(payload));
      const second = await post(payload, signed(payload));
      expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
      expect(first.json()).toMatchObject({ data: { queued: 0 } });
      expect(await stored(payload)).toHaveLength(1);
    });

    it('stores an ignored event type as ignored and answers 2xx', async () => {
      const payload = event('customer.updated');
      expect((await post(payload, signed(payload))).statusCode).toBe(200);
      expect((await stored(payload))[0]?.status).toBe('ignored');
    });

    it('checks the exact bytes: a re-serialised body with the same content fails', async () => {
      const payload = JSON.stringify(JSON.parse(event()), null, 2);
      const header = signed(payload);
      expect((await post(JSON.stringify(JSON.parse(payload)), header)).statusCode).toBe(401);
    });

    it('logs the outcome of each webhook without its body, signature or the secrets', async () => {
      const payload = event('customer.updated', {
        id: 'cus_secret_marker',
        object: 'customer',
        email: 'person@example.in',
      });
      const header = signed(payload);
      await post(payload, header);
      await post(payload, signed(payload, 'whsec_someone_else'));
      const all = logs.lines.join('\n');
      expect(all).toContain('webhook stored');
      expect(all).toContain('webhook rejected');
      for (const secret of [
        ...SECRETS.stripe,
        'whsec_someone_else',
        header['stripe-signature'],
        'cus_secret_marker',
        'person@example.in',
      ]) {
        expect(all).not.toContain(secret);
      }
    });
  });
}
