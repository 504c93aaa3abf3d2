import { createStore, type StoreApi } from 'zustand/vanilla';

export interface ConfirmRequest {
  readonly title: string;
  readonly body: string;
  readonly confirmLabel: string;
  /** Destructive actions get a red button and the focus starts on "Keep" instead. */
  readonly danger?: boolean;
  /** When set, the dialog asks for a reason (e.g. cancelling a job) and resolves with it. */
  readonly reasonLabel?: string;
}

export type ConfirmAnswer = { readonly confirmed: false } | { readonly confirmed: true; readonly reason: string };

export interface ConfirmState {
  readonly request: ConfirmRequest | null;
  ask(request: ConfirmRequest): Promise<ConfirmAnswer>;
  answer(answer: ConfirmAnswer): void;
}

export function createConfirmStore(): StoreApi<ConfirmState> {
  let resolveOpen: ((answer: ConfirmAnswer) => void) | null = null;
  return createStore<ConfirmState>()((set) => ({
    request: null,
    ask(request) {
      resolveOpen?.({ confirmed: false }); // a new question replaces an unanswered one
      set({ request });
      return new Promise((resolve) => {
        resolveOpen = resolve;
      });
    },
    answer(answer) {
      resolveOpen?.(answer);
      resolveOpen = null;
      set({ request: null });
    },
  }));
}
