-- 0070: the deposit held on the renter's card (Stripe PaymentIntent, manual capture), written by
-- the server's integrations hub and replicated to the counters. Append-only.
ALTER TABLE rental_contracts ADD COLUMN deposit_hold_status text;
ALTER TABLE rental_contracts ADD COLUMN deposit_hold_ref text;
ALTER TABLE rental_contracts ADD COLUMN deposit_hold_minor bigint;
ALTER TABLE rental_contracts ADD COLUMN deposit_captured_minor bigint;
ALTER TABLE rental_contracts ADD COLUMN deposit_hold_expires_at text;
ALTER TABLE rental_contracts ADD COLUMN deposit_hold_reason text;
