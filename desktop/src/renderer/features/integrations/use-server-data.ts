import { useCallback, useEffect, useRef, useState } from 'react';
import type { Channel, ChannelInput, ChannelOutput } from '../../../common/contract.ts';
import { ApiError } from '../../../common/api.ts';
import { useApi, useDeps } from '../../app/context.tsx';
import { messageOf } from '../../lib/use-rows.ts';

export interface ServerData<T> {
  readonly data: T | null;
  readonly loading: boolean;
  /** Why the last load failed, as a sentence; `offline` when the server could not be reached. */
  readonly error: { readonly message: string; readonly offline: boolean } | null;
  reload(): void;
}

/**
 * One online read of the integrations page (nothing of it is replicated): loads on mount and on
 * `reload()`, keeps the last answer while reloading, and turns a failure into a message instead
 * of an exception. The input is compared by its JSON, so a new object literal does not loop.
 */
export function useServerData<C extends Channel>(channel: C, input: ChannelInput<C>): ServerData<ChannelOutput<C>> {
  const api = useApi();
  const key = JSON.stringify(input);
  const [state, setState] = useState<Omit<ServerData<ChannelOutput<C>>, 'reload'>>({
    data: null,
    loading: true,
    error: null,
  });
  const latest = useRef(0);
  const load = useCallback(() => {
    const ticket = ++latest.current;
    setState((old) => ({ ...old, loading: true }));
    api.call(channel, JSON.parse(key) as ChannelInput<C>).then(
      // the input came from this very key; only its identity changed
      (data) => ticket === latest.current && setState({ data, loading: false, error: null }),
      (error: unknown) =>
        ticket === latest.current &&
        setState((old) => ({
          ...old,
          loading: false,
          error: { message: messageOf(error), offline: isOffline(error) },
        })),
    );
  }, [api, channel, key]);
  useEffect(load, [load]);
  return { ...state, reload: load };
}

export function isOffline(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'unavailable';
}

/**
 * "Retry" on a failed event or call: asks the server, says what happened in a toast, and calls
 * `after` (reload the list, refresh the provider counts) when it worked. `busy` is the id in flight.
 */
export function useRetry(
  channel: 'integrations:retryEvent' | 'integrations:retryCall',
  success: string,
  after: () => void,
): { busy: string | null; retry(id: string): Promise<void> } {
  const api = useApi();
  const { toasts } = useDeps();
  const [busy, setBusy] = useState<string | null>(null);
  const retry = async (id: string) => {
    setBusy(id);
    try {
      await api.call(channel, { id });
      toasts.getState().show('success', success);
      after();
    } catch (error) {
      toasts.getState().show('error', messageOf(error));
    } finally {
      setBusy(null);
    }
  };
  return { busy, retry };
}
