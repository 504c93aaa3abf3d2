import { DomainError, uuidv7, type Row } from '@forecourt/shared';
import type { Database, Queryable } from '../../../db/database.ts';
import { pgRowStore } from '../../../db/pg-store.ts';
import { lockRow, writeRowsInTransaction } from '../../effects/entity-write.ts';
import { insertCall } from '../../outbound/calls.ts';
import type { JobQueue } from '../../queue/job-queue.ts';
import { QUEUES } from '../../queue/queues.ts';
import { ProviderError } from '../provider-error.ts';
import type { StripeProvider } from './client.ts';
import { onHoldFailed, onHoldRequested } from './deposit-hold-state.ts';

/**
 * Card-present payments at the counter on a Stripe Terminal reader (server-driven): a job's
 * payment (captured at once) or a rental contract's deposit (authorized only, `capture_method:
 * manual`, then captured or released by the deposit-hold steps). Each press of the counter's
 * button is one attempt (`terminal_attempts`, its id made by the counter), worked by an
 * outbound call under `terminal:<attemptId>`: create the intent (`…:intent`), hand it to the
 * reader (`…:process`). The outcome comes back as webhooks: the intent's events make the money
 * rows through the existing effects (the job's payment, the contract's hold), the reader's
 * `terminal.reader.action_succeeded|failed` and the intent's events move the attempt.
 */
export type AttemptStatus = 'requested' | 'waiting' | 'succeeded' | 'failed' | 'canceled';
const RANK: Readonly<Record<AttemptStatus, number>> = {
  requested: 0,
  waiting: 1,
  failed: 2,
  canceled: 2,
  succeeded: 3,
};
const STATUSES = Object.keys(RANK) as AttemptStatus[];
export const isOpenAttempt = (status: unknown) => status === 'requested' || status === 'waiting';

export const TERMINAL_OPERATIONS = { collect: 'stripe.terminal-collect', cancel: 'stripe.terminal-cancel' } as const;
/** An attempt left open this long no longer keeps its reader busy for new ones. */
const BUSY_MINUTES = 10;

export interface TerminalDeps {
  readonly db: Database;
  readonly queue: JobQueue;
  readonly clock: () => number;
  readonly provider: StripeProvider;
}

/** Who asks: the tenant, the user, and the sites they work at (null: an owner, every site). */
export interface TerminalActor {
  readonly tenantId: string;
  readonly userId: string;
  readonly siteIds: readonly string[] | null;
}

export interface AttemptRow {
  id: string;
  tenant_id: string;
  site_id: string;
  reader_id: string;
  stripe_reader_id: string;
  purpose: 'job-payment' | 'rental-deposit';
  job_id: string | null;
  contract_id: string | null;
  payment_id: string | null;
  kind: string | null;
  amount_minor: number;
  currency: string;
  intent_id: string | null;
  status: AttemptStatus;
  message: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface ReaderRow {
  id: string;
  tenant_id: string;
  site_id: string;
  stripe_reader_id: string;
  label: string;
  device_type: string | null;
  location_id?: string | null;
  mode: string;
}

export const nowIsoOf = (deps: { clock: () => number }) => new Date(deps.clock()).toISOString();
export const busySince = (deps: { clock: () => number }) =>
  new Date(deps.clock() - BUSY_MINUTES * 60_000).toISOString();

/**
 * Moves an attempt forward only (a replayed or late event changes nothing); true when it moved.
 * Succeeded outranks failed and cancelled: money that was taken is what the counter must see.
 */
export async function moveAttempt(
  db: Queryable,
  tenantId: string,
  attemptId: string,
  next: AttemptStatus,
  message: string | null,
  nowIso: string,
): Promise<boolean> {
  const lower = STATUSES.filter((status) => RANK[status] < RANK[next]);
  const moved = await db.query(
    `UPDATE terminal_attempts SET status = $3, message = $4, updated_at = $5
      WHERE id = $1 AND tenant_id = $2 AND status = ANY($6::text[])`,
    [attemptId, tenantId, next, message, nowIso, lower],
  );
  return moved.rowCount > 0;
}

export const checkSite = (actor: TerminalActor, siteId: string) => {
  if (actor.siteIds && !actor.siteIds.includes(siteId))
    throw new DomainError('forbidden', 'this reader belongs to another site');
};

async function readerFor(tx: Queryable, actor: TerminalActor, readerId: string, mode: string): Promise<ReaderRow> {
  const found = await tx.query<ReaderRow>(
    'SELECT * FROM terminal_readers WHERE id = $1 AND tenant_id = $2 AND removed_at IS NULL AND mode = $3',
    [readerId, actor.tenantId, mode],
  );
  const reader = found.rows[0];
  if (!reader) throw new DomainError('not-found', 'reader not found');
  checkSite(actor, reader.site_id);
  return reader;
}

/** The attempt's row and its outbound call, in the caller's transaction; a repeat finds both. */
async function insertAttempt(
  tx: Queryable,
  deps: TerminalDeps,
  attempt: Omit<AttemptRow, 'status' | 'message' | 'created_at' | 'updated_at' | 'intent_id'>,
  before: () => Promise<void>,
): Promise<{ callId: string; created: boolean }> {
  const existing = await tx.query<{ tenant_id: string }>('SELECT tenant_id FROM terminal_attempts WHERE id = $1', [
    attempt.id,
  ]);
  if (existing.rows[0] && existing.rows[0].tenant_id !== attempt.tenant_id)
    throw new DomainError('conflict', 'this attempt id is taken');
  const nowIso = nowIsoOf(deps);
  const call = await insertCall(
    tx,
    {
      tenantId: attempt.tenant_id,
      provider: 'stripe',
      operation: TERMINAL_OPERATIONS.collect,
      idempotencyKey: `terminal:${attempt.id}`,
      entityKey: attempt.id,
      request: { attemptId: attempt.id },
    },
    nowIso,
  );
  if (!call.created) return { callId: call.id, created: false };
  const busy = await tx.query(
    "SELECT 1 FROM terminal_attempts WHERE stripe_reader_id = $1 AND status IN ('requested', 'waiting') AND created_at > $2 LIMIT 1",
    [attempt.stripe_reader_id, busySince(deps)],
  );
  if (busy.rows.length > 0) throw new DomainError('conflict', 'the reader is busy with another payment');
  await before();
  await tx.query(
    `INSERT INTO terminal_attempts (id, tenant_id, site_id, reader_id, stripe_reader_id, purpose, job_id, contract_id, payment_id, kind,
                                    amount_minor, currency, status, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'requested', $13, $14, $14)`,
    [
      attempt.id,
      attempt.tenant_id,
      attempt.site_id,
      attempt.reader_id,
      attempt.stripe_reader_id,
      attempt.purpose,
      attempt.job_id,
      attempt.contract_id,
      attempt.payment_id,
      attempt.kind,
      attempt.amount_minor,
      attempt.currency,
      attempt.created_by,
      nowIso,
    ],
  );
  await deps.queue.enqueue(tx, QUEUES.outbound, [{ callId: call.id }]);
  return { callId: call.id, created: true };
}

/** A job's payment on a reader: the amount the counter asks for, in the job's currency. */
export async function startTerminalPayment(
  deps: TerminalDeps,
  actor: TerminalActor,
  input: { attemptId: string; readerId: string; jobId: string; amountMinor: number; kind: string },
): Promise<{ attemptId: string; callId: string }> {
  const result = await deps.db.transaction(async (tx) => {
    const reader = await readerFor(tx, actor, input.readerId, deps.provider.mode);
    const job = (
      await tx.query<{ currency: string; status: string }>(
        'SELECT currency, status FROM jobs WHERE id = $1 AND tenant_id = $2 AND site_id = $3 AND deleted_at IS NULL',
        [input.jobId, actor.tenantId, reader.site_id],
      )
    ).rows[0];
    if (!job) throw new DomainError('not-found', 'job not found at the reader’s site');
    return insertAttempt(
      tx,
      deps,
      {
        id: input.attemptId,
        tenant_id: actor.tenantId,
        site_id: reader.site_id,
        reader_id: reader.id,
        stripe_reader_id: reader.stripe_reader_id,
        purpose: 'job-payment',
        job_id: input.jobId,
        contract_id: null,
        payment_id: uuidv7(deps.clock()),
        kind: input.kind,
        amount_minor: input.amountMinor,
        currency: job.currency,
        created_by: actor.userId,
      },
      async () => {
        if (job.status === 'cancelled') throw new DomainError('conflict', 'a cancelled job takes no payment');
      },
    );
  });
  if (result.created) deps.queue.wake(QUEUES.outbound);
  return { attemptId: input.attemptId, callId: result.callId };
}

/**
 * A rental deposit held on a card presented on a reader: the contract's hold becomes `requested`
 * (keyed by the attempt), then follows the same states as an online hold.
 */
export async function startTerminalDepositHold(
  deps: TerminalDeps,
  actor: TerminalActor,
  input: { attemptId: string; readerId: string; contractId: string },
): Promise<{ attemptId: string; callId: string }> {
  const result = await deps.db.transaction(async (tx) => {
    const reader = await readerFor(tx, actor, input.readerId, deps.provider.mode);
    await lockRow(tx, 'rental_contracts', input.contractId);
    const contract = await pgRowStore(tx, actor.tenantId).get('rental_contracts', input.contractId);
    if (!contract || contract.site_id !== reader.site_id)
      throw new DomainError('not-found', 'rental contract not found at the reader’s site');
    const amount = Number(contract.deposit_minor ?? 0);
    return insertAttempt(
      tx,
      deps,
      {
        id: input.attemptId,
        tenant_id: actor.tenantId,
        site_id: reader.site_id,
        reader_id: reader.id,
        stripe_reader_id: reader.stripe_reader_id,
        purpose: 'rental-deposit',
        job_id: null,
        contract_id: input.contractId,
        payment_id: null,
        kind: null,
        amount_minor: amount,
        currency: String(contract.currency),
        created_by: actor.userId,
      },
      async () => {
        if (contract.status !== 'open')
          throw new DomainError('conflict', `a ${String(contract.status)} contract takes no deposit hold`);
        if (amount <= 0) throw new DomainError('invalid', 'this contract has no deposit to hold');
        const change = onHoldRequested(contract, amount, input.attemptId);
        if (!change)
          throw new DomainError('conflict', `the deposit is already ${String(contract.deposit_hold_status)}`);
        await writeRowsInTransaction(tx, actor.tenantId, [
          { table: 'rental_contracts', row: { ...contract, ...change, updated_at: nowIsoOf(deps) } as Row }, // contract columns only
        ]);
      },
    );
  });
  if (result.created) deps.queue.wake(QUEUES.outbound);
  return { attemptId: input.attemptId, callId: result.callId };
}

export interface AttemptView {
  readonly id: string;
  readonly status: AttemptStatus;
  readonly message: string | null;
  readonly purpose: string;
  readonly readerId: string;
  readonly readerLabel: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly paymentId: string | null;
  readonly intentId: string | null;
  readonly updatedAt: string;
}

/** An attempt as the counter polls it (404 for another tenant's, 403 for another site's). */
export async function getAttempt(deps: TerminalDeps, actor: TerminalActor, attemptId: string): Promise<AttemptView> {
  const found = await deps.db.query<AttemptRow & { label: string }>(
    `SELECT a.*, r.label FROM terminal_attempts a JOIN terminal_readers r ON r.id = a.reader_id
      WHERE a.id = $1 AND a.tenant_id = $2`,
    [attemptId, actor.tenantId],
  );
  const row = found.rows[0];
  if (!row) throw new DomainError('not-found', 'no such reader payment');
  checkSite(actor, row.site_id);
  return {
    id: row.id,
    status: row.status,
    message: row.message,
    purpose: row.purpose,
    readerId: row.reader_id,
    readerLabel: row.label,
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
    paymentId: row.payment_id,
    intentId: row.intent_id,
    updatedAt: row.updated_at,
  };
}

/**
 * Cancels an open attempt: at once in our records (the counter may move on; a deposit hold not
 * yet authorized becomes failed, so a new one can be placed), then at Stripe by a call under
 * `terminal-cancel:<attemptId>` (the reader's action, then the intent if it took no money). A
 * card presented just before still wins: its success outranks the cancellation.
 */
export async function cancelAttempt(
  deps: TerminalDeps,
  actor: TerminalActor,
  attemptId: string,
): Promise<{ callId: string }> {
  const nowIso = nowIsoOf(deps);
  const result = await deps.db.transaction(async (tx) => {
    const found = await tx.query<AttemptRow>(
      'SELECT * FROM terminal_attempts WHERE id = $1 AND tenant_id = $2 FOR UPDATE',
      [attemptId, actor.tenantId],
    );
    const attempt = found.rows[0];
    if (!attempt) throw new DomainError('not-found', 'no such reader payment');
    checkSite(actor, attempt.site_id);
    const call = await insertCall(
      tx,
      {
        tenantId: actor.tenantId,
        provider: 'stripe',
        operation: TERMINAL_OPERATIONS.cancel,
        idempotencyKey: `terminal-cancel:${attemptId}`,
        entityKey: attemptId,
        request: { attemptId },
      },
      nowIso,
    );
    if (!call.created) return call;
    if (!isOpenAttempt(attempt.status)) throw new DomainError('conflict', `this payment already ${attempt.status}`);
    await moveAttempt(tx, actor.tenantId, attemptId, 'canceled', 'cancelled at the counter', nowIso);
    if (attempt.contract_id) {
      await lockRow(tx, 'rental_contracts', attempt.contract_id);
      const contract = await pgRowStore(tx, actor.tenantId).get('rental_contracts', attempt.contract_id);
      const change = contract
        ? onHoldFailed(contract, { intentId: attempt.intent_id, requestId: attempt.id }, 'cancelled at the counter')
        : null;
      if (contract && change)
        await writeRowsInTransaction(tx, actor.tenantId, [
          { table: 'rental_contracts', row: { ...contract, ...change, updated_at: nowIso } as Row }, // contract columns only
        ]);
    }
    await deps.queue.enqueue(tx, QUEUES.outbound, [{ callId: call.id }]);
    return call;
  });
  if (result.created) deps.queue.wake(QUEUES.outbound);
  return { callId: result.id };
}

/** Test only: presents a card on a simulated reader of the user's site. */
export async function presentTestCard(
  deps: TerminalDeps,
  actor: TerminalActor,
  input: { readerId: string; cardNumber: string | null },
): Promise<{ action: string | null }> {
  if (!deps.provider.terminal.testHelpers)
    throw new DomainError('forbidden', 'test cards are presented in the sandbox or with a test key only');
  const reader = await readerFor(deps.db, actor, input.readerId, deps.provider.mode);
  try {
    const view = await deps.provider.terminal.presentCard({
      readerId: reader.stripe_reader_id,
      cardNumber: input.cardNumber,
    });
    return { action: view.action?.status ?? null };
  } catch (error) {
    if (error instanceof ProviderError && error.status !== null && error.status < 500)
      throw new DomainError('conflict', error.message);
    throw error;
  }
}

// ---- outbound operations ----
