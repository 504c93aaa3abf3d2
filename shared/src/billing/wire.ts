import Type, { type TSchema } from 'typebox';

/**
 * The tenant's plan as `/api/v1/billing` sends it (docs/billing.md): one schema for the server's
 * response and for the counter's check of what it received.
 */
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

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

/** The lapsed-plan notice every signed-in counter shows (`/api/v1/billing/notice`). */
export const BillingNoticeSchema = Type.Object({
  status: Type.String(),
  readOnly: Type.Boolean(),
  graceEndsAt: Nullable(Type.String()),
  notice: Nullable(Type.String()),
});
