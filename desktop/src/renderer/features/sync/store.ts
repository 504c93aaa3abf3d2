import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Api, Unsubscribe } from '../../../common/api.ts';
import type { ChannelOutput } from '../../../common/contract.ts';

export type SyncStatus = ChannelOutput<'sync:status'>;
export type PendingMutation = ChannelOutput<'sync:pending'>[number];

export interface SyncState {
  readonly status: SyncStatus | null;
  readonly pending: readonly PendingMutation[];
  readonly panelOpen: boolean;
  readonly syncing: boolean;
  /** Listens to the core's status events; returns the unsubscribe. */
  start(): Unsubscribe;
  refresh(): Promise<void>;
  syncNow(): Promise<SyncStatus>;
  dismissRejection(mutationId: number): Promise<void>;
  setPanelOpen(open: boolean): void;
}

export function createSyncStore(api: Api): StoreApi<SyncState> {
  const store = createStore<SyncState>()((set, get) => ({
    status: null,
    pending: [],
    panelOpen: false,
    syncing: false,
    start() {
      void get().refresh();
      return api.onEvent((event) => {
        if (event.type !== 'status') return;
        set({ status: event.status });
        // The pending list is only needed while the panel shows it, or to keep the count honest.
        if (get().panelOpen || event.status.pendingCount !== get().pending.length) void refreshPending();
      });
    },
    async refresh() {
      const [status, pending] = await Promise.all([api.call('sync:status', null), api.call('sync:pending', null)]);
      set({ status, pending });
    },
    async syncNow() {
      set({ syncing: true });
      try {
        const status = await api.call('sync:now', null);
        set({ status });
        await refreshPending();
        return status;
      } finally {
        set({ syncing: false });
      }
    },
    async dismissRejection(mutationId) {
      await api.call('sync:dismissRejection', { mutationId });
      await get().refresh();
    },
    setPanelOpen(open) {
      set({ panelOpen: open });
      if (open) void get().refresh();
    },
  }));
  return store;

  async function refreshPending() {
    const pending = await api.call('sync:pending', null);
    store.setState({ pending });
  }
}
