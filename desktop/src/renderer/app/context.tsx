import { createContext, useContext, type ReactNode } from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { Api } from '../../common/api.ts';
import type { ConfirmState } from '../features/confirm/store.ts';
import type { SessionState } from '../features/session/store.ts';
import type { SyncState } from '../features/sync/store.ts';
import type { ToastState } from '../features/toasts/store.ts';
import type { NavState } from './navigation.ts';

/** Everything the UI depends on, created once by the entry point and handed down. */
export interface AppDeps {
  readonly api: Api;
  readonly session: StoreApi<SessionState>;
  readonly sync: StoreApi<SyncState>;
  readonly nav: StoreApi<NavState>;
  readonly toasts: StoreApi<ToastState>;
  readonly confirm: StoreApi<ConfirmState>;
  readonly now: () => number;
  /** Browser mode only: pair this browser with the code shown on the counter PC. */
  readonly pair: ((code: string) => Promise<void>) | null;
}

const AppContext = createContext<AppDeps | null>(null);

export function AppProvider(props: { deps: AppDeps; children: ReactNode }) {
  return <AppContext.Provider value={props.deps}>{props.children}</AppContext.Provider>;
}

export function useDeps(): AppDeps {
  const deps = useContext(AppContext);
  if (!deps) throw new Error('useDeps outside AppProvider');
  return deps;
}

export const useApi = (): Api => useDeps().api;
export const useSession = <T,>(select: (state: SessionState) => T): T => useStore(useDeps().session, select);
export const useSync = <T,>(select: (state: SyncState) => T): T => useStore(useDeps().sync, select);
export const useNav = <T,>(select: (state: NavState) => T): T => useStore(useDeps().nav, select);
export const useToasts = <T,>(select: (state: ToastState) => T): T => useStore(useDeps().toasts, select);
export const useConfirm = <T,>(select: (state: ConfirmState) => T): T => useStore(useDeps().confirm, select);
