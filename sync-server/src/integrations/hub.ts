import { createHash } from 'node:crypto';
import { isDomainError, uuidv7 } from '@forecourt/shared';
import type { Logger } from 'pino';
import { smsMonthlyLimit } from '../billing/store.ts';
import type { Database, Queryable } from '../db/database.ts';
import { PROVIDERS, type IntegrationsConfig, type ProviderName } from './config.ts';
import { inboxJob, type EventEffect } from './inbox/process.ts';
import { createReceiver, retryDeadEvent, type Receive } from './inbox/receive.ts';
import { reconcileStripe } from './providers/stripe/reconcile.ts';
import { enqueueFleetPushes, fleetUpsertOperation } from './providers/fleet/push.ts';
import type { IncomingEvent } from './inbox/inbox.ts';
import { requeueCall } from './outbound/calls.ts';
import { outboundJob, type OutboundOperation } from './outbound/process.ts';
import { startJobQueue, type JobHandler, type JobQueue } from './queue/job-queue.ts';
import { QUEUES, type QueueName } from './queue/queues.ts';
import { docusignEffect } from './providers/docusign/effects.ts';
import {
  enqueueSignedFetch,
  fetchSignedOperation,
  requestSignature,
  sendOperation,
  signedFile,
  signingView,
  type SignatureRequest,
} from './providers/docusign/esign.ts';
import { reconcileDocusign } from './providers/docusign/reconcile.ts';
import { enodeEffect } from './providers/enode/effects.ts';
import { createVehicleLink, reconcileEnode } from './providers/enode/links.ts';
import { buildProviders, type Providers } from './providers/registry.ts';
import { stripeEffect } from './providers/stripe/effects.ts';
import {
  depositOperations,
  requestDepositCapture,
  requestDepositHold,
  requestDepositRelease,
  type DepositRequest,
} from './providers/stripe/deposit-holds.ts';
import {
  checkoutOperation,
  refundOperation,
  requestPaymentLink,
  requestRefund,
  type PayLinkRequest,
} from './providers/stripe/payments.ts';
import { terminalOperations } from './providers/stripe/terminal-operations.ts';
import { terminalService, type TerminalService } from './providers/stripe/terminal-service.ts';
import type { RefundReason } from './providers/stripe/client.ts';
import { twilioEffect } from './providers/twilio/effects.ts';
import { otpService, type OtpService } from './providers/twilio/otp.ts';
import { reconcileTwilio } from './providers/twilio/reconcile.ts';
import { requestSms, smsOperation, type SmsRequest } from './providers/twilio/sms.ts';

export interface HubDeps {
  readonly db: Database;
  readonly logger: Logger;
  readonly clock: () => number;
  readonly config: IntegrationsConfig;
  /** Provider clients; built from the configuration (live or sandbox) unless given. */
  readonly providers?: Providers;
}

/** The integrations hub of one process: the job queue, and its workers when this process runs them. */
export interface IntegrationHub {
  readonly config: IntegrationsConfig;
  readonly providers: Providers;
  /** Stores verified events and enqueues them (one transaction). */
  receive(events: readonly IncomingEvent[]): Promise<{ stored: number; queued: number }>;
  /** An owner's retry of a dead event of their tenant; false when there is none. */
  retryDead(tenantId: string, inboxId: string): Promise<boolean>;
  /** An owner's retry of a dead or failed outbound call; false when there is none. */
  retryCall(tenantId: string, callId: string): Promise<boolean>;
  sendSms(request: SmsRequest): Promise<{ messageId: string; status: string }>;
  requestSignature(request: SignatureRequest): Promise<{ documentId: string }>;
  signingView(tenantId: string, documentId: string, returnUrl: string): Promise<{ url: string }>;
  signedFile(tenantId: string, sha256: string): Promise<Buffer | null>;
  requestPaymentLink(request: PayLinkRequest): Promise<{ paymentId: string }>;
  requestRefund(request: {
    tenantId: string;
    paymentId: string;
    requestId: string;
    amountMinor: number | null;
    reason?: RefundReason | null;
    note?: string | null;
  }): Promise<{ callId: string }>;
  /** Card-present payments and deposit holds on Stripe Terminal readers. */
  readonly terminal: TerminalService;
  readonly otp: OtpService;
  /** A rental deposit held on a card, then captured (all or `amountMinor`) or released. */
  depositHold(
    step: 'hold' | 'capture' | 'release',
    request: DepositRequest & { amountMinor?: number | null },
  ): Promise<{ callId: string }>;
  /** An Enode link session for a fleet vehicle of the tenant. */
  linkVehicle(tenantId: string, vehicleId: string): Promise<{ linkUrl: string; expiresAt: string }>;
  /** Runs one provider's reconciliation now (the timer does it every interval). */
  reconcile(provider: ProviderName): Promise<number>;
  stop(): Promise<void>;
}

type Deps = HubDeps & { readonly providers: Providers };

const onSigned = (deps: Deps, queue: JobQueue) => (tenantId: string, documentId: string) =>
  enqueueSignedFetch({ db: deps.db, queue, clock: deps.clock }, tenantId, documentId);

function webhookEffects(deps: Deps, queue: JobQueue): Record<ProviderName, EventEffect> {
  const effectDeps = { db: deps.db, clock: deps.clock, logger: deps.logger };
  return {
    stripe: stripeEffect(effectDeps),
    docusign: docusignEffect({ ...effectDeps, onSigned: onSigned(deps, queue) }),
    enode: enodeEffect(effectDeps),
    twilio: twilioEffect(effectDeps),
  };
}

function operations(deps: Deps, queue: JobQueue): Record<string, OutboundOperation> {
  const statusCallback = `${deps.config.publicBaseUrl}/api/v1/webhooks/twilio`;
  const sms = smsDeps(deps, queue);
  return {
    'twilio.sms': smsOperation({ db: deps.db, clock: deps.clock, provider: deps.providers.twilio, statusCallback }),
    'stripe.checkout': checkoutOperation({
      db: deps.db,
      clock: deps.clock,
      provider: deps.providers.stripe,
      successUrl: `${deps.config.publicBaseUrl}/paid`,
      sendLink: async (tenantId, payment, phone, url) => {
        const messageId = uuidv7(
          Date.parse(String(payment.created_at)),
          createHash('sha256').update(`paylink:${payment.id}`).digest().subarray(0, 10),
        );
        await requestSms(sms, {
          messageId,
          tenantId,
          siteId: String(payment.site_id),
          to: phone,
          body: `Pay your invoice securely: ${url}`,
          purpose: 'payment-link',
          customerId: null,
          jobId: typeof payment.job_id === 'string' ? payment.job_id : null,
          sentBy: String(payment.recorded_by),
        }).catch((error: unknown) => {
          // Past the month's SMS allowance the message is kept as not sent; the link stays on the payment.
          if (!isDomainError(error) || error.code !== 'payment-required') throw error;
        });
      },
    }),
    'stripe.refund': refundOperation({ provider: deps.providers.stripe }),
    ...depositOperations({ db: deps.db, clock: deps.clock, provider: deps.providers.stripe }),
    ...terminalOperations({ db: deps.db, clock: deps.clock, provider: deps.providers.stripe }),
    'fleet.upsert': fleetUpsertOperation({ db: deps.db, platform: deps.providers.fleet }),
    'docusign.send': sendOperation({ db: deps.db, clock: deps.clock, provider: deps.providers.docusign }),
    'docusign.fetch-signed': fetchSignedOperation({
      db: deps.db,
      clock: deps.clock,
      provider: deps.providers.docusign,
    }),
  };
}

const smsDeps = (deps: Deps, queue: JobQueue) => ({
  db: deps.db,
  queue,
  clock: deps.clock,
  monthlyLimit: (tx: Queryable, tenantId: string) =>
    smsMonthlyLimit(tx, tenantId, deps.clock(), deps.config.smsMonthlyLimit),
});

/** Reconciliation per provider; a provider without one yet reconciles nothing (see the notes). */
function reconcilers(deps: Deps, queue: JobQueue, receive: Receive): Record<ProviderName, () => Promise<number>> {
  return {
    twilio: () => reconcileTwilio({ db: deps.db, clock: deps.clock, provider: deps.providers.twilio }),
    stripe: () => reconcileStripe({ db: deps.db, clock: deps.clock, provider: deps.providers.stripe, receive }),
    docusign: () =>
      reconcileDocusign({
        db: deps.db,
        clock: deps.clock,
        provider: deps.providers.docusign,
        onSigned: onSigned(deps, queue),
      }),
    enode: () => reconcileEnode({ db: deps.db, clock: deps.clock, provider: deps.providers.enode }),
  };
}

function jobHandlers(deps: Deps, queue: JobQueue, receive: Receive): Record<QueueName, JobHandler> {
  const reconcile = reconcilers(deps, queue, receive);
  return {
    [QUEUES.inbox]: inboxJob({ ...deps, effects: webhookEffects(deps, queue) }),
    [QUEUES.outbound]: outboundJob({ ...deps, operations: operations(deps, queue) }),
    [QUEUES.reconcile]: async (data) => {
      const provider = PROVIDERS.find((name) => name === data.provider);
      if (!provider) return;
      const moved = await reconcile[provider]();
      deps.logger.info({ provider, moved }, 'reconciled');
    },
  };
}

/** Every interval, one reconcile job per provider for the whole deployment (throttled by key). */
function scheduleReconciliation(deps: Deps, queue: JobQueue): () => void {
  const seconds = Math.max(1, Math.round(deps.config.queue.reconcileIntervalSeconds));
  const tick = () => {
    for (const provider of PROVIDERS) {
      queue
        .enqueueThrottled(QUEUES.reconcile, { provider }, `reconcile:${provider}`, seconds)
        .catch((error: unknown) => {
          deps.logger.warn({ err: error, provider }, 'could not enqueue reconciliation');
        });
    }
  };
  const timer = setInterval(tick, seconds * 1000);
  timer.unref();
  const fleet = deps.config.fleetPush ? setInterval(() => void pushFleet(deps, queue), FLEET_SCAN_MS) : null;
  fleet?.unref();
  return () => {
    clearInterval(timer);
    if (fleet) clearInterval(fleet);
  };
}

/** Vehicle changes are turned into fleet-platform pushes this often (a cheap scan from a cursor). */
const FLEET_SCAN_MS = 2_000;

async function pushFleet(deps: Deps, queue: JobQueue): Promise<void> {
  try {
    await enqueueFleetPushes({ db: deps.db, queue, clock: deps.clock });
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not enqueue fleet pushes');
  }
}

/**
 * Starts the queue (creating pg-boss's schema and our queues on first start) and, unless workers
 * run in separate processes (INTEGRATIONS_WORKERS=external), the workers of this process.
 */
export async function startIntegrationHub(
  hubDeps: HubDeps,
  options: { workers?: boolean } = {},
): Promise<IntegrationHub> {
  const deps: Deps = { ...hubDeps, providers: hubDeps.providers ?? buildProviders(hubDeps.config, hubDeps.clock) };
  const runWorkers = options.workers ?? deps.config.workers === 'in-process';
  const queue = await startJobQueue(deps.db, deps.config, deps.logger, { supervise: runWorkers });
  const receiveDeps = { db: deps.db, queue, clock: deps.clock };
  const receive = createReceiver(receiveDeps);
  // The sandbox's simulated readers report as Stripe would, through the same inbox as webhooks.
  deps.providers.stripe.terminal.connectSandbox?.(receive);
  if (runWorkers) await queue.work(jobHandlers(deps, queue, receive), deps.db.kind === 'postgres' ? 2 : 1);
  const stopSchedule = runWorkers ? scheduleReconciliation(deps, queue) : () => undefined;
  const reconcile = reconcilers(deps, queue, receive);
  return {
    config: deps.config,
    providers: deps.providers,
    receive,
    retryDead: (tenantId, inboxId) => retryDeadEvent(receiveDeps, tenantId, inboxId),
    async retryCall(tenantId, callId) {
      const nowIso = new Date(deps.clock()).toISOString();
      const requeued = await deps.db.transaction(async (tx) => {
        if (!(await requeueCall(tx, tenantId, callId, nowIso))) return false;
        await queue.enqueue(tx, QUEUES.outbound, [{ callId }]);
        return true;
      });
      if (requeued) queue.wake(QUEUES.outbound);
      return requeued;
    },
    sendSms: (request) => requestSms(smsDeps(deps, queue), request),
    requestSignature: (request) => requestSignature({ db: deps.db, queue, clock: deps.clock }, request),
    signingView: (tenantId, documentId, returnUrl) =>
      signingView({ db: deps.db, provider: deps.providers.docusign }, tenantId, documentId, returnUrl),
    signedFile: (tenantId, sha256) => signedFile(deps.db, tenantId, sha256),
    requestPaymentLink: (request) => requestPaymentLink({ db: deps.db, queue, clock: deps.clock }, request),
    requestRefund: (request) => requestRefund({ db: deps.db, queue, clock: deps.clock }, request),
    terminal: terminalService({ db: deps.db, queue, clock: deps.clock, provider: deps.providers.stripe }),
    otp: otpService({ db: deps.db, clock: deps.clock, provider: deps.providers.twilio }),
    depositHold(step, request) {
      const depositDeps = { db: deps.db, queue, clock: deps.clock };
      if (step === 'capture')
        return requestDepositCapture(depositDeps, { ...request, amountMinor: request.amountMinor ?? null });
      return step === 'hold' ? requestDepositHold(depositDeps, request) : requestDepositRelease(depositDeps, request);
    },
    linkVehicle: (tenantId, vehicleId) =>
      createVehicleLink(
        {
          db: deps.db,
          clock: deps.clock,
          provider: deps.providers.enode,
          redirectUri: `${deps.config.publicBaseUrl}/integrations/enode/linked`,
        },
        tenantId,
        vehicleId,
      ),
    reconcile: (provider) => reconcile[provider](),
    async stop() {
      stopSchedule();
      await queue.stop();
    },
  };
}
