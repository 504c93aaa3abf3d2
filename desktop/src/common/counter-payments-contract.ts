import Type from 'typebox';
import { Nullable } from './schemas.ts';

/**
 * Contract channels of online money at the counter: pay by link and refunds on a garage job,
 * and a rental contract's deposit held on a card (Stripe). Each is answered by the sync server
 * (/api/v1/integrations/payments, /deposits) as the signed-in user, so each needs the internet;
 * the outcome reaches the counter through sync (the payment's and the contract's rows). The ids
 * a request carries are made when its dialog opens: a double click or a retry is one request.
 * Spread into CONTRACT in contract.ts.
 */
const Strict = { additionalProperties: false } as const;
const Uuid = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });
const Amount = Type.Integer({ minimum: 1, maximum: 100_000_000_000 });
const CallAnswer = Type.Object({ callId: Type.String() });
const RefundReason = Type.Union([
  Type.Literal('requested_by_customer'),
  Type.Literal('duplicate'),
  Type.Literal('fraudulent'),
]);
const AttemptAnswer = Type.Object({ attemptId: Type.String() });

export const COUNTER_PAYMENT_CHANNELS = {
  /**
   * A Stripe Checkout link for a job's balance; sent by SMS when a phone is given. The payment
   * (online, unconfirmed) syncs at once; its reference becomes the link, and the webhook of the
   * paid session confirms it.
   */
  'payments:requestLink': {
    input: Type.Object(
      {
        paymentId: Uuid,
        jobId: Uuid,
        amountMinor: Amount,
        kind: Type.Union([Type.Literal('advance'), Type.Literal('partial'), Type.Literal('final')]),
        phone: Nullable(Type.String({ pattern: '^\\+[1-9][0-9]{6,14}$' })),
      },
      Strict,
    ),
    output: Type.Object({ paymentId: Type.String() }),
  },
  /**
   * Refunds a confirmed Stripe payment, all that remains (no amount) or part of it. The reason is
   * kept as a note on the job. Owners and managers of the payment's site only (the server checks).
   */
  'payments:refund': {
    input: Type.Object(
      {
        paymentId: Uuid,
        requestId: Uuid,
        amountMinor: Nullable(Amount),
        reason: Type.String({ minLength: 1, maxLength: 300 }),
        /** Stripe's reason, sent with the refund (the free text stays ours). */
        stripeReason: Type.Optional(RefundReason),
      },
      Strict,
    ),
    output: CallAnswer,
  },
  /** Holds the contract's deposit on the renter's card (staff of the site, managers, owners). */
  'deposits:hold': {
    input: Type.Object({ contractId: Uuid, requestId: Uuid }, Strict),
    output: CallAnswer,
  },
  /** Captures the held deposit, all of it or `amountMinor` (owners and managers only). */
  'deposits:capture': {
    input: Type.Object({ contractId: Uuid, requestId: Uuid, amountMinor: Nullable(Amount) }, Strict),
    output: CallAnswer,
  },
  /** Releases the hold: nothing is charged. */
  'deposits:release': {
    input: Type.Object({ contractId: Uuid, requestId: Uuid }, Strict),
    output: CallAnswer,
  },
  /** The Stripe Terminal readers of a site (in the sandbox: its simulated reader). */
  'terminal:readers': {
    input: Type.Object({ siteId: Uuid }, Strict),
    output: Type.Object({
      mode: Type.Union([Type.Literal('live'), Type.Literal('sandbox')]),
      readers: Type.Array(
        Type.Object({ id: Type.String(), label: Type.String(), siteId: Type.String(), busy: Type.Boolean() }),
      ),
    }),
  },
  /**
   * A job's payment taken on a reader (card present): the reader shows the amount and waits for a
   * card. The attempt id is made when the dialog opens; the payment row comes through sync once
   * Stripe reports it, confirmed by the provider.
   */
  'terminal:startPayment': {
    input: Type.Object(
      {
        attemptId: Uuid,
        readerId: Uuid,
        jobId: Uuid,
        amountMinor: Amount,
        kind: Type.Union([Type.Literal('advance'), Type.Literal('partial'), Type.Literal('final')]),
      },
      Strict,
    ),
    output: AttemptAnswer,
  },
  /** The contract's deposit held on a card presented on a reader (authorized, captured later). */
  'terminal:startDepositHold': {
    input: Type.Object({ attemptId: Uuid, readerId: Uuid, contractId: Uuid }, Strict),
    output: AttemptAnswer,
  },
  /** Where a reader attempt stands: requested, waiting (for the card), succeeded, failed, canceled. */
  'terminal:attempt': {
    input: Type.Object({ attemptId: Uuid }, Strict),
    output: Type.Object({
      id: Type.String(),
      status: Type.Union([
        Type.Literal('requested'),
        Type.Literal('waiting'),
        Type.Literal('succeeded'),
        Type.Literal('failed'),
        Type.Literal('canceled'),
      ]),
      message: Nullable(Type.String()),
      readerLabel: Type.String(),
      amountMinor: Type.Integer(),
      currency: Type.String(),
      paymentId: Nullable(Type.String()),
    }),
  },
  /** Stops an attempt before the card is presented. */
  'terminal:cancel': {
    input: Type.Object({ attemptId: Uuid }, Strict),
    output: CallAnswer,
  },
} as const;
