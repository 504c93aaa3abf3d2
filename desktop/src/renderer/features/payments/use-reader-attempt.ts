import { useEffect, useState } from 'react';
import type { ChannelOutput } from '../../../common/contract.ts';
import { useApi } from '../../app/context.tsx';
import { messageOf } from '../../lib/use-rows.ts';

export type ReaderAttempt = ChannelOutput<'terminal:attempt'>;
export type ReaderList = ChannelOutput<'terminal:readers'>;

/** How often the counter asks where a card on the reader stands. */
const POLL_MS = 1000;

export const isSettled = (attempt: ReaderAttempt | null): boolean =>
  attempt !== null && attempt.status !== 'requested' && attempt.status !== 'waiting';

/**
 * The readers of a site, loaded once when the dialog opens (the server lists only the user's
 * sites' readers; in the sandbox, the site's simulated one).
 */
export function useReaders(siteId: string): { list: ReaderList | null; error: string | null } {
  const api = useApi();
  const [list, setList] = useState<ReaderList | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.call('terminal:readers', { siteId }).then(
      (answer) => live && setList(answer),
      (failure: unknown) => live && setError(messageOf(failure)),
    );
    return () => {
      live = false;
    };
  }, [api, siteId]);
  return { list, error };
}

/**
 * Polls an attempt every second until it is settled (succeeded, failed, cancelled). A poll that
 * fails (the connection dropped) is tried again; its message is kept to show beside the status.
 */
export function useReaderAttempt(attemptId: string | null): {
  attempt: ReaderAttempt | null;
  pollError: string | null;
} {
  const api = useApi();
  const [attempt, setAttempt] = useState<ReaderAttempt | null>(null);
  const [pollError, setPollError] = useState<string | null>(null);
  useEffect(() => {
    setAttempt(null);
    setPollError(null);
    if (!attemptId) return undefined;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const tick = async () => {
      let settled = false;
      try {
        const answer = await api.call('terminal:attempt', { attemptId });
        if (!live) return;
        setAttempt(answer);
        setPollError(null);
        settled = isSettled(answer);
      } catch (failure) {
        if (live) setPollError(messageOf(failure));
      }
      if (live && !settled) timer = setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [api, attemptId]);
  return { attempt, pollError };
}
