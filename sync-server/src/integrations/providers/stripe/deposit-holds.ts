import { DomainError, type Row } from '@forecourt/shared';
import type { Database, Queryable } from '../../../db/database.ts';
import { pgRowStore } from '../../../db/pg-store.ts';
import { lockRow, writeRowsInTransaction } from '../../effects/entity-write.ts';
import { insertCall, type CallRow } from '../../outbound/calls.ts';
import type { OutboundOperation } from '../../outbound/process.ts';
import type { JobQueue } from '../../queue/job-queue.ts';
import { QUEUES } from '../../queue/queues.ts';
import type { StripeProvider } from './client.ts';
import { DEPOSIT_PURPOSE, applyHoldChange, intentView } from './deposit-effects.ts';
import { onHoldFailed, onHoldRequested, onIntent } from './deposit-hold-state.ts';

/**
 * Rental deposits held on the renter's card: a PaymentIntent with `capture_method: 'manual'`,
 * later captured (all or part) or released. Each step is an outbound call under the key of its
 * business operation (`deposit-hold:<contract>:<request>`, `deposit-capture:…`,
 * `deposit-release:…`), so a repeated request is the same call and a retry the same Stripe
 * request. The contract's `deposit_hold_*` columns follow the API answers and the webhooks,
 * monotonically (deposit-hold-state.ts).
 */
export interface DepositDeps {
  readonly db: Database;
  readonly queue: JobQueue;
  readonly clock: () => number;
}

export interface DepositRequest {
  readonly tenantId: string;
  readonly contractId: string;
  /** One per click at the counter: a repeat (double click, retry after a timeout) is the same call. */
  readonly requestId: string;
  /** The sites the user works at; null for an owner (every site). */
  readonly siteIds: readonly string[] | null;
}

type Step = 'hold' | 'capture' | 'release';
const OPERATION: Readonly<Record<Step, string>> = {
  hold: 'stripe.deposit-hold',
  capture: 'stripe.deposit-capture',
  release: 'stripe.deposit-release',
};

/** Asks Stripe to hold the contract's deposit on a card. */
export function requestDepositHold(deps: DepositDeps, request: DepositRequest): Promise<{ callId: string }> {
  return queueStep(deps, request, 'hold', {}, (contract, tx, nowIso) => {
    if (contract.status !== 'open')
      throw new DomainError('conflict', `a ${String(contract.status)} contract takes no deposit hold`);
    const amount = Number(contract.deposit_minor ?? 0);
    if (amount <= 0) throw new DomainError('invalid', 'this contract has no deposit to hold');
    const change = onHoldRequested(contract, amount, request.requestId);
    if (!change) throw new DomainError('conflict', `the deposit is already ${String(contract.deposit_hold_status)}`);
    return writeRowsInTransaction(tx, request.tenantId, [
      { table: 'rental_contracts', row: { ...contract, ...change, updated_at: nowIso } as Row }, // contract columns only
    ]);
  });
}

/** Captures a held deposit: all of it, or `amountMinor` (the rest is released by Stripe). */
export function requestDepositCapture(
  deps: DepositDeps,
  request: DepositRequest & { amountMinor: number | null },
): Promise<{ callId: string }> {
  return queueStep(deps, request, 'capture', { amountMinor: request.amountMinor }, (contract) => {
    if (contract.deposit_hold_status !== 'authorized')
      throw new DomainError('conflict', 'only an authorized deposit hold can be captured');
    const held = Number(contract.deposit_hold_minor ?? 0);
    if (request.amountMinor !== null && request.amountMinor > held)
      throw new DomainError('invalid', `at most ${held} is held`);
  });
}

/** Releases the hold: the renter's card is no longer charged. */
export function requestDepositRelease(deps: DepositDeps, request: DepositRequest): Promise<{ callId: string }> {
  return queueStep(deps, request, 'release', {}, (contract) => {
    const status = contract.deposit_hold_status;
    if (status !== 'authorized' && status !== 'pending')
      throw new DomainError('conflict', `a ${String(status ?? 'missing')} deposit hold cannot be released`);
  });
}

/**
 * One step as an outbound call, in one transaction with its checks: the contract locked, the
 * call inserted under its key (a repeat returns the existing call without checking again), the
 * step's own checks and writes, then the job.
 */
async function queueStep(
  deps: DepositDeps,
  request: DepositRequest,
  step: Step,
  extra: Record<string, unknown>,
  check: (contract: Row, tx: Queryable, nowIso: string) => unknown,
): Promise<{ callId: string }> {
  const nowIso = new Date(deps.clock()).toISOString();
  const result = await deps.db.transaction(async (tx) => {
    await lockRow(tx, 'rental_contracts', request.contractId);
    const contract = await pgRowStore(tx, request.tenantId).get('rental_contracts', request.contractId);
    if (!contract) throw new DomainError('not-found', 'rental contract not found');
    if (request.siteIds && !request.siteIds.includes(String(contract.site_id)))
      throw new DomainError('forbidden', 'this contract belongs to another site');
    const call = await insertCall(
      tx,
      {
        tenantId: request.tenantId,
        provider: 'stripe',
        operation: OPERATION[step],
        idempotencyKey: `deposit-${step}:${request.contractId}:${request.requestId}`,
        entityKey: request.contractId,
        request: { contractId: request.contractId, requestId: request.requestId, ...extra },
      },
      nowIso,
    );
    if (!call.created) return call;
    await check(contract, tx, nowIso);
    await deps.queue.enqueue(tx, QUEUES.outbound, [{ callId: call.id }]);
    return call;
  });
  if (result.created) deps.queue.wake(QUEUES.outbound);
  return { callId: result.id };
}

interface OperationDeps {
  readonly db: Database;
  readonly clock: () => number;
  readonly provider: StripeProvider;
}

async function loadContract(db: Database, call: CallRow): Promise<Row | null> {
  const contractId = String(call.request.contractId);
  const result = await db.query<Row>('SELECT * FROM rental_contracts WHERE id = $1 AND tenant_id = $2', [
    contractId,
    call.tenant_id,
  ]);
  return result.rows[0] ?? null;
}

const intentIdOf = (contract: Row): string => {
  const ref = contract.deposit_hold_ref;
  if (typeof ref !== 'string' || !ref.startsWith('pi_')) throw new Error('the deposit hold has no payment intent');
  return ref;
};

/** The three outbound operations of deposit holds, by operation name. */
export function depositOperations(deps: OperationDeps): Record<string, OutboundOperation> {
  const record = async (call: CallRow, intent: Parameters<typeof intentView>[0]) => {
    const requestId = call.operation === OPERATION.hold ? String(call.request.requestId) : null;
    const view = intentView(intent, requestId);
    const result = await applyHoldChange(deps, call.tenant_id, String(call.request.contractId), (contract) =>
      onIntent(contract, view),
    );
    return { intentId: view.intentId, status: view.status, result };
  };
  return {
    [OPERATION.hold]: {
      unsafeToRepeat: false,
      async perform(call) {
        const contract = await loadContract(deps.db, call);
        if (!contract) return { skipped: 'contract removed' };
        const intent = await deps.provider.createDepositHold({
          amountMinor: Number(contract.deposit_hold_minor ?? contract.deposit_minor),
          currency: String(contract.currency),
          description: `Deposit, rental contract ${String(contract.number)}`,
          metadata: {
            tenant_id: call.tenant_id,
            site_id: String(contract.site_id),
            contract_id: String(contract.id),
            purpose: DEPOSIT_PURPOSE,
            request_id: String(call.request.requestId),
          },
          idempotencyKey: call.idempotency_key,
        });
        return record(call, intent);
      },
      async onGiveUp(call, outcome, error) {
        const reason = outcome === 'ambiguous' ? 'no answer from Stripe' : `refused by Stripe: ${error?.message ?? ''}`;
        const requestId = String(call.request.requestId);
        await applyHoldChange(deps, call.tenant_id, String(call.request.contractId), (contract) =>
          onHoldFailed(contract, { intentId: null, requestId }, reason.trim()),
        );
      },
    },
    [OPERATION.capture]: {
      unsafeToRepeat: false,
      async perform(call) {
        const contract = await loadContract(deps.db, call);
        if (!contract) return { skipped: 'contract removed' };
        const amount = typeof call.request.amountMinor === 'number' ? call.request.amountMinor : null;
        const intentId = intentIdOf(contract);
        return record(
          call,
          await deps.provider.captureDepositHold({
            intentId,
            amountMinor: amount,
            idempotencyKey: call.idempotency_key,
          }),
        );
      },
    },
    [OPERATION.release]: {
      unsafeToRepeat: false,
      async perform(call) {
        const contract = await loadContract(deps.db, call);
        if (!contract) return { skipped: 'contract removed' };
        const intentId = intentIdOf(contract);
        return record(call, await deps.provider.releaseDepositHold({ intentId, idempotencyKey: call.idempotency_key }));
      },
    },
  };
}
