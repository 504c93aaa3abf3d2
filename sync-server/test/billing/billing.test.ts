import { encodeHlc, uuidv7, type PushedMutation } from '@forecourt/shared';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnrolmentCode } from '../../src/admin/index.ts';
import { GRACE_MS } from '../../src/billing/tiers.ts';
import { hashEnrolmentCode } from '../../src/devices/enrolment-codes.ts';
import {
  enrolTestDevice,
  PROTOCOL,
  seedTenant,
  seedUser,
  signInOn,
  type EnrolledTestDevice,
  type SeededTenant,
  type TestServer,
} from '../support/app.ts';
import { databaseKinds } from '../support/databases.ts';
import { SECRETS, startIntegrationServer, waitFor } from '../integrations/support.ts';

const DAY = 86_400_000;

function customerCreate(id: number, actorId: string, nowMs: number, name: string): PushedMutation {
  return {
    id,
    name: 'customer.create',
    args: { name },
    hlc: encodeHlc({ wallMs: nowMs, counter: id, node: 'test' }),
    env: { now: new Date(nowMs).toISOString(), ids: [uuidv7(nowMs)], seqs: {} },
    actorId,
    baseVersion: 0,
  };
}

let sequence = 0;
/** A Stripe event with an explicit `created` (Unix seconds): the order Stripe stamped, not the order delivered. */
function event(type: string, created: number, object: Record<string, unknown>): string {
  sequence += 1;
  return JSON.stringify({
    id: `evt_bill_${sequence}_${uuidv7().slice(-12)}`,
    object: 'event',
    type,
    created,
    livemode: false,
    data: { object },
  });
}

function subscription(
  id: string,
  tenantId: string,
  status: string,
  extra: { tier?: string; periodEnd?: number; customer?: string } = {},
) {
  return {
    id,
    object: 'subscription',
    status,
    customer: extra.customer ?? `cus_${id.slice(4)}`,
    metadata: { tenant_id: tenantId, tier: extra.tier ?? 'professional', purpose: 'tenant-subscription' },
    items: {
      object: 'list',
      data: [{ id: `si_${id.slice(4)}`, price: { id: 'price_inline' }, current_period_end: extra.periodEnd ?? 0 }],
    },
  };
}

/** API 2025+ invoices name their subscription under parent.subscription_details. */
function invoice(subscriptionId: string, customer: string) {
  return {
    id: `in_${uuidv7().slice(-12)}`,
    object: 'invoice',
    customer,
    parent: { type: 'subscription_details', subscription_details: { subscription: subscriptionId, metadata: {} } },
  };
}

for (const kind of databaseKinds()) {
  describe(`tenant billing (${kind.name})`, () => {
    let server: TestServer;
    const nowSeconds = () => Math.floor(server.clock() / 1000);

    async function deliver(payload: string): Promise<{ status: string; result: string | null }> {
      const header = Stripe.webhooks.generateTestHeaderString({
        payload,
        secret: SECRETS.stripe[0],
        timestamp: nowSeconds(),
      });
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks/stripe',
        headers: { 'content-type': 'application/json', 'stripe-signature': header },
        payload,
      });
      expect(response.statusCode).toBe(200);
      const id = (JSON.parse(payload) as { id: string }).id;
      return waitFor(
        async () => {
          const row = (
            await server.db.query<{ status: string; result: string | null }>(
              "SELECT status, result FROM webhook_inbox WHERE provider = 'stripe' AND event_key = $1",
              [id],
            )
          ).rows[0];
          return row && ['processed', 'ignored', 'dead'].includes(row.status) ? row : undefined;
        },
        20_000,
        `event ${id}`,
      );
    }

    const call = (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: object) =>
      server.app.inject({ method, url, headers: { ...PROTOCOL, ...headers }, ...(payload ? { payload } : {}) });

    interface Actor {
      device: EnrolledTestDevice;
      headers: Record<string, string>;
      userId: string;
      email: string;
    }
    async function owner(tenant: SeededTenant): Promise<Actor> {
      const device = await enrolTestDevice(server, { tenantId: tenant.tenantId, scope: 'tenant' });
      const session = await signInOn(server, device, tenant.ownerEmail);
      return {
        device,
        headers: { authorization: device.authorization, 'x-user-token': session.accessToken },
        userId: tenant.ownerId,
        email: tenant.ownerEmail,
      };
    }
    async function staffAt(tenant: SeededTenant): Promise<Actor> {
      const device = await enrolTestDevice(server, { siteId: tenant.siteId });
      const staff = await seedUser(server, tenant, 'staff');
      const session = await signInOn(server, device, staff.email);
      return {
        device,
        headers: { authorization: device.authorization, 'x-user-token': session.accessToken },
        userId: staff.userId,
        email: staff.email,
      };
    }
    /** Sign in again (access tokens expire when the test clock jumps days ahead). */
    async function refreshed(actor: Actor): Promise<Actor> {
      const session = await signInOn(server, actor.device, actor.email);
      return { ...actor, headers: { ...actor.headers, 'x-user-token': session.accessToken } };
    }
    const plan = async (actor: Actor) => {
      const response = await call('GET', '/api/v1/billing', actor.headers);
      expect(response.statusCode).toBe(200);
      return response.json().data;
    };
    const choose = (actor: Actor, tier: string) =>
      call('POST', '/api/v1/billing/checkout', actor.headers, { tier, requestId: uuidv7().replace(/-/g, '') });
    const subscriptionRow = async (tenantId: string) =>
      (
        await server.db.query<{
          status: string;
          tier: string;
          lapsed_since: string | null;
          grace_ends_at: string | null;
        }>('SELECT status, tier, lapsed_since, grace_ends_at FROM tenant_subscriptions WHERE tenant_id = $1', [
          tenantId,
        ])
      ).rows[0];

    beforeAll(async () => {
      server = await startIntegrationServer(kind);
    });
    afterAll(async () => server?.close());

    it('gives a tenant without a subscription the trial (Business limits) and shows its usage', async () => {
      const tenant = await seedTenant(server);
      const boss = await owner(tenant);
      const data = await plan(boss);
      expect(data).toMatchObject({
        tier: null,
        tierName: 'Trial',
        status: 'trial',
        mode: 'sandbox',
        limits: { sites: 25, devices: 100, smsPerMonth: 5000 },
        usage: { sites: 2, devices: 1, smsThisMonth: 0 },
        readOnly: false,
        notice: null,
        currency: 'INR',
      });
      expect(data.tiers.map((tier: { tier: string }) => tier.tier)).toEqual(['starter', 'professional', 'business']);
    });

    it('lets only the owner see or change the plan; anyone signed in reads the notice', async () => {
      const tenant = await seedTenant(server);
      const staff = await staffAt(tenant);
      const manager = await seedUser(server, tenant, 'manager');
      const managerSession = await signInOn(server, staff.device, manager.email);
      for (const headers of [staff.headers, { ...staff.headers, 'x-user-token': managerSession.accessToken }]) {
        const read = await call('GET', '/api/v1/billing', headers);
        expect(read.statusCode).toBe(403);
        expect(read.json().error.message).toBe('only an owner can manage the plan and billing');
        expect(
          (await call('POST', '/api/v1/billing/checkout', headers, { tier: 'business', requestId: 'abcdefgh1' }))
            .statusCode,
        ).toBe(403);
      }
      expect(await subscriptionRow(tenant.tenantId)).toBeUndefined();
      const notice = await call('GET', '/api/v1/billing/notice', { authorization: staff.device.authorization });
      expect(notice.json()).toEqual({
        data: { status: 'trial', readOnly: false, graceEndsAt: null, notice: null },
        error: null,
      });
      expect((await call('GET', '/api/v1/billing/notice', {})).statusCode).toBe(401);
    });

    it('enforces the tier: sites, PCs and SMS per month (the SMS kept as not sent, then sent on a larger plan)', async () => {
      const tenant = await seedTenant(server); // two sites
      const boss = await owner(tenant); // PC 1
      const chosen = await choose(boss, 'starter');
      expect(chosen.json()).toEqual({ data: { url: null, outcome: 'activated' }, error: null });
      expect(await plan(boss)).toMatchObject({ tier: 'starter', status: 'active', limits: { sites: 1, devices: 3 } });

      const site = await call('POST', '/api/v1/sites', boss.headers, { name: 'Hosur', code: 'HSR1' });
      expect(site.statusCode).toBe(402);
      expect(site.json().error).toEqual({
        code: 'payment-required',
        message: 'the Starter plan allows 1 site; choose a larger plan in Plan and billing to add another',
      });

      await enrolTestDevice(server, { siteId: tenant.siteId }); // PC 2
      await enrolTestDevice(server, { siteId: tenant.siteId }); // PC 3
      const { code } = await createEnrolmentCode({ db: server.db, clock: server.clock }, { siteId: tenant.siteId });
      const refused = await call('POST', '/api/v1/devices/enrol', {}, { code, name: 'Fourth PC' });
      expect(refused.statusCode).toBe(402);
      expect(refused.json().error.message).toBe(
        'the Starter plan allows 3 PCs and all are enrolled; revoke one or choose a larger plan in Plan and billing',
      );
      // The code is given back and no credential or device was left behind.
      const codeRow = await server.db.query<{ used_at: string | null }>(
        'SELECT used_at FROM enrolment_codes WHERE code_hash = $1',
        [hashEnrolmentCode(code)],
      );
      expect(codeRow.rows[0]?.used_at).toBeNull();
      expect((await plan(boss)).usage.devices).toBe(3);

      // SMS: fill the month up to one short of Starter's 250, send one, the next is kept as not sent.
      const monthIso = new Date(server.clock()).toISOString();
      await server.db.query(
        `INSERT INTO messages (id, tenant_id, site_id, purpose, to_phone, body, status, created_at, updated_at)
         SELECT gen_random_uuid()::text, $1, $2, 'test', '+919800000000', 'x', 'delivered', $3, $3 FROM generate_series(1, 249)`,
        [tenant.tenantId, tenant.siteId, monthIso],
      );
      const sms = (id: string) =>
        call('POST', '/api/v1/integrations/sms', boss.headers, {
          id,
          siteId: tenant.siteId,
          to: '+919812345678',
          body: 'Your vehicle is ready',
          purpose: 'job_ready',
        });
      expect((await sms(uuidv7())).statusCode).toBe(201);
      const keptId = uuidv7();
      const over = await sms(keptId);
      expect(over.statusCode).toBe(402);
      expect(over.json().error).toEqual({
        code: 'payment-required',
        message: "this month's SMS allowance (250) is used up; the message is kept as not sent",
      });
      const kept = await server.db.query<{ status: string; error_code: string; body: string }>(
        'SELECT status, error_code, body FROM messages WHERE id = $1',
        [keptId],
      );
      expect(kept.rows[0]).toEqual({ status: 'not_sent', error_code: 'monthly-limit', body: 'Your vehicle is ready' });
      expect((await plan(boss)).usage.smsThisMonth).toBe(250);

      // A larger plan: the same message id is sent now (nothing was lost).
      expect((await choose(boss, 'professional')).statusCode).toBe(200);
      const again = await sms(keptId);
      expect(again.statusCode).toBe(201);
      expect(again.json().data).toEqual({ messageId: keptId, status: 'queued' });
      expect((await call('POST', '/api/v1/sites', boss.headers, { name: 'Hosur', code: 'HSR1' })).statusCode).toBe(201);
    });

    it("limits API keys by the tenant's tier (the trial gets Starter's rate)", async () => {
      const tenant = await seedTenant(server);
      const boss = await owner(tenant);
      const created = await call('POST', '/api/v1/integrations/api-keys', boss.headers, { name: 'ERP', scope: 'read' });
      expect(created.statusCode).toBe(201);
      const key = created.json().data.key as string;
      const limitNow = async () =>
        (
          await server.app.inject({
            method: 'GET',
            url: '/api/v1/integrations/api/vehicles',
            headers: { authorization: `Bearer ${key}` },
          })
        ).headers['x-ratelimit-limit'];
      expect(await limitNow()).toBe('60');
      await choose(boss, 'business');
      expect(await limitNow()).toBe('1200');
    });

    it('follows subscription webhooks, never regresses on older events, and a cancelled one stays cancelled', async () => {
      const tenant = await seedTenant(server);
      const boss = await owner(tenant);
      const sub = `sub_${uuidv7().replace(/-/g, '').slice(-14)}`;
      const t = nowSeconds();
      const periodEnd = t + 30 * 86_400;
      expect(
        await deliver(
          event('customer.subscription.created', t, subscription(sub, tenant.tenantId, 'active', { periodEnd })),
        ),
      ).toMatchObject({ status: 'processed', result: 'subscription active (Professional)' });
      expect(await plan(boss)).toMatchObject({
        tier: 'professional',
        status: 'active',
        currentPeriodEnd: new Date(periodEnd * 1000).toISOString(),
        limits: { sites: 3, devices: 15, smsPerMonth: 1000 },
      });

      // Newer past_due first, then an older "active" update and an older paid invoice: no regression.
      await deliver(event('customer.subscription.updated', t + 20, subscription(sub, tenant.tenantId, 'past_due')));
      const older = await deliver(
        event('customer.subscription.updated', t + 10, subscription(sub, tenant.tenantId, 'active')),
      );
      expect(older.result).toMatch(/^no change: older than the last applied event/);
      await deliver(event('invoice.paid', t + 5, invoice(sub, `cus_${sub.slice(4)}`)));
      const lapsedSince = new Date((t + 20) * 1000).toISOString();
      expect(await subscriptionRow(tenant.tenantId)).toEqual({
        status: 'past_due',
        tier: 'professional',
        lapsed_since: lapsedSince,
        grace_ends_at: new Date(Date.parse(lapsedSince) + GRACE_MS).toISOString(),
      });

      // A newer paid invoice brings it back; cancellation is final even against a later "active".
      await deliver(event('invoice.paid', t + 30, invoice(sub, `cus_${sub.slice(4)}`)));
      expect((await subscriptionRow(tenant.tenantId))?.status).toBe('active');
      await deliver(event('customer.subscription.deleted', t + 40, subscription(sub, tenant.tenantId, 'canceled')));
      await deliver(event('customer.subscription.updated', t + 50, subscription(sub, tenant.tenantId, 'active')));
      expect(await subscriptionRow(tenant.tenantId)).toMatchObject({ status: 'canceled' });
      const data = await plan(boss);
      expect(data).toMatchObject({
        status: 'canceled',
        readOnly: false,
        lapsedSince: new Date((t + 40) * 1000).toISOString(),
      });
      expect(data.notice).toContain('The Professional subscription is unpaid: everything keeps working until');

      // A new subscription after the cancellation replaces it.
      const next = `sub_${uuidv7().replace(/-/g, '').slice(-14)}`;
      await deliver(
        event(
          'customer.subscription.created',
          t + 60,
          subscription(next, tenant.tenantId, 'active', { tier: 'business' }),
        ),
      );
      expect(await plan(boss)).toMatchObject({ tier: 'business', status: 'active', lapsedSince: null, notice: null });
    });

    it('keeps a subscription active when its "incomplete" creation arrives after the activation of the same second', async () => {
      const tenant = await seedTenant(server);
      const boss = await owner(tenant);
      const sub = `sub_${uuidv7().replace(/-/g, '').slice(-14)}`;
      const t = nowSeconds();
      await deliver(event('customer.subscription.updated', t, subscription(sub, tenant.tenantId, 'active')));
      const late = await deliver(
        event('customer.subscription.created', t, subscription(sub, tenant.tenantId, 'incomplete')),
      );
      expect(late.result).toMatch(/^no change: an incomplete state of the same second/);
      expect(await plan(boss)).toMatchObject({ tier: 'professional', status: 'active' });
    });

    it('ignores subscription events for no known tenant and keeps tenants apart', async () => {
      const a = await seedTenant(server);
      const b = await seedTenant(server);
      const bossA = await owner(a);
      const bossB = await owner(b);
      const stranger = await deliver(
        event('customer.subscription.created', nowSeconds(), subscription('sub_nobody123', uuidv7(), 'active')),
      );
      expect(stranger).toMatchObject({ status: 'ignored', result: 'the named tenant does not exist' });
      const subB = `sub_${uuidv7().replace(/-/g, '').slice(-14)}`;
      await deliver(event('customer.subscription.created', nowSeconds(), subscription(subB, b.tenantId, 'unpaid')));
      // An invoice without metadata is joined through the stored subscription: B's, not A's.
      await deliver(event('invoice.payment_failed', nowSeconds() + 1, invoice(subB, `cus_${subB.slice(4)}`)));
      expect((await plan(bossA)).status).toBe('trial');
      expect(await plan(bossB)).toMatchObject({ status: 'unpaid', tier: 'professional' });
      expect(await subscriptionRow(a.tenantId)).toBeUndefined();
    });

    it('after the grace period refuses whole pushes (nothing applied, nothing lost), still pulls, and takes them once paid', async () => {
      const tenant = await seedTenant(server);
      const other = await seedTenant(server);
      let staff = await staffAt(tenant);
      let otherStaff = await staffAt(other);
      const sub = `sub_${uuidv7().replace(/-/g, '').slice(-14)}`;
      const t = nowSeconds();
      await deliver(event('customer.subscription.created', t, subscription(sub, tenant.tenantId, 'active')));
      await deliver(event('invoice.payment_failed', t + 1, invoice(sub, `cus_${sub.slice(4)}`)));
      expect((await subscriptionRow(tenant.tenantId))?.status).toBe('past_due');

      const clientId = uuidv7();
      const push = (actor: Actor, client: string, mutations: PushedMutation[]) =>
        call('POST', '/api/v1/sync/push', actor.headers, { clientId: client, mutations });
      // In the grace period everything works, with the notice.
      const inGrace = await push(staff, clientId, [customerCreate(1, staff.userId, server.clock(), 'During grace')]);
      expect(inGrace.statusCode).toBe(200);
      expect(inGrace.json().data.outcomes[0].status).toBe('applied');
      const notice = await call('GET', '/api/v1/billing/notice', { authorization: staff.device.authorization });
      expect(notice.json().data).toMatchObject({ status: 'past_due', readOnly: false });

      server.clock.advance(GRACE_MS + DAY);
      staff = await refreshed(staff);
      otherStaff = await refreshed(otherStaff);
      const waiting = [
        customerCreate(2, staff.userId, server.clock(), 'Written while read-only'),
        customerCreate(3, staff.userId, server.clock(), 'Also waiting'),
      ];
      const refused = await push(staff, clientId, waiting);
      expect(refused.statusCode).toBe(402);
      expect(refused.json().error.code).toBe('payment-required');
      expect(refused.json().error.message).toMatch(
        /^the subscription lapsed and the grace period ended on \d{4}-\d{2}-\d{2}: the company is read-only/,
      );
      const named = async (name: string) =>
        (await server.db.query('SELECT 1 FROM customers WHERE tenant_id = $1 AND name = $2', [tenant.tenantId, name]))
          .rows.length;
      expect(await named('Written while read-only')).toBe(0);
      const client = await server.db.query<{ last_mutation_id: number }>(
        'SELECT last_mutation_id FROM sync_clients WHERE client_id = $1',
        [clientId],
      );
      expect(Number(client.rows[0]?.last_mutation_id)).toBe(1);
      // Read-only, not locked out: the pull works and still has the data; nothing was deleted.
      const pull = await call(
        'POST',
        '/api/v1/sync/pull',
        { authorization: staff.device.authorization },
        { clientId, cursor: 0 },
      );
      expect(pull.statusCode).toBe(200);
      expect(await named('During grace')).toBe(1);
      expect(
        (await call('GET', '/api/v1/billing/notice', { authorization: staff.device.authorization })).json().data,
      ).toMatchObject({
        readOnly: true,
      });
      // Another tenant is not affected.
      const otherPush = await push(otherStaff, uuidv7(), [
        customerCreate(1, otherStaff.userId, server.clock(), 'Elsewhere'),
      ]);
      expect(otherPush.statusCode).toBe(200);

      // Paid again: the same mutations, pushed again, are applied.
      await deliver(event('invoice.paid', nowSeconds(), invoice(sub, `cus_${sub.slice(4)}`)));
      const accepted = await push(staff, clientId, waiting);
      expect(accepted.statusCode).toBe(200);
      expect(accepted.json().data.outcomes.map((outcome: { status: string }) => outcome.status)).toEqual([
        'applied',
        'applied',
      ]);
      expect(await named('Written while read-only')).toBe(1);
    });
  });
}
