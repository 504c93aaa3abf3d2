import { useCallback, useState } from 'react';
import type { Channel, ChannelInput, ChannelOutput } from '../../../common/contract.ts';
import { useApi, useDeps } from '../../app/context.tsx';
import { messageOf } from '../../lib/use-rows.ts';

/**
 * Runs an administration call that the server answers (online only) and reports a failure as a
 * toast, and a success when given a message. Resolves with the answer, or null when refused.
 */
export function useServerCall() {
  const api = useApi();
  const toasts = useDeps().toasts;
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async <C extends Channel>(
      channel: C,
      input: ChannelInput<C>,
      success?: string,
    ): Promise<ChannelOutput<C> | null> => {
      setBusy(true);
      try {
        const result = await api.call(channel, input);
        if (success) toasts.getState().show('success', success);
        return result;
      } catch (error) {
        toasts.getState().show('error', messageOf(error));
        return null;
      } finally {
        setBusy(false);
      }
    },
    [api, toasts],
  );
  return { run, busy };
}
