import { unwrapResult, type Api, type Bridge, type BridgeCall, type BridgeCalls } from '../../common/api.ts';
import type { Channel, ChannelInput, ChannelOutput } from '../../common/contract.ts';

/** The UI's Api over Electron IPC: the preload's bridge, with `{code, message}` turned into ApiError. */
export function createIpcApi(bridge: Bridge): Api {
  return {
    async call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
      const calls: BridgeCalls = bridge;
      const send: BridgeCall<C> = calls[channel];
      return unwrapResult(await send(input));
    },
    onEvent: (listener) => bridge.onEvent(listener),
  };
}
