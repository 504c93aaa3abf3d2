import { uuidv7 } from '@forecourt/shared';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';
import { pushAll, readyJob, record, seedGarage, type Counter, type GarageSeed } from '../garage/garage-fixtures.ts';
import { T0 } from '../sync/fixtures.ts';
import { form, type HttpFake } from './fakes/http-fake.ts';
import { TWILIO, twilioEnv, twilioFake } from './fakes/twilio-fake.ts';
import { capturingLogger, PUBLIC_BASE_URL, SECRETS, startIntegrationServer, waitFor } from './support.ts';

const MONTHLY_LIMIT = 8;

/** Job-ready and receipt SMS queued from counter pushes, through the fake Twilio, on both databases. */
for (const kind of databaseKinds()) {
  describe(`customer messages from pushed mutations (${kind.name})`, () => {
    let server: TestServer;
    let fake: HttpFake;
    let garage: GarageSeed;
    /** One counter for every job: its job numbers come from its own sequence. */
    let manager: Counter;
    const logs = capturingLogger();
    const counter = () => manager;
    const messagesOf = async (jobId: string) =>
      (
        await server.db.query<{
          id: string;
          purpose: string;
          to_phone: string;
          body: string;
          status: string;
          provider_ref: string | null;
          sent_by: string;
        }>(
          'SELECT id, purpose, to_phone, body, status, provider_ref, sent_by FROM messages WHERE job_id = $1 ORDER BY created_at, id',
          [jobId],
        )
      ).rows;
    const postsWith = (text: string) =>
      fake.requests('POST', '/Messages.json').filter((request) => form(request.body).Body?.includes(text));
    const jobNumber = async (jobId: string) =>
      (await server.db.query<{ number: string }>('SELECT number FROM jobs WHERE id = $1', [jobId])).rows[0]?.number;
    const accepted = (jobId: string, purpose: string) =>
      waitFor(
        async () => (await messagesOf(jobId)).find((row) => row.purpose === purpose && row.provider_ref !== null),
        20_000,
        `${purpose} message of job ${jobId} sent`,
      );
    const deliveryCallback = (sid: string, status: string) => {
      const params = { MessageSid: sid, MessageStatus: status, AccountSid: TWILIO.accountSid };
      const url = `${PUBLIC_BASE_URL}/api/v1/webhooks/twilio`;
      return server.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks/twilio',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilio.getExpectedTwilioSignature(SECRETS.twilio[0], url, params),
        },
        payload: new URLSearchParams(params).toString(),
      });
    };

    beforeAll(async () => {
      fake = twilioFake();
      await fake.start();
      server = await startIntegrationServer(
        kind,
        { ...twilioEnv(fake), SMS_MONTHLY_LIMIT: String(MONTHLY_LIMIT) },
        { logger: logs.logger },
      );
      // The garage fixtures record mutations at T0: the server's clock is moved there.
      server.clock.advance(T0 + 60_000 - server.clock());
      garage = await seedGarage(server.db, server.engine);
      manager = garage.counter(garage.devices.counterA, garage.users.managerA);
    });
    afterAll(async () => {
      await server?.close();
      await fake?.stop();
    });

    it('queues one "vehicle ready" SMS to the customer when a pushed job.setStatus makes the job ready', async () => {
      const { jobId } = await readyJob(server.engine, counter(), 'AA');
      const number = await jobNumber(jobId);
      const sent = await accepted(jobId, 'job_ready');
      const text = `Bengaluru: your vehicle KA 01 AA 1234 is ready for pickup (job ${number}).`;
      expect(sent).toMatchObject({ to_phone: '+919812345678', body: text, sent_by: garage.users.managerA });
      expect(postsWith(text).map((request) => form(request.body).To)).toEqual(['+919812345678']);
    });

    it('sends no second one for a replayed push, nor when the job goes back to work and is ready again', async () => {
      const { jobId } = await readyJob(server.engine, manager, 'BB');
      const first = await accepted(jobId, 'job_ready');
      // Back to work, ready again; then the counter never heard the answer and pushes it all again.
      const rework = [
        record(manager, 'job.setStatus', { jobId, status: 'in_progress' }),
        record(manager, 'job.setStatus', { jobId, status: 'ready' }),
      ];
      const replay = await pushAll(server.engine, manager, rework);
      expect(replay.outcomes.map((outcome) => outcome.status)).toEqual(['applied', 'applied']);
      const replayed = await pushAll(server.engine, manager, rework);
      expect(replayed.lastMutationId).toBe(replay.lastMutationId);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(await messagesOf(jobId)).toEqual([first]);
      expect(postsWith('KA 01 BB 1234')).toHaveLength(1);
    });

    it("sends a receipt when the owner confirms a payment, and none for the staff's unconfirmed record", async () => {
      const { jobId } = await readyJob(server.engine, counter(), 'CC');
      const paymentId = uuidv7();
      const staff = garage.counter(garage.devices.counterA, garage.users.staffA);
      const recorded = await pushAll(server.engine, staff, [
        record(
          staff,
          'payment.record',
          { jobId, kind: 'partial', method: 'upi', amountMinor: 150_000 },
          { ids: [paymentId, uuidv7()] },
        ),
      ]);
      expect(recorded.outcomes[0]?.status).toBe('applied');
      // The message is requested before the push answers: nothing for an unconfirmed payment.
      expect((await messagesOf(jobId)).map((row) => row.purpose)).toEqual(['job_ready']);
      const owner = garage.counter(garage.devices.ownerHq, garage.users.owner);
      const confirm = () => record(owner, 'payment.confirm', { paymentId });
      expect((await pushAll(server.engine, owner, [confirm()])).outcomes[0]?.status).toBe('applied');
      // A second owner device confirming the same payment offline: harmless, and no second receipt.
      const otherOwner = garage.counter(garage.devices.ownerHq, garage.users.owner);
      await pushAll(server.engine, otherOwner, [record(otherOwner, 'payment.confirm', { paymentId })]);
      const receipt = await accepted(jobId, 'payment_receipt');
      const number = await jobNumber(jobId);
      expect(receipt).toMatchObject({
        to_phone: '+919812345678',
        body: `Bengaluru: we received \u20B91,500.00 for job ${number}. Thank you.`,
        sent_by: garage.users.owner,
      });
      expect((await messagesOf(jobId)).map((row) => row.purpose).sort()).toEqual(['job_ready', 'payment_receipt']);
    });

    it('follows a signed delivery callback into the row, which a counter pulls', async () => {
      const { jobId } = await readyJob(server.engine, counter(), 'DD');
      const sent = await accepted(jobId, 'job_ready');
      const cursor = await server.engine.currentVersion();
      expect((await deliveryCallback(String(sent.provider_ref), 'delivered')).statusCode).toBe(200);
      await waitFor(async () => (await messagesOf(jobId))[0]?.status === 'delivered', 20_000, 'delivered');
      const page = await server.engine.pull(garage.devices.counterA, { clientId: uuidv7(), cursor });
      const pulled = page.changes.filter((change) => change.table === 'messages' && change.id === sent.id);
      expect(pulled.at(-1)?.row).toMatchObject({ status: 'delivered', job_id: jobId, purpose: 'job_ready' });
    });

    it('skips a customer without a phone number with a log line, and the push stands', async () => {
      const { jobId, customerId } = await readyJob(server.engine, manager, 'EE');
      await accepted(jobId, 'job_ready');
      const paymentId = uuidv7();
      await server.db.query('UPDATE customers SET phone = NULL WHERE id = $1', [customerId]);
      const owner = garage.counter(garage.devices.ownerHq, garage.users.owner);
      const pushed = await pushAll(server.engine, owner, [
        record(
          owner,
          'payment.record',
          { jobId, kind: 'partial', method: 'cash', amountMinor: 99_00 },
          { ids: [paymentId, uuidv7()] },
        ),
      ]);
      expect(pushed.outcomes[0]?.status).toBe('applied');
      expect(logs.lines.join('\n')).toContain('customer sms skipped: the customer has no usable phone number');
      expect((await messagesOf(jobId)).map((row) => row.purpose)).toEqual(['job_ready']);
    });

    it("never fails a push when the message cannot be queued (the month's allowance is used up)", async () => {
      const used = async () =>
        Number(
          (
            await server.db.query<{ n: number }>(
              "SELECT count(*)::int AS n FROM messages WHERE tenant_id = $1 AND status <> 'not_sent'",
              [garage.tenantId],
            )
          ).rows[0]?.n,
        );
      for (const label of ['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8']) {
        if ((await used()) >= MONTHLY_LIMIT) break;
        await readyJob(server.engine, counter(), label);
      }
      expect(await used()).toBe(MONTHLY_LIMIT);
      const { jobId } = await readyJob(server.engine, counter(), 'GG');
      expect(await jobNumber(jobId)).toBeDefined();
      // Kept as not sent (the job timeline shows why), never sent.
      expect((await messagesOf(jobId)).map((row) => row.status)).toEqual(['not_sent']);
      expect(logs.lines.join('\n')).toContain('customer sms not queued');
    });

    it('writes no phone number or message text to the log', () => {
      const all = logs.lines.join('\n');
      expect(all).toContain('customer sms requested');
      expect(all).not.toContain('9812345678');
      expect(all).not.toContain('is ready for pickup');
    });
  });
}
