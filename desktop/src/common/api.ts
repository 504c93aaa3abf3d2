import type { Channel, ChannelInput, ChannelOutput } from './contract.ts';
import type { ApiErrorBody, ApiEvent } from './schemas.ts';

/** What crosses every boundary: a value or `{ code, message }`, never a stack or a raw Error. */
export type ApiResult<T> =
  { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: ApiErrorBody };

export type EventListener = (event: ApiEvent) => void;
export type Unsubscribe = () => void;

/**
 * What the preload exposes on `window.forecourt`: one function per channel of the contract, each
 * answering an ApiResult (errors cross contextBridge without their fields, so they travel as
 * data), and one event subscription that returns its unsubscribe.
 */
export type BridgeCall<C extends Channel> = (input: ChannelInput<C>) => Promise<ApiResult<ChannelOutput<C>>>;
export type BridgeCalls = { readonly [C in Channel]: BridgeCall<C> };
export type Bridge = BridgeCalls & { readonly onEvent: (listener: EventListener) => Unsubscribe };

/** The one API the UI uses, over Electron IPC or over HTTP + WebSocket in browser mode. */
export interface Api {
  call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  onEvent(listener: EventListener): Unsubscribe;
}

/** A failed call as the UI sees it; `code` is one of shared/errors.ts ERROR_CODES or `internal`. */
export class ApiError extends Error {
  readonly code: string;

  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
  }
}

export function unwrapResult<T>(result: ApiResult<T>): T {
  if (result.ok) return result.data;
  throw new ApiError(result.error);
}

export const BRIDGE_GLOBAL = 'forecourt';

/** Channels answered by the shell around the UI (Electron main, or the browser-mode server). */
export type ShellChannel = Extract<Channel, `app:${string}`>;
/** Channels answered by the counter core, wherever it runs. */
export type CoreChannel = Exclude<Channel, ShellChannel>;

export type ChannelHandlers<C extends Channel> = {
  readonly [K in C]: (input: ChannelInput<K>) => Promise<ChannelOutput<K>> | ChannelOutput<K>;
};
