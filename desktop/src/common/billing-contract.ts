import Type from 'typebox';
import { BillingNoticeSchema, BillingPlanSchema, TierSchema } from '@forecourt/shared/billing/wire';
import { Nullable } from './schemas.ts';

export { BillingNoticeSchema, BillingPlanSchema, TierSchema };

/**
 * Contract channels of the owner's Plan and billing page and the lapsed-plan banner. Answered by
 * the sync server (/api/v1/billing, docs/billing.md) through the counter core, so each needs the
 * internet; the server checks that plan and choice are the owner's. Spread into CONTRACT.
 */
const Strict = { additionalProperties: false } as const;
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
