import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BRIDGE_GLOBAL, type Api, type Bridge } from '../common/api.ts';
import { AppProvider, type AppDeps } from './app/context.tsx';
import { App } from './app/App.tsx';
import { createNavStore } from './app/navigation.ts';
import { createConfirmStore } from './features/confirm/store.ts';
import { createSessionStore } from './features/session/store.ts';
import { createSyncStore } from './features/sync/store.ts';
import { createToastStore } from './features/toasts/store.ts';
import { createHttpApi, pairBrowser } from './lib/http-api.ts';
import { createIpcApi } from './lib/ipc-api.ts';
import './styles.css';

/**
 * Entry point: picks the transport (Electron's preload bridge when present, otherwise HTTP and a
 * WebSocket to the core that served this page), creates the stores and renders the app.
 */
function bridgeOf(value: unknown): Bridge | null {
  // The preload puts the bridge on window; in a plain browser it is absent.
  return typeof value === 'object' && value !== null && 'onEvent' in value ? (value as Bridge) : null;
}

const bridge = bridgeOf((window as unknown as Record<string, unknown>)[BRIDGE_GLOBAL]); // window has no index signature
const baseUrl = new URL('./', window.location.href).toString();
const api: Api = bridge
  ? createIpcApi(bridge)
  : createHttpApi({
      baseUrl,
      fetch: window.fetch.bind(window),
      createSocket: (url) => new WebSocket(url),
      openWindow: (url) => window.open(url, '_blank', 'noopener,noreferrer'),
      setTimer: (callback, ms) => window.setTimeout(callback, ms),
    });

const deps: AppDeps = {
  api,
  session: createSessionStore(api),
  sync: createSyncStore(api),
  nav: createNavStore(
    { read: () => window.location.hash, write: (hash) => window.history.pushState(null, '', hash) },
    'all',
  ),
  toasts: createToastStore({ setTimeout: (callback, ms) => window.setTimeout(callback, ms) }),
  confirm: createConfirmStore(),
  now: () => Date.now(),
  pair: bridge ? null : (code) => pairBrowser(window.fetch.bind(window), baseUrl, code),
};
window.addEventListener('popstate', () => deps.nav.getState().syncFromHash(window.location.hash));

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <AppProvider deps={deps}>
        <App />
      </AppProvider>
    </StrictMode>,
  );
}
