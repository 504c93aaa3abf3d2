import Type from 'typebox';
import { Nullable } from './schemas.ts';

/**
 * Contract channels of the owner's Plan and billing page and the lapsed-plan banner. Answered by
 * the sync server (/api/v1/billing, docs/billing.md) through the counter core, so each needs the
 * internet; the server checks that plan and choice are the owner's. Spread into CONTRACT.
 */
const Strict = { additionalProperties: false } as const;
export const TierSchema = Type.Union([Type.Literal('starter'), Type.Literal('professional'), Type.Literal('business')]);
const Limits = Type.Object({ sites: Type.Integer(), devices: Type.Integer(), smsPerMonth: Type.Integer() });

export const BillingPlanSchema = Type.Object({
  /** null: the trial (no plan chosen yet). */
  tier: Nullable(TierSchema),
  tierName: Type.String(),
  /** Stripe's subscription status, or `trial`. */
  status: Type.String(),
  mode: Type.Union([Type.Literal('live'), Type.Literal('sandbox')]),
  limits: Limits,
  usage: Type.Object({ sites: Type.Integer(), devices: Type.Integer(), smsThisMonth: Type.Integer() }),
  currentPeriodEnd: Nullable(Type.String()),
  lapsedSince: Nullable(Type.String()),
  graceEndsAt: Nullable(Type.String()),
  readOnly: Type.Boolean(),
  notice: Nullable(Type.String()),
  currency: Type.String(),
  tiers: Type.Array(
    Type.Object({ tier: TierSchema, name: Type.String(), limits: Limits, monthlyPriceMinor: Type.Integer() }),
  ),
});

export const BillingNoticeSchema = Type.Object({
  status: Type.String(),
  readOnly: Type.Boolean(),
  graceEndsAt: Nullable(Type.String()),
  notice: Nullable(Type.String()),
});

export const BILLING_CHANNELS = {
  /** The company's plan, its limits and this month's usage (owners only). */
  'billing:plan': { input: Type.Null(), output: BillingPlanSchema },
  /**
   * Choose or change the tier. `requestId` is made when the button is pressed, so a double click
   * is one Checkout Session. The answer's `url` is Stripe's payment page (live, new subscription).
   */
  'billing:choose': {
    input: Type.Object(
      { tier: TierSchema, requestId: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) },
      Strict,
    ),
    output: Type.Object({
      url: Nullable(Type.String()),
      outcome: Type.Union([Type.Literal('checkout'), Type.Literal('changed'), Type.Literal('activated')]),
    }),
  },
  /** Whether the plan lapsed (grace or read-only), for the banner every user sees. */
  'billing:notice': { input: Type.Null(), output: BillingNoticeSchema },
} as const;
