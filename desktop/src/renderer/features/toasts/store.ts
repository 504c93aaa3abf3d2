import { createStore, type StoreApi } from 'zustand/vanilla';

export type ToastKind = 'success' | 'error' | 'info';

export interface Toast {
  readonly id: number;
  readonly kind: ToastKind;
  readonly text: string;
}

export interface ToastState {
  readonly toasts: readonly Toast[];
  show(kind: ToastKind, text: string): void;
  dismiss(id: number): void;
}

export interface ToastTimers {
  setTimeout(callback: () => void, ms: number): unknown;
}

/** Errors stay longer than confirmations: they usually need reading. */
const LIFETIME_MS: Readonly<Record<ToastKind, number>> = { success: 2500, info: 4500, error: 8000 };

export function createToastStore(timers: ToastTimers): StoreApi<ToastState> {
  let nextId = 1;
  return createStore<ToastState>()((set, get) => ({
    toasts: [],
    show(kind, text) {
      const id = nextId++;
      // At most three at once; the oldest goes first.
      set({ toasts: [...get().toasts.slice(-2), { id, kind, text }] });
      timers.setTimeout(() => get().dismiss(id), LIFETIME_MS[kind]);
    },
    dismiss: (id) => set({ toasts: get().toasts.filter((toast) => toast.id !== id) }),
  }));
}
