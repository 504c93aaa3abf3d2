import { form, type HttpFake } from './http-fake.ts';
import type { FakeIntents } from './stripe-fake.ts';

/** A reader as Stripe's API returns it (`terminal.reader`). */
export type FakeReaders = Map<string, Record<string, unknown>>;

/** A reader code that Stripe refuses, and a reader that is offline when handed an intent. */
export const BAD_REGISTRATION_CODE = 'expired-code';

/**
 * Stripe Terminal's server-driven API on the Stripe fake (same intents): register a reader,
 * hand it an intent (`process_payment_intent`, answered `in_progress`), cancel its action, read
 * an intent back, and the test helper `present_payment_method` (a card that succeeds, or
 * 4000000000000002 declined), which moves the intent as Stripe would. The test sends the webhooks.
 */
export function addTerminalRoutes(fake: HttpFake, intents: FakeIntents, readers: FakeReaders = new Map()): FakeReaders {
  let next = 0;
  fake.route((request) => {
    const path = request.path.split('?')[0] ?? '';
    const fields = form(request.body);
    if (request.method === 'POST' && path === '/v1/terminal/readers') {
      if (fields.registration_code === BAD_REGISTRATION_CODE)
        return {
          status: 400,
          body: {
            error: {
              type: 'invalid_request_error',
              code: 'resource_missing',
              message: 'The registration code is invalid.',
            },
          },
        };
      next += 1;
      const reader = {
        id: `tmr_test_${next}`,
        object: 'terminal.reader',
        label: fields.label,
        device_type: 'bbpos_wisepos_e',
        status: 'online',
        location: fields.location,
        action: null,
      };
      readers.set(reader.id, reader);
      return { status: 200, body: reader };
    }
    const readerMatch = /^\/v1\/terminal\/readers\/([^/]+)\/(process_payment_intent|cancel_action)$/.exec(path);
    if (request.method === 'POST' && readerMatch) {
      const reader = readers.get(readerMatch[1] ?? '');
      if (!reader) return { status: 404, body: { error: { type: 'invalid_request_error', code: 'resource_missing' } } };
      if (reader.status === 'offline')
        return {
          status: 400,
          body: {
            error: {
              type: 'invalid_request_error',
              code: 'terminal_reader_offline',
              message: 'Reader is currently offline.',
            },
          },
        };
      const action = reader.action as Record<string, unknown> | null;
      if (readerMatch[2] === 'process_payment_intent') {
        if (action?.status === 'in_progress')
          return { status: 409, body: { error: { type: 'invalid_request_error', code: 'terminal_reader_busy' } } };
        reader.action = {
          type: 'process_payment_intent',
          status: 'in_progress',
          failure_code: null,
          failure_message: null,
          process_payment_intent: { payment_intent: fields.payment_intent },
        };
        return { status: 200, body: reader };
      }
      if (action?.status !== 'in_progress')
        return { status: 400, body: { error: { type: 'invalid_request_error', code: 'terminal_reader_busy' } } };
      reader.action = null;
      return { status: 200, body: reader };
    }
    const present = /^\/v1\/test_helpers\/terminal\/readers\/([^/]+)\/present_payment_method$/.exec(path);
    if (request.method === 'POST' && present) {
      const reader = readers.get(present[1] ?? '');
      const action = reader?.action as { process_payment_intent?: { payment_intent?: string } } | null | undefined;
      const intent = intents.get(action?.process_payment_intent?.payment_intent ?? '');
      if (!reader || !intent)
        return { status: 400, body: { error: { type: 'invalid_request_error', code: 'terminal_reader_no_action' } } };
      presentCard(reader, intent, fields['card_present[number]'] ?? null);
      return { status: 200, body: reader };
    }
    const intentMatch = /^\/v1\/payment_intents\/([^/]+)$/.exec(path);
    if (request.method === 'GET' && intentMatch) {
      const intent = intents.get(intentMatch[1] ?? '');
      return intent
        ? { status: 200, body: intent }
        : { status: 404, body: { error: { type: 'invalid_request_error', code: 'resource_missing' } } };
    }
    return undefined;
  });
  return readers;
}

/** What the card network does when a card is presented: the intent and the reader's action move. */
export function presentCard(
  reader: Record<string, unknown>,
  intent: Record<string, unknown>,
  cardNumber: string | null,
): void {
  const action = reader.action as Record<string, unknown>;
  if (cardNumber === '4000000000000002') {
    Object.assign(intent, {
      status: 'requires_payment_method',
      last_payment_error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' },
    });
    reader.action = {
      ...action,
      status: 'failed',
      failure_code: 'card_declined',
      failure_message: 'Your card was declined.',
    };
    return;
  }
  const manual = intent.capture_method === 'manual';
  Object.assign(intent, {
    status: manual ? 'requires_capture' : 'succeeded',
    amount_capturable: manual ? intent.amount : 0,
    amount_received: manual ? 0 : intent.amount,
    payment_method_types: ['card_present'],
    latest_charge: {
      id: `ch_${String(intent.id)}`,
      object: 'charge',
      payment_method_details: { type: 'card_present', card_present: { capture_before: 1_772_528_400 } },
    },
  });
  reader.action = { ...action, status: 'succeeded' };
}
