import type { Row } from '@forecourt/shared';
import { describe, expect, it } from 'vitest';
import {
  onHoldFailed,
  onHoldRequested,
  onIntent,
  type IntentView,
} from '../../src/integrations/providers/stripe/deposit-hold-state.ts';

const contract = (fields: Record<string, unknown> = {}): Row =>
  ({ id: 'c1', tenant_id: 't1', deposit_minor: 50_000, ...fields }) as Row; // the columns the transitions read
const view = (status: string, extra: Partial<IntentView> = {}): IntentView => ({
  intentId: 'pi_1',
  requestId: 'r1',
  status,
  amountMinor: 50_000,
  capturableMinor: status === 'requires_capture' ? 50_000 : 0,
  receivedMinor: status === 'succeeded' ? 30_000 : 0,
  captureBefore: null,
  cancellationReason: null,
  createdAt: '2026-12-01T10:00:00.000Z',
  ...extra,
});

/** Applies the intents in order to a freshly requested hold; the final columns. */
function replay(views: IntentView[]): Row {
  let row = contract({ ...onHoldRequested(contract(), 50_000, 'r1') });
  for (const next of views) row = { ...row, ...(onIntent(row, next) ?? {}) } as Row; // contract columns only
  return row;
}

describe('deposit hold transitions', () => {
  it('ends in the same state whatever order the events arrive in', () => {
    const events = [view('requires_payment_method'), view('requires_capture'), view('succeeded')];
    const inOrder = replay(events);
    expect(inOrder).toMatchObject({ deposit_hold_status: 'captured', deposit_captured_minor: 30_000 });
    expect(replay([...events].reverse())).toMatchObject({
      deposit_hold_status: 'captured',
      deposit_captured_minor: 30_000,
    });
    expect(replay([events[1]!, events[2]!, events[0]!, events[1]!])).toMatchObject({ deposit_hold_status: 'captured' });
  });

  it('records an authorization lapsed unseen (cancelled `automatic`) as expired, and keeps the 7-day default', () => {
    const held = replay([view('requires_capture')]);
    expect(held.deposit_hold_expires_at).toBe('2026-12-08T10:00:00.000Z');
    expect(onIntent(held, view('canceled', { cancellationReason: 'automatic' }))).toMatchObject({
      deposit_hold_status: 'expired',
    });
    expect(onIntent(held, view('canceled'))).toMatchObject({ deposit_hold_status: 'released' });
  });

  it('fails only a hold not yet authorized, and refuses a second hold while one is pending or held', () => {
    const pending = replay([view('requires_payment_method')]);
    expect(onHoldFailed(pending, { intentId: 'pi_1', requestId: 'r1' }, 'card declined')).toMatchObject({
      deposit_hold_status: 'failed',
    });
    const held = replay([view('requires_capture')]);
    expect(onHoldFailed(held, { intentId: 'pi_1', requestId: 'r1' }, 'card declined')).toBeNull();
    expect(onHoldRequested(held, 50_000, 'r2')).toBeNull();
    const released = { ...held, ...onIntent(held, view('canceled')) } as Row; // contract columns only
    expect(onHoldRequested(released, 50_000, 'r2')).toMatchObject({ deposit_hold_ref: 'request:r2' });
  });

  it('ignores an intent of another request or another hold', () => {
    const requested = contract({ ...onHoldRequested(contract(), 50_000, 'r2') });
    expect(onIntent(requested, view('requires_capture', { requestId: 'r1' }))).toBeNull();
    const held = replay([view('requires_capture')]);
    expect(onIntent(held, view('succeeded', { intentId: 'pi_other' }))).toBeNull();
  });
});
