import { DomainError } from '@forecourt/shared/errors';
import { Value } from 'typebox/value';
import type { ChannelHandlers } from '../../common/api.ts';
import type { ChannelOutput } from '../../common/contract.ts';
import { COUNTER_PAYMENT_CHANNELS } from '../../common/counter-payments-contract.ts';
import type { CounterApi } from '../counter-api.ts';
import type { OwnerAdminDeps } from './owner-admin.ts';
import { serverCaller } from './server-call.ts';

export type CounterPaymentChannel = keyof typeof COUNTER_PAYMENT_CHANNELS;
export type CounterPaymentHandlers = ChannelHandlers<CounterPaymentChannel>;

/** The server access of the admin handlers, plus the replica: the job's site and currency, the note. */
export interface CounterPaymentDeps extends Omit<OwnerAdminDeps, 'counter'> {
  readonly counter: Pick<CounterApi, 'identity' | 'syncNow' | 'login' | 'get' | 'mutate' | 'status'>;
}

const nonsense = () => new DomainError('unavailable', 'the server answered nonsense');

/**
 * Pay by link, refunds and deposit holds, answered by the sync server as the signed-in user. The
 * server decides who may do what and answers with the outbound call it queued; this side pushes
 * this PC's pending work first (the server must know the job or contract), pulls afterwards so
 * the requested state shows at once, and checks the answer against the channel's schema.
 */
export function createCounterPaymentHandlers(deps: CounterPaymentDeps): CounterPaymentHandlers {
  const call = serverCaller(deps, 'the server cannot be reached; this needs the internet');
  const syncQuietly = async () => {
    await deps.counter.syncNow().catch(() => undefined); // the next periodic sync brings the change
  };
  const post = async <C extends CounterPaymentChannel>(
    channel: C,
    path: string,
    body: unknown,
  ): Promise<ChannelOutput<C>> => {
    if (deps.counter.status().pendingCount > 0) await syncQuietly();
    const answer = await call('POST', `integrations/${path}`, body);
    await syncQuietly();
    const schema = COUNTER_PAYMENT_CHANNELS[channel].output;
    if (!Value.Check(schema, answer)) throw nonsense();
    return Value.Clean(schema, structuredClone(answer)) as ChannelOutput<C>; // checked just above
  };
  const deposit = (step: 'hold' | 'capture' | 'release', contractId: string) =>
    `deposits/${encodeURIComponent(contractId)}/${step}`;
  return {
    'payments:requestLink': (input) => {
      const job = deps.counter.get('jobs', input.jobId);
      if (!job) throw new DomainError('not-found', 'job not found on this PC');
      return post('payments:requestLink', 'payments/links', {
        id: input.paymentId,
        siteId: String(job.site_id),
        jobId: input.jobId,
        amountMinor: input.amountMinor,
        currency: String(job.currency),
        kind: input.kind,
        ...(input.phone ? { phone: input.phone } : {}),
      });
    },
    'payments:refund': async (input) => {
      const payment = deps.counter.get('payments', input.paymentId);
      if (!payment) throw new DomainError('not-found', 'payment not found on this PC');
      const answer = await post('payments:refund', `payments/${encodeURIComponent(input.paymentId)}/refunds`, {
        requestId: input.requestId,
        ...(input.amountMinor === null ? {} : { amountMinor: input.amountMinor }),
        reason: input.stripeReason ?? 'requested_by_customer',
        note: input.reason.trim(),
      });
      if (typeof payment.job_id === 'string') {
        // Stripe keeps no free-text reason: the job's history does, with who asked and when.
        deps.counter.mutate('job.addNote', { jobId: payment.job_id, body: refundNote(payment, input) });
      }
      return answer;
    },
    'deposits:hold': (input) =>
      post('deposits:hold', deposit('hold', input.contractId), { requestId: input.requestId }),
    'deposits:capture': (input) =>
      post('deposits:capture', deposit('capture', input.contractId), {
        requestId: input.requestId,
        ...(input.amountMinor === null ? {} : { amountMinor: input.amountMinor }),
      }),
    'deposits:release': (input) =>
      post('deposits:release', deposit('release', input.contractId), { requestId: input.requestId }),
    ...terminalHandlers(call, post, syncQuietly),
  };
}

type Post = <C extends CounterPaymentChannel>(channel: C, path: string, body: unknown) => Promise<ChannelOutput<C>>;

/**
 * Card-present payments on a Stripe Terminal reader: start (push first, like the others), poll
 * the attempt (a settled one pulls, so its payment or hold shows at once), cancel.
 */
function terminalHandlers(
  call: ReturnType<typeof serverCaller>,
  post: Post,
  syncQuietly: () => Promise<void>,
): Pick<
  CounterPaymentHandlers,
  'terminal:readers' | 'terminal:startPayment' | 'terminal:startDepositHold' | 'terminal:attempt' | 'terminal:cancel'
> {
  const get = async <C extends CounterPaymentChannel>(channel: C, path: string): Promise<ChannelOutput<C>> => {
    const answer = await call('GET', `integrations/${path}`);
    const schema = COUNTER_PAYMENT_CHANNELS[channel].output;
    if (!Value.Check(schema, Value.Clean(schema, structuredClone(answer)))) throw nonsense();
    return Value.Clean(schema, structuredClone(answer)) as ChannelOutput<C>; // checked just above
  };
  return {
    'terminal:readers': (input) =>
      get('terminal:readers', `terminal/readers?siteId=${encodeURIComponent(input.siteId)}`),
    'terminal:startPayment': async (input) => {
      const { attemptId } = await post('terminal:startPayment', 'terminal/payments', input);
      return { attemptId };
    },
    'terminal:startDepositHold': async (input) => {
      const { attemptId } = await post('terminal:startDepositHold', 'terminal/deposits', input);
      return { attemptId };
    },
    'terminal:attempt': async (input) => {
      const attempt = await get('terminal:attempt', `terminal/attempts/${encodeURIComponent(input.attemptId)}`);
      if (attempt.status !== 'requested' && attempt.status !== 'waiting') await syncQuietly();
      return attempt;
    },
    'terminal:cancel': (input) =>
      post('terminal:cancel', `terminal/attempts/${encodeURIComponent(input.attemptId)}/cancel`, {}),
  };
}

function refundNote(
  payment: Record<string, unknown>,
  input: { amountMinor: number | null; reason: string; requestId: string },
): string {
  const currency = String(payment.currency);
  const amount =
    input.amountMinor === null ? 'all that remains' : `${(input.amountMinor / 100).toFixed(2)} ${currency}`;
  return `Refund requested (${amount}) of the card payment ${String(payment.provider_ref ?? payment.id)}: ${input.reason.trim()}`;
}

/** For a core without server access (tests, the headless CLI): every call says so. */
export function unavailableCounterPaymentHandlers(): CounterPaymentHandlers {
  const refuse = () => {
    throw new DomainError('unavailable', 'this counter cannot reach the server for online payments');
  };
  return {
    'payments:requestLink': refuse,
    'payments:refund': refuse,
    'deposits:hold': refuse,
    'deposits:capture': refuse,
    'deposits:release': refuse,
    'terminal:readers': refuse,
    'terminal:startPayment': refuse,
    'terminal:startDepositHold': refuse,
    'terminal:attempt': refuse,
    'terminal:cancel': refuse,
  };
}
