import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import type { ApiResult, ChannelHandlers, ShellChannel } from '../../src/common/api.ts';
import { CHANNELS, EVENT_CHANNEL } from '../../src/common/contract.ts';
import type { ApiEvent } from '../../src/common/schemas.ts';
import type { CoreProcess } from '../../src/main/core-process.ts';
import { registerContract } from '../../src/main/ipc/relay.ts';

type Handler = (event: IpcMainInvokeEvent, input: unknown) => Promise<ApiResult<unknown>>;
const APP_URL = 'file:///opt/Forecourt/resources/app.asar/out/renderer/index.html';

/** Just enough of a WebContents and an invoke event to drive the relay (Electron is not here). */
function contents(sent: unknown[]): WebContents {
  return {
    isDestroyed: () => false,
    send: (channel: string, payload: unknown) => sent.push([channel, payload]),
  } as unknown as WebContents; // only these two members are used
}
function invokeEvent(sender: WebContents, url: string, parent: object | null = null): IpcMainInvokeEvent {
  return { sender, senderFrame: { url, parent } } as unknown as IpcMainInvokeEvent; // the relay reads only these fields
}

function setup() {
  const handlers = new Map<string, Handler>();
  const calls: Array<[string, unknown]> = [];
  const listeners: Array<(event: ApiEvent) => void> = [];
  const core: CoreProcess = {
    call: async (channel, input) => {
      calls.push([channel, input]);
      return { ok: true, data: channel === 'sync:pending' ? [] : null };
    },
    onEvent: (listener) => (listeners.push(listener), () => undefined),
    features: () => ({ enrolmentCodes: true, printing: true }),
    stop: async () => undefined,
  };
  const shell: ChannelHandlers<ShellChannel> = {
    'app:info': () => ({
      mode: 'electron',
      version: '1',
      pairingCode: null,
      lanUrl: null,
      suggestedEnrolment: null,
      features: core.features(),
    }),
    'app:openExternal': () => null,
    'app:showDocument': () => null,
    'app:saveFile': () => ({ path: null }),
  };
  const sent: unknown[] = [];
  const window = contents(sent);
  const warnings: object[] = [];
  registerContract({
    ipcMain: {
      handle: (channel: string, handler: Handler) => void handlers.set(channel, handler),
      removeHandler: (channel: string) => void handlers.delete(channel),
    } as never, // a Map stands in for ipcMain
    core,
    shell,
    isAppUrl: (url) => url.split('#')[0] === APP_URL,
    windows: () => [window],
    log: { warn: (o) => warnings.push(o), error: () => undefined },
  });
  const invoke = (channel: string, input: unknown, event = invokeEvent(window, `${APP_URL}#/jobs`)) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(event, input);
  };
  return { handlers, calls, listeners, sent, window, warnings, invoke };
}

describe('the IPC relay in main', () => {
  it('registers exactly one handler per contract channel', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('relays a valid call from the app window to the core, and answers app:* itself', async () => {
    const { invoke, calls } = setup();
    expect(await invoke('sync:pending', null)).toEqual({ ok: true, data: [] });
    expect(await invoke('app:info', null)).toMatchObject({ ok: true, data: { mode: 'electron' } });
    expect(calls).toEqual([['sync:pending', null]]);
  });

  it('refuses calls from other pages, subframes and other windows before looking at them', async () => {
    const { invoke, calls, window, warnings } = setup();
    const forbidden = { ok: false, error: { code: 'forbidden', message: 'not from this app' } };
    expect(await invoke('sync:pending', null, invokeEvent(window, 'https://evil.example/'))).toEqual(forbidden);
    expect(await invoke('sync:pending', null, invokeEvent(window, APP_URL, {}))).toEqual(forbidden);
    expect(await invoke('sync:pending', null, invokeEvent(contents([]), APP_URL))).toEqual(forbidden);
    expect(calls).toEqual([]);
    expect(warnings).toHaveLength(3);
  });

  it('never forwards an input that breaks the contract', async () => {
    const { invoke, calls } = setup();
    expect(await invoke('data:get', { table: 'jobs' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(calls).toEqual([]);
  });

  it('sends the core events to the windows', () => {
    const { listeners, sent } = setup();
    const event: ApiEvent = { type: 'data', tables: ['jobs'] };
    for (const listener of listeners) listener(event);
    expect(sent).toEqual([[EVENT_CHANNEL, event]]);
  });
});
