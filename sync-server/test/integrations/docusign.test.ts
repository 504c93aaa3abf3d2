import { createHash, createHmac } from 'node:crypto';
import { uuidv7 } from '@forecourt/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant, type SeededTenant, type TestServer } from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';
import { DOCUSIGN, docusignEnv, docusignFake, SIGNED_PDF } from './fakes/docusign-fake.ts';
import type { HttpFake } from './fakes/http-fake.ts';
import { ownerHeaders, SECRETS, startIntegrationServer, waitFor } from './support.ts';

const PDF = Buffer.from('%PDF-1.4\n% rental contract\n%%EOF\n', 'utf8');

for (const kind of databaseKinds()) {
  describe(`DocuSign eSign (${kind.name})`, () => {
    let server: TestServer;
    let tenant: SeededTenant;
    let headers: Record<string, string>;
    let fake: HttpFake;
    const changes: Array<{ envelopeId: string; status: string }> = [];
    const document = async (id: string) =>
      (await server.db.query('SELECT * FROM esign_documents WHERE id = $1', [id])).rows[0];
    const create = async (mode: 'email' | 'in_person') => {
      const id = uuidv7();
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/v1/integrations/esign/documents',
        headers,
        payload: {
          id,
          siteId: tenant.siteId,
          kind: 'rental_contract',
          title: 'Rental contract R-17',
          signerName: 'Asha Rao',
          signerEmail: 'asha@example.in',
          mode,
          pdfBase64: PDF.toString('base64'),
        },
      });
      expect(response.statusCode).toBe(201);
      return waitFor(
        async () => {
          const row = await document(id);
          return row?.envelope_id ? row : undefined;
        },
        20_000,
        'the envelope to be sent',
      );
    };
    const connect = async (event: string, envelopeId: string, extra: Record<string, unknown> = {}) => {
      const body = JSON.stringify({
        event,
        apiVersion: 'v2.1',
        generatedDateTime: new Date().toISOString(),
        data: { accountId: DOCUSIGN.accountId, envelopeId, ...extra },
      });
      const signature = createHmac('sha256', SECRETS.docusign[0]).update(body).digest('base64');
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks/docusign',
        headers: { 'content-type': 'application/json', 'x-docusign-signature-1': signature },
        payload: body,
      });
      expect(response.statusCode).toBe(200);
      await waitFor(
        async () =>
          (
            await server.db.query(
              "SELECT 1 FROM webhook_inbox WHERE provider = 'docusign' AND status IN ('queued', 'retrying')",
            )
          ).rows.length === 0,
      );
    };

    beforeAll(async () => {
      fake = docusignFake(changes);
      await fake.start();
      server = await startIntegrationServer(kind, { ...docusignEnv(fake), INTEGRATIONS_RECONCILE_SECONDS: '1' });
      tenant = await seedTenant(server);
      headers = await ownerHeaders(server, tenant);
    });
    afterAll(async () => {
      await server?.close();
      await fake?.stop();
    });

    it('sends the envelope with our ids in custom fields and HMAC-signed SIM Connect, using the token', async () => {
      const row = await create('email');
      const request = fake.requests('POST', '/envelopes').find((candidate) => candidate.path.endsWith('/envelopes'));
      expect(request?.headers.authorization).toBe(`Bearer ${DOCUSIGN.token}`);
      const sent = JSON.parse(request?.body ?? '{}') as Record<string, unknown>;
      expect(sent).toMatchObject({
        status: 'sent',
        documents: [{ documentBase64: PDF.toString('base64') }],
        customFields: {
          textCustomFields: expect.arrayContaining([
            expect.objectContaining({ name: 'forecourt_document_id', value: row.id }),
          ]),
        },
        eventNotification: {
          deliveryMode: 'SIM',
          requireAcknowledgment: 'true',
          includeHMAC: 'true',
          includeDocuments: 'false',
        },
      });
      expect(row.status).toBe('sent');
    });

    it('follows Connect monotonically, fetches the signed PDF and serves it by its hash', async () => {
      const row = await create('email');
      const envelopeId = String(row.envelope_id);
      await connect('envelope-delivered', envelopeId);
      expect((await document(String(row.id)))?.status).toBe('delivered');
      await connect('envelope-completed', envelopeId);
      const signed = await waitFor(
        async () => {
          const current = await document(String(row.id));
          return current?.signed_sha256 ? current : undefined;
        },
        20_000,
        'the signed PDF',
      );
      expect(signed).toMatchObject({
        status: 'signed',
        signed_sha256: createHash('sha256').update(SIGNED_PDF).digest('hex'),
      });
      await connect('envelope-delivered', envelopeId);
      expect((await document(String(row.id)))?.status).toBe('signed');
      const file = await server.app.inject({
        method: 'GET',
        url: `/api/v1/integrations/esign/files/${String(signed.signed_sha256)}`,
        headers,
      });
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('application/pdf');
      expect(file.rawPayload.equals(SIGNED_PDF)).toBe(true);
    });

    it('records a decline with its reason', async () => {
      const row = await create('email');
      await connect('recipient-declined', String(row.envelope_id), {
        envelopeSummary: { recipients: { signers: [{ declinedReason: 'wrong deposit amount' }] } },
      });
      expect(await document(String(row.id))).toMatchObject({
        status: 'declined',
        decline_reason: 'wrong deposit amount',
      });
    });

    it('opens an embedded signing view for in-person signing, which itself marks nothing signed', async () => {
      const row = await create('in_person');
      const response = await server.app.inject({
        method: 'POST',
        url: `/api/v1/integrations/esign/documents/${String(row.id)}/signing-view`,
        headers,
        payload: { returnUrl: 'http://127.0.0.1:5173/esign/done' },
      });
      expect(response.json()).toEqual({ data: { url: 'https://demo.docusign.test/signing/session-1' }, error: null });
      const view = fake.requests('POST', '/views/recipient').at(-1);
      expect(JSON.parse(view?.body ?? '{}')).toMatchObject({
        clientUserId: row.id,
        returnUrl: 'http://127.0.0.1:5173/esign/done',
      });
      const sent = JSON.parse(
        fake
          .requests('POST', '/envelopes')
          .filter((request) => request.path.endsWith('/envelopes'))
          .at(-1)?.body ?? '{}',
      ) as { recipients: { signers: Array<{ clientUserId?: string }> } };
      expect(sent.recipients.signers[0]?.clientUserId).toBe(row.id);
      expect((await document(String(row.id)))?.status).toBe('sent');
    });

    it('reconciles envelope statuses at most once per polling interval', async () => {
      const row = await create('email');
      // As if a poll had just run: only the step below opens the next interval. (Else a poll could
      // already be due at the old time; one in flight when the clock moves then polls at the old
      // time and another at the new one, sixteen minutes apart by the clock — rightly.)
      await server.db.query(
        `INSERT INTO server_settings (key, value) VALUES ('integrations.docusign.last_status_poll', $1)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
        [new Date(server.clock()).toISOString()],
      );
      changes.push({ envelopeId: String(row.envelope_id), status: 'voided' });
      server.clock.advance(16 * 60_000);
      await waitFor(
        async () => ((await document(String(row.id)))?.status === 'voided' ? true : undefined),
        20_000,
        'the voided status',
      );
      const polls = () =>
        fake.received.filter((request) => request.method === 'GET' && request.path.includes('/envelopes?')).length;
      const before = polls();
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(polls()).toBe(before);
    });
  });
}
