-- 0090: tenant subscription billing (server-only, not replicated). One row per tenant that has
-- chosen a tier; a tenant without a row runs on the trial limits (sync-server/src/billing/tiers.ts).
-- Rows are never deleted: a cancelled subscription stays with status `canceled`, and no data of
-- the tenant is ever removed because of billing (after the grace period the tenant is read-only).
CREATE TABLE tenant_subscriptions (
  tenant_id text PRIMARY KEY,
  tier text NOT NULL CHECK (tier IN ('starter', 'professional', 'business')),
  -- Stripe's subscription status: incomplete, incomplete_expired, trialing, active, past_due,
  -- canceled, unpaid, paused.
  status text NOT NULL,
  stripe_customer_id text,
  stripe_subscription_id text,
  current_period_end text,
  -- When the subscription stopped being paid (first past_due/unpaid/canceled); null while paid.
  lapsed_since text,
  -- lapsed_since + the grace period: read-only after this instant.
  grace_ends_at text,
  -- `created` (Unix seconds) of the last Stripe event applied: older events change nothing.
  last_event_at bigint NOT NULL DEFAULT 0,
  last_event_id text,
  sandbox boolean NOT NULL DEFAULT false,
  created_at text NOT NULL,
  updated_at text NOT NULL
);
CREATE UNIQUE INDEX tenant_subscriptions_subscription ON tenant_subscriptions (stripe_subscription_id)
  WHERE stripe_subscription_id IS NOT NULL;
CREATE INDEX tenant_subscriptions_customer ON tenant_subscriptions (stripe_customer_id)
  WHERE stripe_customer_id IS NOT NULL;
