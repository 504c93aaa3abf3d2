import { createHash, createHmac, randomUUID } from 'node:crypto';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';
import { inboxRows, PUBLIC_BASE_URL, SECRETS, startIntegrationServer } from './support.ts';

const docusignSignature = (body: string, key: string) => createHmac('sha256', key).update(body).digest('base64');
const enodeSignature = (body: string, secret: string) =>
  `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`;

function connectMessage(event = 'envelope-delivered', envelopeId = randomUUID()) {
  return JSON.stringify({
    event,
    apiVersion: 'v2.1',
    generatedDateTime: new Date().toISOString(),
    data: { accountId: 'acc', envelopeId },
  });
}

function enodeBody(events: Array<Record<string, unknown>>) {
  return JSON.stringify(events);
}

function statusForm(sid = `SM${randomUUID().replace(/-/g, '')}`, status = 'delivered') {
  return { MessageSid: sid, MessageStatus: status, AccountSid: 'AC123', To: '+919812345678' };
}

for (const kind of databaseKinds()) {
  describe(`provider webhook verification (${kind.name})`, () => {
    let server: TestServer;
    const post = (provider: string, payload: string, headers: Record<string, string>, type = 'application/json') =>
      server.app.inject({
        method: 'POST',
        url: `/api/v1/webhooks/${provider}`,
        headers: { 'content-type': type, ...headers },
        payload,
      });

    beforeAll(async () => {
      server = await startIntegrationServer(kind);
    });
    afterAll(async () => server?.close());

    describe('DocuSign Connect (HMAC-SHA256, base64, one header per key)', () => {
      const count = async () => (await inboxRows(server, 'docusign')).length;

      it('accepts a valid signature, stores once and answers 2xx to a duplicate', async () => {
        const body = connectMessage();
        const headers = { 'x-docusign-signature-1': docusignSignature(body, SECRETS.docusign[0]) };
        const before = await count();
        expect((await post('docusign', body, headers)).statusCode).toBe(200);
        expect((await post('docusign', body, headers)).statusCode).toBe(200);
        expect(await count()).toBe(before + 1);
      });

      it('accepts when any header matches any configured key (rotation)', async () => {
        const body = connectMessage();
        const headers = {
          'x-docusign-signature-1': docusignSignature(body, 'a-key-we-do-not-have'),
          'x-docusign-signature-2': docusignSignature(body, SECRETS.docusign[1]),
        };
        expect((await post('docusign', body, headers)).statusCode).toBe(200);
      });

      it('rejects tampered bodies, wrong keys and missing headers, storing nothing', async () => {
        const body = connectMessage();
        const before = await count();
        const good = docusignSignature(body, SECRETS.docusign[0]);
        expect(
          (await post('docusign', body.replace('delivered', 'completed'), { 'x-docusign-signature-1': good }))
            .statusCode,
        ).toBe(401);
        expect(
          (await post('docusign', body, { 'x-docusign-signature-1': docusignSignature(body, 'wrong') })).statusCode,
        ).toBe(401);
        expect((await post('docusign', body, { 'x-docusign-signature-1': good.slice(0, 10) })).statusCode).toBe(401);
        expect((await post('docusign', body, {})).statusCode).toBe(400);
        expect(await count()).toBe(before);
      });

      it('stores an event type it does not act on as ignored', async () => {
        const body = connectMessage('envelope-resent');
        expect(
          (await post('docusign', body, { 'x-docusign-signature-1': docusignSignature(body, SECRETS.docusign[0]) }))
            .statusCode,
        ).toBe(200);
        const rows = await inboxRows(server, 'docusign');
        expect(rows.at(-1)).toMatchObject({ event_type: 'envelope-resent', status: 'ignored' });
      });
    });

    describe('Enode (HMAC-SHA1 hex, sha1= prefix)', () => {
      it('matches the documented test vector', () => {
        expect(enodeSignature('{"payload":"example"}', 'example-secret')).toBe(
          'sha1=e417e6fc2e7f8a78c93a35a7b344d36ce179fc8d',
        );
      });

      it('stores each event of a delivery once, and a redelivery not again', async () => {
        const body = enodeBody([
          { event: 'system:heartbeat', createdAt: new Date().toISOString(), pendingEvents: 0, nonce: randomUUID() },
          { event: 'enode:webhook:test', createdAt: new Date().toISOString(), nonce: randomUUID() },
        ]);
        const headers = {
          'x-enode-signature': enodeSignature(body, SECRETS.enode[0]),
          'x-enode-delivery': randomUUID(),
        };
        const before = (await inboxRows(server, 'enode')).length;
        expect((await post('enode', body, headers)).statusCode).toBe(200);
        expect((await post('enode', body, { ...headers, 'x-enode-delivery': randomUUID() })).statusCode).toBe(200);
        const rows = await inboxRows(server, 'enode');
        expect(rows.length).toBe(before + 2);
        expect(rows.slice(-2).map((row) => row.status)).toEqual(['ignored', 'ignored']);
      });

      it('accepts the rotated-out secret and rejects tampering, wrong secrets and missing headers', async () => {
        const body = enodeBody([{ event: 'system:heartbeat', nonce: randomUUID() }]);
        expect(
          (await post('enode', body, { 'x-enode-signature': enodeSignature(body, SECRETS.enode[1]) })).statusCode,
        ).toBe(200);
        const other = enodeBody([{ event: 'system:heartbeat', nonce: randomUUID() }]);
        const before = (await inboxRows(server, 'enode')).length;
        expect(
          (
            await post('enode', other.replace('heartbeat', 'heartbeet'), {
              'x-enode-signature': enodeSignature(other, SECRETS.enode[0]),
            })
          ).statusCode,
        ).toBe(401);
        expect((await post('enode', other, { 'x-enode-signature': enodeSignature(other, 'wrong') })).statusCode).toBe(
          401,
        );
        expect(
          (
            await post('enode', other, {
              'x-enode-signature': enodeSignature(other, SECRETS.enode[0]).replace('sha1=', ''),
            })
          ).statusCode,
        ).toBe(401);
        expect((await post('enode', other, {})).statusCode).toBe(400);
        expect((await inboxRows(server, 'enode')).length).toBe(before);
      });
    });

    describe('Twilio (X-Twilio-Signature over the public URL and sorted parameters)', () => {
      const url = `${PUBLIC_BASE_URL}/api/v1/webhooks/twilio`;
      const form = (params: Record<string, string>) => new URLSearchParams(params).toString();
      const postForm = (params: Record<string, string>, headers: Record<string, string>) =>
        post('twilio', form(params), headers, 'application/x-www-form-urlencoded');

      it('accepts a signature made with the SDK helper for the configured public URL', async () => {
        const params = statusForm();
        const signature = twilio.getExpectedTwilioSignature(SECRETS.twilio[0], url, params);
        expect((await postForm(params, { 'x-twilio-signature': signature })).statusCode).toBe(200);
        const rows = await inboxRows(server, 'twilio');
        expect(rows.at(-1)).toMatchObject({ event_key: `${params.MessageSid}:delivered` });
      });

      it('accepts a JSON callback signed over the URL with its bodySHA256', async () => {
        const body = JSON.stringify({ MessageSid: `SM${randomUUID().replace(/-/g, '')}`, MessageStatus: 'sent' });
        const hash = createHash('sha256').update(body).digest('hex');
        const path = `/api/v1/webhooks/twilio?bodySHA256=${hash}`;
        const signature = twilio.getExpectedTwilioSignature(SECRETS.twilio[0], `${PUBLIC_BASE_URL}${path}`, {});
        const ok = await server.app.inject({
          method: 'POST',
          url: path,
          headers: { 'content-type': 'application/json', 'x-twilio-signature': signature },
          payload: body,
        });
        expect(ok.statusCode).toBe(200);
        const tampered = await server.app.inject({
          method: 'POST',
          url: path,
          headers: { 'content-type': 'application/json', 'x-twilio-signature': signature },
          payload: body.replace('sent', 'failed'),
        });
        expect(tampered.statusCode).toBe(401);
      });

      it('accepts the rotated-out auth token', async () => {
        const params = statusForm();
        expect(
          (
            await postForm(params, {
              'x-twilio-signature': twilio.getExpectedTwilioSignature(SECRETS.twilio[1], url, params),
            })
          ).statusCode,
        ).toBe(200);
      });

      it('dedupes on I-Twilio-Idempotency-Token and answers 2xx to the retry', async () => {
        const params = statusForm();
        const headers = {
          'x-twilio-signature': twilio.getExpectedTwilioSignature(SECRETS.twilio[0], url, params),
          'i-twilio-idempotency-token': randomUUID(),
        };
        const before = (await inboxRows(server, 'twilio')).length;
        expect((await postForm(params, headers)).statusCode).toBe(200);
        expect((await postForm(params, headers)).statusCode).toBe(200);
        expect((await inboxRows(server, 'twilio')).length).toBe(before + 1);
      });

      it('rejects a signature made for the request host instead of the public URL, tampering, wrong tokens, no header', async () => {
        const params = statusForm();
        const before = (await inboxRows(server, 'twilio')).length;
        const hostUrl = 'http://localhost:80/api/v1/webhooks/twilio';
        expect(
          (
            await postForm(params, {
              'x-twilio-signature': twilio.getExpectedTwilioSignature(SECRETS.twilio[0], hostUrl, params),
            })
          ).statusCode,
        ).toBe(401);
        const signature = twilio.getExpectedTwilioSignature(SECRETS.twilio[0], url, params);
        expect(
          (await postForm({ ...params, MessageStatus: 'failed' }, { 'x-twilio-signature': signature })).statusCode,
        ).toBe(401);
        expect(
          (await postForm(params, { 'x-twilio-signature': twilio.getExpectedTwilioSignature('wrong', url, params) }))
            .statusCode,
        ).toBe(401);
        expect((await postForm(params, {})).statusCode).toBe(400);
        expect((await inboxRows(server, 'twilio')).length).toBe(before);
      });
    });
  });
}
