import { DomainError, isUuid, uuidv7, type Row } from '@forecourt/shared';
import type { Database, Queryable } from '../../../db/database.ts';
import { pgRowStore } from '../../../db/pg-store.ts';
import { lockRow, writeRowsInTransaction } from '../../effects/entity-write.ts';
import type { EffectOutcome } from '../../inbox/process.ts';
import { insertCall, type CallRow } from '../../outbound/calls.ts';
import type { OutboundOperation } from '../../outbound/process.ts';
import type { JobQueue } from '../../queue/job-queue.ts';
import { QUEUES } from '../../queue/queues.ts';
import { ProviderError } from '../provider-error.ts';
import type { StripeIntent, StripeProvider } from './client.ts';
import { DEPOSIT_PURPOSE, applyHoldChange, intentView } from './deposit-effects.ts';
import { onHoldFailed, onHoldRequested, onIntent } from './deposit-hold-state.ts';

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

interface ReaderRow {
  id: string;
  tenant_id: string;
  site_id: string;
  stripe_reader_id: string;
  label: string;
  device_type: string | null;
  location_id?: string | null;
  mode: string;
}

export interface ReaderEntry {
  readonly id: string;
  readonly siteId: string;
  readonly label: string;
  readonly deviceType: string | null;
  readonly mode: string;
  /** Stripe's ids (`tmr_…`, `tml_…`), shown on the owner's card-readers panel. */
  readonly stripeReaderId: string;
  readonly locationId: string | null;
  /** An attempt is open on it (another counter is taking a card). */
  readonly busy: boolean;
}

const nowIsoOf = (deps: { clock: () => number }) => new Date(deps.clock()).toISOString();
const busySince = (deps: { clock: () => number }) => new Date(deps.clock() - BUSY_MINUTES * 60_000).toISOString();

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

const checkSite = (actor: TerminalActor, siteId: string) => {
  if (actor.siteIds && !actor.siteIds.includes(siteId))
    throw new DomainError('forbidden', 'this reader belongs to another site');
};

/**
 * The readers the user may use: those of their sites (an owner: all the tenant's). In sandbox
 * mode each site gets its simulated reader the first time it is listed.
 */
export async function listReaders(
  deps: TerminalDeps,
  actor: TerminalActor,
  siteId: string | null,
): Promise<ReaderEntry[]> {
  if (siteId) checkSite(actor, siteId);
  const sandboxId = deps.provider.terminal.sandboxReaderId;
  if (deps.provider.mode === 'sandbox' && sandboxId) {
    const sites = await deps.db.query<{ id: string; name: string }>(
      'SELECT id, name FROM sites WHERE tenant_id = $1 AND deleted_at IS NULL',
      [actor.tenantId],
    );
    const nowIso = nowIsoOf(deps);
    for (const site of sites.rows) {
      if (actor.siteIds && !actor.siteIds.includes(site.id)) continue;
      await deps.db.query(
        `INSERT INTO terminal_readers (id, tenant_id, site_id, stripe_reader_id, label, device_type, mode, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'simulated_wisepos_e', 'sandbox', $6, $6) ON CONFLICT (stripe_reader_id) DO NOTHING`,
        [uuidv7(deps.clock()), actor.tenantId, site.id, sandboxId(site.id), `Simulated reader, ${site.name}`, nowIso],
      );
    }
  }
  const rows = await deps.db.query<ReaderRow & { busy: boolean }>(
    `SELECT r.*, EXISTS (SELECT 1 FROM terminal_attempts a WHERE a.stripe_reader_id = r.stripe_reader_id
              AND a.status IN ('requested', 'waiting') AND a.created_at > $3) AS busy
       FROM terminal_readers r
      WHERE r.tenant_id = $1 AND r.removed_at IS NULL AND r.mode = $2
      ORDER BY r.label, r.id`,
    [actor.tenantId, deps.provider.mode, busySince(deps)],
  );
  return rows.rows
    .filter((row) => (!siteId || row.site_id === siteId) && (!actor.siteIds || actor.siteIds.includes(row.site_id)))
    .map((row) => ({
      id: row.id,
      siteId: row.site_id,
      label: row.label,
      deviceType: row.device_type,
      mode: row.mode,
      stripeReaderId: row.stripe_reader_id,
      locationId: row.location_id ?? null,
      busy: Boolean(row.busy),
    }));
}

/**
 * Registers a smart reader with the code it shows (live mode). A synchronous call: the person
 * at the counter waits to learn whether the code was accepted; the key makes a retry the same
 * registration.
 */
export async function registerReader(
  deps: TerminalDeps,
  actor: TerminalActor,
  input: { requestId: string; siteId: string; registrationCode: string; label: string; locationId: string },
): Promise<ReaderEntry> {
  checkSite(actor, input.siteId);
  if (deps.provider.mode === 'sandbox')
    throw new DomainError('conflict', 'the sandbox has one simulated reader per site; nothing to register');
  const site = await deps.db.query('SELECT 1 FROM sites WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL', [
    input.siteId,
    actor.tenantId,
  ]);
  if (site.rows.length === 0) throw new DomainError('not-found', 'site not found');
  let reader;
  try {
    reader = await deps.provider.terminal.registerReader({
      registrationCode: input.registrationCode,
      label: input.label,
      locationId: input.locationId,
      metadata: { tenant_id: actor.tenantId, site_id: input.siteId },
      idempotencyKey: `terminal-reader:${input.requestId}`,
    });
  } catch (error) {
    if (error instanceof ProviderError && error.status !== null && error.status < 500 && error.status !== 429)
      throw new DomainError('invalid', `Stripe refused the reader: ${error.message}`);
    throw new DomainError('unavailable', 'Stripe could not be reached; try again');
  }
  const nowIso = nowIsoOf(deps);
  const id = uuidv7(deps.clock());
  await deps.db.query(
    `INSERT INTO terminal_readers (id, tenant_id, site_id, stripe_reader_id, label, device_type, location_id, mode, registered_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'live', $8, $9, $9) ON CONFLICT (stripe_reader_id) DO NOTHING`,
    [
      id,
      actor.tenantId,
      input.siteId,
      reader.id,
      input.label,
      reader.deviceType,
      reader.locationId,
      actor.userId,
      nowIso,
    ],
  );
  const stored = (
    await deps.db.query<ReaderRow>('SELECT * FROM terminal_readers WHERE stripe_reader_id = $1', [reader.id])
  ).rows[0];
  if (!stored || stored.tenant_id !== actor.tenantId)
    throw new DomainError('conflict', 'this reader is registered to another company');
  return {
    id: stored.id,
    siteId: stored.site_id,
    label: stored.label,
    deviceType: stored.device_type,
    mode: stored.mode,
    stripeReaderId: stored.stripe_reader_id,
    locationId: stored.location_id ?? null,
    busy: false,
  };
}

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

interface OperationDeps {
  readonly db: Database;
  readonly clock: () => number;
  readonly provider: StripeProvider;
}

async function loadAttempt(db: Queryable, call: CallRow): Promise<AttemptRow | null> {
  const found = await db.query<AttemptRow>('SELECT * FROM terminal_attempts WHERE id = $1 AND tenant_id = $2', [
    String(call.request.attemptId),
    call.tenant_id,
  ]);
  return found.rows[0] ?? null;
}

/** The intent as the deposit transitions read it; a card-present hold's default expiry applies. */
const cardPresentView = (intent: StripeIntent, requestId: string) =>
  intentView({ ...intent, payment_method_types: ['card_present'] }, requestId);

function metadataOf(attempt: AttemptRow): Record<string, string> {
  const common = { tenant_id: attempt.tenant_id, site_id: attempt.site_id, terminal_attempt_id: attempt.id };
  if (attempt.purpose === 'rental-deposit')
    return { ...common, contract_id: String(attempt.contract_id), purpose: DEPOSIT_PURPOSE, request_id: attempt.id };
  return {
    ...common,
    job_id: String(attempt.job_id),
    payment_id: String(attempt.payment_id),
    recorded_by: attempt.created_by,
    kind: String(attempt.kind),
    method: 'card',
  };
}

const REFUSALS: Readonly<Record<string, string>> = {
  terminal_reader_offline: 'the reader is offline',
  terminal_reader_busy: 'the reader is busy with another payment',
  terminal_reader_timeout: 'the reader did not answer in time',
  terminal_reader_hardware_fault: 'the reader reported a hardware fault',
};

/** Stops the reader and cancels the intent if it took no money. Errors of "nothing to cancel" are fine. */
async function cancelAtStripe(deps: OperationDeps, attempt: AttemptRow, key: string): Promise<string | null> {
  try {
    await deps.provider.terminal.cancelAction({ readerId: attempt.stripe_reader_id, idempotencyKey: `${key}:action` });
  } catch (error) {
    const settled =
      error instanceof ProviderError && error.status !== null && error.status < 500 && error.status !== 429;
    if (!settled) throw error;
  }
  if (!attempt.intent_id) return null;
  const intent = await deps.provider.terminal.retrieveIntent(attempt.intent_id);
  if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(intent.status))
    return intent.status;
  const canceled = await deps.provider.terminal.cancelIntent({
    intentId: attempt.intent_id,
    idempotencyKey: `${key}:intent`,
  });
  return canceled.status;
}

export function terminalOperations(deps: OperationDeps): Record<string, OutboundOperation> {
  const terminal = deps.provider.terminal;
  return {
    [TERMINAL_OPERATIONS.collect]: {
      unsafeToRepeat: false,
      async perform(call) {
        const attempt = await loadAttempt(deps.db, call);
        if (!attempt) return { skipped: 'attempt removed' };
        if (!isOpenAttempt(attempt.status)) return { skipped: `attempt ${attempt.status}` };
        const deposit = attempt.purpose === 'rental-deposit';
        const intent = await terminal.createIntent({
          amountMinor: Number(attempt.amount_minor),
          currency: attempt.currency,
          description: deposit ? 'Rental deposit (card on reader)' : 'Workshop invoice (card on reader)',
          manualCapture: deposit,
          metadata: metadataOf(attempt),
          idempotencyKey: `${call.idempotency_key}:intent`,
        });
        await deps.db.query(
          'UPDATE terminal_attempts SET intent_id = $2, updated_at = $3 WHERE id = $1 AND intent_id IS NULL',
          [attempt.id, intent.id, nowIsoOf(deps)],
        );
        if (deposit && attempt.contract_id) {
          await applyHoldChange(deps, attempt.tenant_id, attempt.contract_id, (contract) =>
            onIntent(contract, cardPresentView(intent, attempt.id)),
          );
        }
        const reader = await terminal.processPaymentIntent({
          readerId: attempt.stripe_reader_id,
          intentId: intent.id,
          idempotencyKey: `${call.idempotency_key}:process`,
        });
        await moveAttempt(deps.db, attempt.tenant_id, attempt.id, 'waiting', null, nowIsoOf(deps));
        // Cancelled at the counter while the reader was being handed the intent: stop it now.
        const after = await loadAttempt(deps.db, call);
        if (after?.status === 'canceled')
          await cancelAtStripe(deps, { ...after, intent_id: intent.id }, call.idempotency_key);
        return { intentId: intent.id, readerAction: reader.action?.status ?? null };
      },
      async onGiveUp(call, outcome, error) {
        const attempt = await loadAttempt(deps.db, call);
        if (!attempt) return;
        const reason =
          outcome === 'ambiguous'
            ? 'no answer from Stripe'
            : ((error?.code ? REFUSALS[error.code] : undefined) ?? `refused by Stripe: ${error?.message ?? ''}`.trim());
        await moveAttempt(deps.db, attempt.tenant_id, attempt.id, 'failed', reason, nowIsoOf(deps));
        if (attempt.contract_id) {
          await applyHoldChange(deps, attempt.tenant_id, attempt.contract_id, (contract) =>
            onHoldFailed(contract, { intentId: attempt.intent_id, requestId: attempt.id }, reason),
          );
        }
      },
    },
    [TERMINAL_OPERATIONS.cancel]: {
      unsafeToRepeat: false,
      async perform(call) {
        const attempt = await loadAttempt(deps.db, call);
        if (!attempt) return { skipped: 'attempt removed' };
        // No intent yet: the collect call sees the cancellation and never hands one to the reader.
        if (!attempt.intent_id) return { skipped: 'nothing at Stripe yet' };
        return { intentStatus: await cancelAtStripe(deps, attempt, call.idempotency_key) };
      },
    },
  };
}

// ---- webhook effects ----

type StripeObject = Record<string, unknown>;
const str = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : null);
const objectOf = (value: unknown): StripeObject | null =>
  value && typeof value === 'object' ? (value as StripeObject) : null; // a nested Stripe object, read field by field

/** A PaymentIntent we handed to a reader (its metadata names the attempt). */
export function isTerminalIntent(object: StripeObject): boolean {
  return str(object.id)?.startsWith('pi_') === true && str(objectOf(object.metadata)?.terminal_attempt_id) !== null;
}

export const isTerminalReader = (object: StripeObject): boolean => object.object === 'terminal.reader';

function declineOf(object: StripeObject): string {
  const error = objectOf(object.last_payment_error);
  return str(error?.message) ?? str(error?.decline_code) ?? str(error?.code) ?? 'the card was declined';
}

/** What an intent's event says about its attempt, after the money rows were written. */
export async function noteTerminalIntent(
  deps: { db: Database; clock: () => number },
  type: string,
  object: StripeObject,
): Promise<boolean> {
  const metadata = objectOf(object.metadata) ?? {};
  const tenantId = str(metadata.tenant_id);
  const attemptId = str(metadata.terminal_attempt_id);
  if (!tenantId || !attemptId || !isUuid(tenantId)) return false;
  const next: Readonly<Record<string, [AttemptStatus, string | null]>> = {
    'payment_intent.succeeded': ['succeeded', null],
    'payment_intent.amount_capturable_updated': ['succeeded', null],
    'payment_intent.payment_failed': ['failed', declineOf(object)],
    'payment_intent.canceled': ['canceled', 'cancelled'],
  };
  const step = next[type];
  if (!step) return false;
  if (type === 'payment_intent.amount_capturable_updated' && object.status !== 'requires_capture') return false;
  return moveAttempt(deps.db, tenantId, attemptId, step[0], step[1], nowIsoOf(deps));
}

/** Whether the attempt's money is on record: the job's payment confirmed, or the contract's hold held. */
async function moneyRecorded(db: Database, attempt: AttemptRow, intentId: string): Promise<boolean> {
  if (attempt.purpose === 'job-payment') {
    const payment = await db.query<{ status: string }>('SELECT status FROM payments WHERE id = $1 AND tenant_id = $2', [
      attempt.payment_id,
      attempt.tenant_id,
    ]);
    const status = payment.rows[0]?.status;
    return status === 'confirmed' || status === 'refunded' || status === 'disputed';
  }
  const contract = await db.query<{ deposit_hold_status: string | null; deposit_hold_ref: string | null }>(
    'SELECT deposit_hold_status, deposit_hold_ref FROM rental_contracts WHERE id = $1 AND tenant_id = $2',
    [attempt.contract_id, attempt.tenant_id],
  );
  const hold = contract.rows[0];
  return (
    hold?.deposit_hold_ref === intentId &&
    ['authorized', 'captured', 'released', 'expired'].includes(String(hold.deposit_hold_status))
  );
}

/**
 * `terminal.reader.action_succeeded` / `action_failed`: the reader's last action, joined to its
 * attempt by the intent it processed. A failed action of a deposit hold fails the hold (not yet
 * authorized only). Replays and late events change nothing.
 */
export async function terminalReaderEffect(
  deps: { db: Database; clock: () => number },
  type: string,
  reader: StripeObject,
): Promise<EffectOutcome> {
  const action = objectOf(reader.action);
  const process = objectOf(action?.process_payment_intent);
  const intentRef = process?.payment_intent;
  const intentId = typeof intentRef === 'string' ? intentRef : str(objectOf(intentRef)?.id);
  const readerId = str(reader.id);
  if (!action || !intentId || !readerId)
    return { status: 'ignored', tenantId: null, result: 'reader event without a processed payment intent' };
  const found = await deps.db.query<AttemptRow>(
    'SELECT * FROM terminal_attempts WHERE intent_id = $1 AND stripe_reader_id = $2',
    [intentId, readerId],
  );
  const attempt = found.rows[0];
  if (!attempt) return { status: 'ignored', tenantId: null, result: 'no Forecourt attempt for this reader action' };
  const succeeded = type === 'terminal.reader.action_succeeded' && action.status === 'succeeded';
  const failed = type === 'terminal.reader.action_failed' && action.status === 'failed';
  if (!succeeded && !failed) return { status: 'processed', tenantId: attempt.tenant_id, result: 'no change' };
  const message = failed ? (str(action.failure_message) ?? str(action.failure_code) ?? 'the reader failed') : null;
  // The counter shows "paid" only once the money is on record: the intent's own event (processed
  // in parallel, maybe later) writes the payment or the hold and then moves the attempt itself.
  if (succeeded && !(await moneyRecorded(deps.db, attempt, intentId)))
    return {
      status: 'processed',
      tenantId: attempt.tenant_id,
      result: 'reader done; the payment intent’s event records the money',
    };
  const moved = await moveAttempt(
    deps.db,
    attempt.tenant_id,
    attempt.id,
    succeeded ? 'succeeded' : 'failed',
    message,
    nowIsoOf(deps),
  );
  let hold = '';
  if (failed && attempt.contract_id) {
    hold = `; ${await applyHoldChange(deps, attempt.tenant_id, attempt.contract_id, (contract) =>
      onHoldFailed(contract, { intentId, requestId: attempt.id }, `card declined: ${message ?? ''}`.trim()),
    )}`;
  }
  return {
    status: 'processed',
    tenantId: attempt.tenant_id,
    result: `${moved ? `reader payment ${succeeded ? 'succeeded' : 'failed'}` : 'no change (attempt settled)'}${hold}`,
  };
}

/** The hub's face of the card-present flows, for the routes. */
export interface TerminalService {
  listReaders(actor: TerminalActor, siteId: string | null): Promise<ReaderEntry[]>;
  registerReader(actor: TerminalActor, input: Parameters<typeof registerReader>[2]): Promise<ReaderEntry>;
  startPayment(
    actor: TerminalActor,
    input: Parameters<typeof startTerminalPayment>[2],
  ): Promise<{ attemptId: string; callId: string }>;
  startDepositHold(
    actor: TerminalActor,
    input: Parameters<typeof startTerminalDepositHold>[2],
  ): Promise<{ attemptId: string; callId: string }>;
  attempt(actor: TerminalActor, attemptId: string): Promise<AttemptView>;
  cancel(actor: TerminalActor, attemptId: string): Promise<{ callId: string }>;
  presentTestCard(
    actor: TerminalActor,
    input: { readerId: string; cardNumber: string | null },
  ): Promise<{ action: string | null }>;
  readonly mode: 'live' | 'sandbox';
}

export function terminalService(deps: TerminalDeps): TerminalService {
  return {
    mode: deps.provider.mode,
    listReaders: (actor, siteId) => listReaders(deps, actor, siteId),
    registerReader: (actor, input) => registerReader(deps, actor, input),
    startPayment: (actor, input) => startTerminalPayment(deps, actor, input),
    startDepositHold: (actor, input) => startTerminalDepositHold(deps, actor, input),
    attempt: (actor, attemptId) => getAttempt(deps, actor, attemptId),
    cancel: (actor, attemptId) => cancelAttempt(deps, actor, attemptId),
    presentTestCard: (actor, input) => presentTestCard(deps, actor, input),
  };
}
