import { createHash, randomBytes } from 'node:crypto';
import type Stripe from 'stripe';
import type { IncomingEvent } from '../../inbox/inbox.ts';
import { ProviderError } from '../provider-error.ts';
import type { StripeIntent } from './client.ts';

/**
 * Stripe Terminal, server-driven: a smart reader (WisePOS E, S700) registered to the account,
 * handed a PaymentIntent (`process_payment_intent`); the reader's action ends in
 * `terminal.reader.action_succeeded` / `action_failed`, the intent's own events follow.
 */
export interface ReaderAction {
  readonly type: string;
  readonly status: 'in_progress' | 'succeeded' | 'failed';
  readonly failureCode: string | null;
  readonly failureMessage: string | null;
  readonly paymentIntentId: string | null;
}

export interface ReaderView {
  readonly id: string;
  readonly label: string;
  readonly deviceType: string | null;
  readonly status: string | null;
  readonly locationId: string | null;
  readonly action: ReaderAction | null;
}

export interface TerminalIntentInput {
  readonly amountMinor: number;
  readonly currency: string;
  readonly description: string;
  /** A deposit hold is authorized only (`capture_method: manual`); a job payment is captured at once. */
  readonly manualCapture: boolean;
  readonly metadata: Record<string, string>;
  readonly idempotencyKey: string;
}

/** What the counter's card-present flows ask of Stripe. Calls that change something carry a key. */
export interface TerminalProvider {
  registerReader(input: {
    registrationCode: string;
    label: string;
    locationId: string;
    metadata: Record<string, string>;
    idempotencyKey: string;
  }): Promise<ReaderView>;
  /** A `card_present` PaymentIntent, not yet on a reader. */
  createIntent(input: TerminalIntentInput): Promise<StripeIntent>;
  /** Hands the intent to the reader: it shows the amount and waits for a card. */
  processPaymentIntent(input: { readerId: string; intentId: string; idempotencyKey: string }): Promise<ReaderView>;
  /** Stops what the reader is doing (the card was not presented yet). */
  cancelAction(input: { readerId: string; idempotencyKey: string }): Promise<ReaderView>;
  retrieveIntent(intentId: string): Promise<StripeIntent>;
  /** Cancels an intent that took no money (requires_payment_method). */
  cancelIntent(input: { intentId: string; idempotencyKey: string }): Promise<StripeIntent>;
  /**
   * Test only: presents a card on a simulated reader (Stripe's
   * `test_helpers/terminal/readers/:id/present_payment_method`; the sandbox's own reader).
   */
  presentCard(input: { readerId: string; cardNumber: string | null }): Promise<ReaderView>;
  /** Whether `presentCard` is available (the sandbox, or a test-mode secret key). */
  readonly testHelpers: boolean;
  /** The sandbox reports what its simulated readers do as Stripe events; the hub stores them like webhooks. */
  connectSandbox?(sink: (events: readonly IncomingEvent[]) => Promise<unknown>): void;
  /** The id of the sandbox's simulated reader of a site (sandbox only). */
  sandboxReaderId?(siteId: string): string;
}

/** Card-present authorizations lapse sooner than online ones; Stripe usually says (`capture_before`). */
export const CARD_PRESENT_HOLD_DAYS = 2;

const DECLINE_CARD = '4000000000000002';
/** Stripe's physical test card amounts: the minor units' last two digits choose the outcome. */
const DECLINE_BY_CENTS: Readonly<Record<number, { code: string; message: string }>> = {
  1: { code: 'call_issuer', message: 'The card was declined: call the issuer.' },
  5: { code: 'generic_decline', message: 'The card was declined.' },
  55: { code: 'incorrect_pin', message: 'The PIN was incorrect.' },
  65: { code: 'withdrawal_count_limit_exceeded', message: 'The card was declined: limit exceeded.' },
  75: { code: 'pin_try_exceeded', message: 'Too many PIN attempts.' },
};

interface SandboxIntent {
  intent: StripeIntent;
  currency: string;
  manual: boolean;
  metadata: Record<string, string>;
  lastError: { code: string; message: string } | null;
}

interface SandboxReader {
  id: string;
  action: ReaderAction | null;
  timer: NodeJS.Timeout | null;
}

/**
 * The sandbox's simulated readers: one per site (`tmr_sandbox_<hash of the site>`). A card is
 * presented `cardDelayMs` after the reader was handed an intent (0: only when `presentCard` is
 * called); it is declined for Stripe's decline test card and for the test amounts ending in 01,
 * 05, 55, 65 or 75. The outcome is reported as Stripe events (`evt_sandbox_…`) through the sink
 * the hub connects, so the same effects as for live webhooks apply. Intents share the sandbox's
 * store with deposit holds, so a reader hold is captured and released like any other.
 */
export function sandboxTerminal(options: {
  intents: Map<string, StripeIntent>;
  cardDelayMs?: number;
}): TerminalProvider {
  const cardDelayMs = options.cardDelayMs ?? Number(process.env.STRIPE_SANDBOX_CARD_DELAY_MS ?? 2500);
  const intents = new Map<string, SandboxIntent>();
  const readers = new Map<string, SandboxReader>();
  let sink: ((events: readonly IncomingEvent[]) => Promise<unknown>) | null = null;
  const id = (prefix: string) => `${prefix}_sandbox_${randomBytes(10).toString('hex')}`;
  const now = () => Math.floor(Date.now() / 1000);

  const readerOf = (readerId: string): SandboxReader => {
    if (!readerId.startsWith('tmr_sandbox_'))
      throw new ProviderError('stripe', 404, 'resource_missing', 'no such sandbox reader');
    const known = readers.get(readerId) ?? { id: readerId, action: null, timer: null };
    readers.set(readerId, known);
    return known;
  };
  const view = (reader: SandboxReader): ReaderView => ({
    id: reader.id,
    label: 'Simulated reader',
    deviceType: 'simulated_wisepos_e',
    status: 'online',
    locationId: null,
    action: reader.action,
  });
  const intentOf = (intentId: string): SandboxIntent => {
    const found = intents.get(intentId);
    if (!found) throw new ProviderError('stripe', 404, 'resource_missing', 'no such sandbox payment intent');
    found.intent = options.intents.get(intentId) ?? found.intent; // captured or released since
    return found;
  };
  const save = (entry: SandboxIntent, change: Partial<StripeIntent>) => {
    entry.intent = { ...entry.intent, ...change };
    options.intents.set(entry.intent.id, entry.intent);
  };
  const intentObject = (entry: SandboxIntent) => ({
    ...entry.intent,
    object: 'payment_intent',
    currency: entry.currency.toLowerCase(),
    capture_method: entry.manual ? 'manual' : 'automatic',
    payment_method_types: ['card_present'],
    metadata: entry.metadata,
    last_payment_error: entry.lastError
      ? {
          type: 'card_error',
          code: 'card_declined',
          decline_code: entry.lastError.code,
          message: entry.lastError.message,
        }
      : null,
    latest_charge:
      entry.intent.capture_before === null
        ? null
        : {
            object: 'charge',
            payment_method_details: { card_present: { capture_before: entry.intent.capture_before } },
          },
  });
  const readerObject = (reader: SandboxReader) => ({
    id: reader.id,
    object: 'terminal.reader',
    label: 'Simulated reader',
    device_type: 'simulated_wisepos_e',
    status: 'online',
    action: reader.action
      ? {
          type: reader.action.type,
          status: reader.action.status,
          failure_code: reader.action.failureCode,
          failure_message: reader.action.failureMessage,
          process_payment_intent: { payment_intent: reader.action.paymentIntentId },
        }
      : null,
  });
  const emit = (type: string, object: Record<string, unknown>, entityKey: string) => {
    const eventId = id('evt');
    const body = JSON.stringify({
      id: eventId,
      object: 'event',
      type,
      created: now(),
      livemode: false,
      data: { object },
    });
    const event: IncomingEvent = {
      provider: 'stripe',
      eventKey: eventId,
      eventType: type,
      entityKey,
      body,
      handled: true,
    };
    return event;
  };
  const settle = async (reader: SandboxReader, cardNumber: string | null) => {
    if (reader.timer) clearTimeout(reader.timer);
    reader.timer = null;
    const action = reader.action;
    if (!action || action.status !== 'in_progress' || !action.paymentIntentId) return;
    const entry = intentOf(action.paymentIntentId);
    const decline =
      cardNumber === DECLINE_CARD
        ? { code: 'card_declined', message: 'Your card was declined.' }
        : (DECLINE_BY_CENTS[entry.intent.amount % 100] ?? null);
    const events: IncomingEvent[] = [];
    if (decline) {
      entry.lastError = decline;
      save(entry, { status: 'requires_payment_method' });
      reader.action = { ...action, status: 'failed', failureCode: decline.code, failureMessage: decline.message };
      events.push(emit('payment_intent.payment_failed', intentObject(entry), entry.intent.id));
      events.push(emit('terminal.reader.action_failed', readerObject(reader), reader.id));
    } else {
      entry.lastError = null;
      if (entry.manual) {
        save(entry, {
          status: 'requires_capture',
          amount_capturable: entry.intent.amount,
          capture_before: now() + CARD_PRESENT_HOLD_DAYS * 86_400,
        });
        events.push(emit('payment_intent.amount_capturable_updated', intentObject(entry), entry.intent.id));
      } else {
        save(entry, { status: 'succeeded', amount_received: entry.intent.amount });
        events.push(emit('payment_intent.succeeded', intentObject(entry), entry.intent.id));
      }
      reader.action = { ...action, status: 'succeeded' };
      events.push(emit('terminal.reader.action_succeeded', readerObject(reader), reader.id));
    }
    await sink?.(events);
  };

  return {
    testHelpers: true,
    connectSandbox(next) {
      sink = next;
    },
    sandboxReaderId: (siteId) =>
      `tmr_sandbox_${createHash('sha256').update(`reader:${siteId}`).digest('hex').slice(0, 20)}`,
    async registerReader() {
      throw new ProviderError('stripe', 400, 'sandbox', 'the sandbox has one simulated reader per site');
    },
    async createIntent(input) {
      const intent: StripeIntent = {
        id: id('pi'),
        status: 'requires_payment_method',
        amount: input.amountMinor,
        amount_capturable: 0,
        amount_received: 0,
        created: now(),
        cancellation_reason: null,
        capture_before: null,
      };
      const entry = {
        intent,
        currency: input.currency,
        manual: input.manualCapture,
        metadata: input.metadata,
        lastError: null,
      };
      intents.set(intent.id, entry);
      options.intents.set(intent.id, intent);
      return intent;
    },
    async processPaymentIntent(input) {
      const reader = readerOf(input.readerId);
      if (reader.action?.status === 'in_progress' && reader.action.paymentIntentId !== input.intentId)
        throw new ProviderError('stripe', 409, 'terminal_reader_busy', 'the reader is busy with another payment');
      if (reader.action?.paymentIntentId === input.intentId) return view(reader); // the same request again
      const entry = intentOf(input.intentId);
      if (entry.intent.status !== 'requires_payment_method')
        throw new ProviderError('stripe', 400, 'payment_intent_unexpected_state', 'this payment intent is done');
      reader.action = {
        type: 'process_payment_intent',
        status: 'in_progress',
        failureCode: null,
        failureMessage: null,
        paymentIntentId: input.intentId,
      };
      if (cardDelayMs > 0) {
        reader.timer = setTimeout(() => void settle(reader, null).catch(() => undefined), cardDelayMs);
        reader.timer.unref();
      }
      return view(reader);
    },
    async cancelAction(input) {
      const reader = readerOf(input.readerId);
      if (reader.action?.status !== 'in_progress')
        throw new ProviderError('stripe', 400, 'terminal_reader_no_action', 'the reader has nothing to cancel');
      if (reader.timer) clearTimeout(reader.timer);
      reader.timer = null;
      reader.action = {
        ...reader.action,
        status: 'failed',
        failureCode: 'canceled',
        failureMessage: 'cancelled at the counter',
      };
      return view(reader);
    },
    async retrieveIntent(intentId) {
      return intentOf(intentId).intent;
    },
    async cancelIntent(input) {
      const entry = intentOf(input.intentId);
      if (entry.intent.status === 'canceled') return entry.intent;
      if (entry.intent.status === 'succeeded')
        throw new ProviderError('stripe', 400, 'payment_intent_unexpected_state', 'this payment intent succeeded');
      save(entry, { status: 'canceled', amount_capturable: 0, cancellation_reason: null });
      await sink?.([emit('payment_intent.canceled', intentObject(entry), entry.intent.id)]);
      return entry.intent;
    },
    async presentCard(input) {
      const reader = readerOf(input.readerId);
      if (reader.action?.status !== 'in_progress')
        throw new ProviderError('stripe', 400, 'terminal_reader_no_action', 'the reader is not waiting for a card');
      await settle(reader, input.cardNumber);
      return view(reader);
    },
  };
}

type Call = <T>(work: () => Promise<T>) => Promise<T>;

const actionStatus = (status: string): ReaderAction['status'] =>
  status === 'succeeded' ? 'succeeded' : status === 'failed' ? 'failed' : 'in_progress';

function readerView(reader: Stripe.Terminal.Reader | Stripe.Terminal.DeletedReader): ReaderView {
  if ('deleted' in reader && reader.deleted)
    throw new ProviderError('stripe', 404, 'resource_missing', 'the reader was deleted');
  const live = reader as Stripe.Terminal.Reader; // not deleted (checked above)
  const action = live.action;
  const intent = action?.process_payment_intent?.payment_intent;
  return {
    id: live.id,
    label: live.label,
    deviceType: live.device_type ?? null,
    status: live.status ?? null,
    locationId: typeof live.location === 'string' ? live.location : (live.location?.id ?? null),
    action: action
      ? {
          type: action.type,
          status: actionStatus(action.status),
          failureCode: action.failure_code ?? null,
          failureMessage: action.failure_message ?? null,
          paymentIntentId: typeof intent === 'string' ? intent : (intent?.id ?? null),
        }
      : null,
  };
}

/** The `capture_before` of a card-present (or card) charge, expanded as `latest_charge`. */
export function terminalIntentOf(intent: Stripe.PaymentIntent): StripeIntent {
  const charge = typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
  const details = charge?.payment_method_details;
  const before = details?.card_present?.capture_before ?? details?.card?.capture_before;
  return {
    id: intent.id,
    status: intent.status,
    amount: intent.amount,
    amount_capturable: intent.amount_capturable,
    amount_received: intent.amount_received,
    created: intent.created,
    cancellation_reason: intent.cancellation_reason ?? null,
    capture_before: typeof before === 'number' ? before : null,
  };
}

/** The SDK's Terminal resources (the live client passes its configured Stripe and error wrapper). */
export function liveTerminal(stripe: Stripe, call: Call, secretKey: string): TerminalProvider {
  return {
    testHelpers: secretKey.startsWith('sk_test_'),
    registerReader: (input) =>
      call(async () =>
        readerView(
          await stripe.terminal.readers.create(
            {
              registration_code: input.registrationCode,
              label: input.label,
              location: input.locationId,
              metadata: input.metadata,
            },
            { idempotencyKey: input.idempotencyKey },
          ),
        ),
      ),
    createIntent: (input) =>
      call(async () =>
        terminalIntentOf(
          await stripe.paymentIntents.create(
            {
              amount: input.amountMinor,
              currency: input.currency.toLowerCase(),
              allowed_payment_method_types: ['card_present'],
              capture_method: input.manualCapture ? 'manual' : 'automatic',
              description: input.description,
              metadata: input.metadata,
            },
            { idempotencyKey: input.idempotencyKey },
          ),
        ),
      ),
    processPaymentIntent: (input) =>
      call(async () =>
        readerView(
          await stripe.terminal.readers.processPaymentIntent(
            input.readerId,
            { payment_intent: input.intentId },
            { idempotencyKey: input.idempotencyKey },
          ),
        ),
      ),
    cancelAction: (input) =>
      call(async () =>
        readerView(
          await stripe.terminal.readers.cancelAction(input.readerId, {}, { idempotencyKey: input.idempotencyKey }),
        ),
      ),
    retrieveIntent: (intentId) =>
      call(async () => terminalIntentOf(await stripe.paymentIntents.retrieve(intentId, { expand: ['latest_charge'] }))),
    cancelIntent: (input) =>
      call(async () =>
        terminalIntentOf(
          await stripe.paymentIntents.cancel(input.intentId, {}, { idempotencyKey: input.idempotencyKey }),
        ),
      ),
    presentCard: (input) =>
      call(async () =>
        readerView(
          await stripe.testHelpers.terminal.readers.presentPaymentMethod(input.readerId, {
            type: 'card_present',
            ...(input.cardNumber ? { card_present: { number: input.cardNumber } } : {}),
          }),
        ),
      ),
  };
}
