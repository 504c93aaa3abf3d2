import { DomainError } from '@forecourt/shared';
import { BillingNoticeSchema, BillingPlanSchema, TierSchema } from '@forecourt/shared/billing/wire';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { assertOwner } from '../admin/owner.ts';
import { envelopeResponses, ok } from '../http/envelope.ts';
import { optionalDevice, requireUser } from '../http/request-auth.ts';
import type { IntegrationsConfig } from '../integrations/config.ts';
import { ProviderError } from '../integrations/providers/provider-error.ts';
import type { AppServices } from '../services.ts';
import { forgetPlan, loadSubscription, saveSubscription, usageOf } from './store.ts';
import { liveBilling, sandboxBilling, tierPricesFrom, type BillingStripe } from './stripe-billing.ts';
import {
  isLapsedStatus,
  MONTHLY_PRICE_MINOR,
  planState,
  TIER_LIMITS,
  TIER_NAMES,
  TIERS,
  type PlanState,
  type Tier,
} from './tiers.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

const CheckoutBody = Type.Object(
  {
    tier: TierSchema,
    /** Made when the owner presses the button: a double click or a retry is one Checkout Session. */
    requestId: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
  },
  { additionalProperties: false },
);

const CheckoutAnswer = Type.Object({
  /** Where the owner pays (live); null when the change needed no payment page. */
  url: Nullable(Type.String()),
  /** `checkout`: pay at `url`; `changed`: Stripe moves the running subscription (the webhook confirms); `activated`: sandbox. */
  outcome: Type.Union([Type.Literal('checkout'), Type.Literal('changed'), Type.Literal('activated')]),
});

async function requireOwner(services: AppServices, request: FastifyRequest) {
  const user = await requireUser(services, request);
  assertOwner(user, 'manage the plan and billing');
  return user;
}

async function tenantCurrency(services: AppServices, tenantId: string): Promise<string> {
  const found = await services.db.query<{ currency: string }>('SELECT currency FROM tenants WHERE id = $1', [tenantId]);
  return found.rows[0]?.currency ?? 'INR';
}

function providerRefusal(error: unknown): never {
  if (error instanceof ProviderError) {
    throw new DomainError('unavailable', `Stripe did not accept the request: ${error.message}`);
  }
  throw error;
}

/**
 * The owner's Plan and billing page (`/api/v1/billing`), and the lapsed-plan notice every signed-in
 * user or enrolled device may read. Owner routes are checked here, on the server.
 */
const billingRoutes: FastifyPluginAsyncTypebox<{
  services: AppServices;
  stripe: IntegrationsConfig['stripe'];
}> = async (app, { services, stripe: stripeConfig }) => {
  const prices = tierPricesFrom(process.env);
  const provider: BillingStripe = stripeConfig.secretKey ? liveBilling(stripeConfig, prices) : sandboxBilling();
  const publicBase = (process.env.PUBLIC_BASE_URL ?? 'http://127.0.0.1:8787').replace(/\/+$/, '');

  const describe = async (tenantId: string, plan: PlanState) => {
    const currency = await tenantCurrency(services, tenantId);
    const amounts = MONTHLY_PRICE_MINOR[currency] ?? MONTHLY_PRICE_MINOR.INR;
    return {
      tier: plan.tier,
      tierName: plan.tier ? TIER_NAMES[plan.tier] : 'Trial',
      status: plan.status,
      mode: provider.mode,
      limits: plan.limits,
      usage: await usageOf(services.db, tenantId, services.clock()),
      currentPeriodEnd: plan.currentPeriodEnd,
      lapsedSince: plan.lapsedSince,
      graceEndsAt: plan.graceEndsAt,
      readOnly: plan.readOnly,
      notice: plan.notice,
      currency,
      tiers: TIERS.map((tier) => ({
        tier,
        name: TIER_NAMES[tier],
        limits: TIER_LIMITS[tier],
        monthlyPriceMinor: amounts?.[tier] ?? 0,
      })),
    };
  };

  app.get('/', { schema: { response: envelopeResponses(BillingPlanSchema) } }, async (request) => {
    const owner = await requireOwner(services, request);
    const row = await loadSubscription(services.db, owner.tenantId);
    return ok(await describe(owner.tenantId, planState(row, services.clock())));
  });

  app.get('/notice', { schema: { response: envelopeResponses(BillingNoticeSchema) } }, async (request) => {
    const device = await optionalDevice(services, request);
    const tenantId = device ? device.tenantId : (await requireUser(services, request)).tenantId;
    const plan = planState(await loadSubscription(services.db, tenantId), services.clock());
    return ok({ status: plan.status, readOnly: plan.readOnly, graceEndsAt: plan.graceEndsAt, notice: plan.notice });
  });

  app.post(
    '/checkout',
    { schema: { body: CheckoutBody, response: envelopeResponses(CheckoutAnswer) } },
    async (request) => {
      const owner = await requireOwner(services, request);
      const { tier, requestId } = request.body;
      const tenantId = owner.tenantId;
      const current = await loadSubscription(services.db, tenantId);
      const running =
        current?.stripe_subscription_id &&
        !current.sandbox &&
        !['canceled', 'incomplete_expired', 'incomplete'].includes(current.status)
          ? current
          : null;
      if (provider.mode === 'sandbox') {
        await activateSandbox(services, tenantId, tier, current);
        request.log.info({ tier, by: owner.id }, 'sandbox plan activated');
        return ok({ url: null, outcome: 'activated' as const });
      }
      if (running?.stripe_subscription_id) {
        if (running.tier === tier && !isLapsedStatus(running.status))
          throw new DomainError('conflict', `the company is already on the ${TIER_NAMES[tier]} plan`);
        if (running.tier === tier) {
          // Renewing an overdue plan: pay its open invoice on Stripe's page (Stripe also retries the card).
          const url = await provider.openInvoiceUrl(running.stripe_subscription_id).catch(providerRefusal);
          if (!url)
            throw new DomainError(
              'conflict',
              'the subscription has no open invoice to pay; Stripe retries the card and this page follows it',
            );
          request.log.info({ tier, by: owner.id }, 'overdue plan invoice opened');
          return ok({ url, outcome: 'checkout' as const });
        }
        await provider
          .changeSubscriptionTier({
            subscriptionId: running.stripe_subscription_id,
            tenantId,
            tier,
            idempotencyKey: `billing-change:${tenantId}:${requestId}`,
          })
          .catch(providerRefusal);
        request.log.info({ tier, by: owner.id }, 'plan change requested');
        return ok({ url: null, outcome: 'changed' as const });
      }
      const session = await provider
        .createSubscriptionCheckout({
          tenantId,
          tier,
          currency: await tenantCurrency(services, tenantId),
          customerId: current?.stripe_customer_id ?? null,
          successUrl: `${publicBase}/billing/subscribed`,
          cancelUrl: `${publicBase}/billing/cancelled`,
          idempotencyKey: `billing-checkout:${tenantId}:${requestId}`,
        })
        .catch(providerRefusal);
      request.log.info({ tier, sessionId: session.id, by: owner.id }, 'plan checkout created');
      return ok({ url: session.url, outcome: 'checkout' as const });
    },
  );
};

/**
 * Sandbox (no STRIPE_SECRET_KEY): choosing a tier activates it at once, as if Checkout had been
 * paid, so the page can be tried without an account. Never replaces a live subscription's row.
 */
async function activateSandbox(
  services: AppServices,
  tenantId: string,
  tier: Tier,
  current: Awaited<ReturnType<typeof loadSubscription>>,
): Promise<void> {
  const nowIso = new Date(services.clock()).toISOString();
  if (current && !current.sandbox && current.stripe_subscription_id)
    throw new DomainError('conflict', 'this company has a live Stripe subscription; the sandbox does not change it');
  await saveSubscription(services.db, {
    tenant_id: tenantId,
    tier,
    status: 'active',
    stripe_customer_id: null,
    stripe_subscription_id: null,
    current_period_end: new Date(services.clock() + 30 * 86_400_000).toISOString(),
    lapsed_since: null,
    grace_ends_at: null,
    last_event_at: current?.last_event_at ?? 0,
    last_event_id: current?.last_event_id ?? null,
    sandbox: true,
    created_at: current?.created_at ?? nowIso,
    updated_at: nowIso,
  });
  forgetPlan(tenantId);
}

export default billingRoutes;
