import { useEffect, useState } from 'react';
import { useDeps, useSync } from '../../../app/context.tsx';
import type { SyncState } from '../store.ts';
import { useReference } from '../../../app/reference.ts';
import { formatRelative } from '../../../lib/format.ts';
import { useOpenConflicts } from './ConflictList.tsx';

type BadgeState = 'online' | 'busy' | 'offline' | 'connecting' | 'paused';

const STATE_LABELS: Readonly<Record<BadgeState, string>> = {
  online: 'Online',
  busy: 'Online',
  offline: 'Offline',
  connecting: 'Connecting',
  paused: 'Sync paused',
};

function syncState(status: NonNullable<SyncState['status']>): BadgeState {
  if (status.phase === 'stopped') return 'paused';
  // Not reachable but never failed: the first round has not finished yet.
  if (!status.online) return status.lastError ? 'offline' : 'connecting';
  return status.pendingCount > 0 || status.phase !== 'idle' ? 'busy' : 'online';
}

/**
 * Always visible: whether this PC reaches the server, how many changes wait to be sent, when it
 * last synced, and whether something needs a person (a refused change, a conflict).
 */
export function SyncBadge() {
  const { now, sync } = useDeps();
  const status = useSync((state) => state.status);
  const { locale } = useReference();
  const conflicts = useOpenConflicts().length;
  const [, setTick] = useState(0);
  useEffect(() => {
    // Re-render every 30 s so that "synced 2 minutes ago" keeps telling the truth.
    const timer = setInterval(() => setTick((tick) => tick + 1), 30_000);
    return () => clearInterval(timer);
  }, []);

  if (!status) return <div className="sync-badge">Connecting…</div>;
  const problems = status.rejections.length + conflicts;
  const state = syncState(status);
  return (
    <button
      type="button"
      className={`sync-badge sync-${state}`}
      onClick={() => sync.getState().setPanelOpen(true)}
      title="Open the sync panel (Alt+S)"
      data-testid="sync-badge"
    >
      <span className="sync-dot" aria-hidden="true" />
      <span className="sync-state">{STATE_LABELS[state]}</span>
      <span className="sync-sep">·</span>
      <span data-testid="pending-count">
        {status.pendingCount === 0 ? 'all saved to server' : `${status.pendingCount} waiting to sync`}
      </span>
      <span className="sync-sep">·</span>
      <span className="sync-when">synced {formatRelative(status.lastSyncAt, locale, now())}</span>
      {problems > 0 ? (
        <span className="sync-problems" data-testid="sync-problems">
          {problems} to review
        </span>
      ) : null}
    </button>
  );
}
