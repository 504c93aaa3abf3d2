import { useCallback, useState } from 'react';
import { ApiError } from '../../../common/api.ts';
import type { ChannelInput, ChannelOutput } from '../../../common/contract.ts';
import type { COUNTER_PAYMENT_CHANNELS } from '../../../common/counter-payments-contract.ts';
import { useApi, useDeps, useSync } from '../../app/context.tsx';
import { messageOf } from '../../lib/use-rows.ts';

type CounterPaymentChannel = keyof typeof COUNTER_PAYMENT_CHANNELS;

export const NEEDS_INTERNET = 'Needs the internet: this PC is offline. Everything else keeps working.';

/** Whether the counter can reach the server now (the sync status says so). */
export function useOnline(): boolean {
  return useSync((state) => state.status?.online ?? false);
}

/**
 * One online money call (pay by link, refund, deposit hold): busy while it runs, a toast when it
 * is done, and the server's refusal kept as a sentence for the form to show beside its button.
 */
export function useOnlineCall() {
  const api = useApi();
  const toasts = useDeps().toasts;
  const online = useOnline();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const call = useCallback(
    async <C extends CounterPaymentChannel>(
      channel: C,
      input: ChannelInput<C>,
      success: string,
    ): Promise<ChannelOutput<C> | null> => {
      setBusy(true);
      setError(null);
      try {
        const answer = await api.call(channel, input);
        toasts.getState().show('success', success);
        return answer;
      } catch (failure) {
        const offline = failure instanceof ApiError && failure.code === 'unavailable';
        setError(offline ? `${NEEDS_INTERNET} (${messageOf(failure)})` : messageOf(failure));
        return null;
      } finally {
        setBusy(false);
      }
    },
    [api, toasts],
  );
  return { call, busy, error, online, setError };
}
