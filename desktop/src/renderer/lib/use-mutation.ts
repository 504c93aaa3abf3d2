import { useCallback, useState } from 'react';
import { useApi, useDeps } from '../app/context.tsx';
import { messageOf } from './use-rows.ts';

/**
 * Runs a named mutation through the core (never the network: it applies locally and syncs
 * later) and reports the outcome as a toast. Resolves with the mutation's result, or null when
 * the core refused it, so that forms can stay open with what was typed.
 */
export function useMutation() {
  const api = useApi();
  const toasts = useDeps().toasts;
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async (name: string, args: unknown, success?: string): Promise<Record<string, unknown> | null> => {
      setBusy(true);
      try {
        const result = await api.call('data:mutate', { name, args });
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
