import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL, type Bridge, type BridgeCalls, type EventListener } from '../common/api.ts';
import { CHANNELS, EVENT_CHANNEL } from '../common/contract.ts';
import type { ApiEvent } from '../common/schemas.ts';

/**
 * The renderer's only door: one function per contract channel and one event subscription that
 * returns its unsubscribe. Nothing raw (no ipcRenderer, no channel names as parameters) reaches
 * the page, so a compromised page can only make the calls the contract allows.
 */
const calls = Object.fromEntries(
  CHANNELS.map((channel) => [channel, (input: unknown) => ipcRenderer.invoke(channel, input ?? null)]),
) as unknown as BridgeCalls; // built from CHANNELS: one entry per channel, each answering an ApiResult

function onEvent(listener: EventListener): () => void {
  const handler = (_event: Electron.IpcRendererEvent, payload: ApiEvent) => listener(payload);
  ipcRenderer.on(EVENT_CHANNEL, handler);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  };
}

const bridge: Bridge = { ...calls, onEvent };
contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
