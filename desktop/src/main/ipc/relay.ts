import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { ApiResult, ChannelHandlers, ShellChannel } from '../../common/api.ts';
import { CHANNELS, EVENT_CHANNEL, type Channel } from '../../common/contract.ts';
import { dispatch } from '../../common/dispatch.ts';
import type { ApiEvent } from '../../common/schemas.ts';
import { createContractGuard } from '../../common/validate.ts';
import type { CoreProcess } from '../core-process.ts';

/**
 * The only place that registers IPC handlers: one per channel of the contract. Every call is
 * checked — the sender must be a main frame showing the app's own renderer, the input must match
 * the channel's schema, and so must the answer — then answered by main itself (app:*) or relayed
 * to the core's utilityProcess.
 */
export interface RelayDeps {
  readonly ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  readonly core: CoreProcess;
  readonly shell: ChannelHandlers<ShellChannel>;
  /** True for the URL of a page this app loaded itself (file:// renderer or the dev server). */
  readonly isAppUrl: (url: string) => boolean;
  readonly windows: () => readonly WebContents[];
  readonly log: { warn(o: object, m: string): void; error(o: object, m: string): void };
}

const FORBIDDEN: ApiResult<never> = { ok: false, error: { code: 'forbidden', message: 'not from this app' } };

export function registerContract(deps: RelayDeps): () => void {
  const guard = createContractGuard();
  const trusted = (event: IpcMainInvokeEvent) => {
    const frame = event.senderFrame;
    return frame !== null && frame.parent === null && deps.isAppUrl(frame.url) && deps.windows().includes(event.sender);
  };
  const onBug = (error: unknown, context: { channel: string }) =>
    deps.log.error({ err: error, ...context }, 'IPC call failed');
  const relayHandlers = Object.fromEntries(
    CHANNELS.filter((channel) => !channel.startsWith('app:')).map((channel) => [channel, relay(deps.core, channel)]),
  ) as unknown as ChannelHandlers<Exclude<Channel, ShellChannel>>; // built from CHANNELS, one handler per core channel

  for (const channel of CHANNELS) {
    deps.ipcMain.handle(channel, async (event, input: unknown) => {
      if (!trusted(event)) {
        deps.log.warn({ channel, url: event.senderFrame?.url ?? null }, 'IPC call from an untrusted frame refused');
        return FORBIDDEN;
      }
      return dispatch(guard, { ...relayHandlers, ...deps.shell }, channel, input, { onBug });
    });
  }
  const stopEvents = deps.core.onEvent((event: ApiEvent) => {
    for (const contents of deps.windows()) if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, event);
  });
  return () => {
    stopEvents();
    for (const channel of CHANNELS) deps.ipcMain.removeHandler(channel);
  };
}

/** Forwards one core channel; a `{code, message}` from the core is rethrown so dispatch passes it on. */
function relay(core: CoreProcess, channel: Channel) {
  return async (input: unknown) => {
    const result = await core.call(channel, input);
    if (result.ok) return result.data;
    throw Object.assign(new Error(result.error.message), { code: result.error.code });
  };
}
