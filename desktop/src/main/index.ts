import { app, BrowserWindow, dialog, safeStorage, screen, session, shell, utilityProcess } from 'electron';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pino from 'pino';
import { DomainError } from '@forecourt/shared/errors';
import type { ChannelHandlers, ShellChannel } from '../common/api.ts';
import { isAllowedExternalUrl } from '../common/external-links.ts';
import { startCoreProcess, type CoreProcess } from './core-process.ts';
import { showDocument } from './documents.ts';
import { registerContractWithElectron } from './ipc/index.ts';
import { createKeychain } from './keychain.ts';
import { appPaths } from './paths.ts';
import { saveFileWithDialog, type SaveFileDeps } from './save-file.ts';
import { hardenContents, hardenSession } from './security.ts';
import { createMainWindow } from './windows.ts';

/**
 * Electron main: lifecycle, the window, the IPC relay and the keychain. No business logic: the
 * counter core runs in its own utilityProcess (core-host) and answers every call.
 */
const mainDir = dirname(fileURLToPath(import.meta.url));

if (!app.requestSingleInstanceLock()) {
  // A second start only brings the running counter to the front (see 'second-instance').
  app.quit();
} else {
  void app.whenReady().then(start);
}

function start() {
  const paths = appPaths({
    userData: app.getPath('userData'),
    mainDir,
    resourcesPath: process.resourcesPath,
    packaged: app.isPackaged,
  });
  mkdirSync(paths.logDir, { recursive: true });
  const log = pino(
    { level: 'info', base: { component: 'main' } },
    pino.destination({ dest: join(paths.logDir, 'main.log'), sync: false }),
  );
  const keychain = createKeychain({ safeStorage, dir: paths.secretsDir, log });
  const core = startCoreProcess({
    fork: () => utilityProcess.fork(paths.coreHost, [], { serviceName: 'Forecourt counter core', stdio: 'ignore' }),
    config: () => ({
      dataDir: paths.dataDir,
      logFile: join(paths.logDir, 'core.log'),
      migrationsDir: paths.migrationsDir,
      secrets: keychain.loadAll(),
      suggestedEnrolment: suggestedEnrolment(),
    }),
    onSecret: (name, value) => {
      try {
        keychain.save(name, value);
      } catch (error) {
        // A full disk must not take the counter down; the secret stays in the core's memory.
        log.error({ err: error, name }, 'could not store a secret');
      }
    },
    log,
    setTimer: (callback, ms) => void setTimeout(callback, ms),
  });

  const openExternal = (url: string) => void shell.openExternal(url);
  const rendererUrl = app.isPackaged ? null : (process.env.ELECTRON_RENDERER_URL ?? null);
  hardenSession(session.defaultSession, { dev: rendererUrl !== null });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, openExternal));
  const rendererFileUrl = pathToFileURL(paths.rendererFile).toString();
  const stopRelay = registerContractWithElectron({
    core,
    shell: shellHandlers(
      core,
      openExternal,
      (input) =>
        showDocument({ core, BrowserWindow, dir: join(paths.dataDir, '..', 'documents'), icon: paths.icon }, input),
      (input) => saveFileWithDialog(electronSaveDialog(), input),
    ),
    isAppUrl: (url) => url.split('#')[0] === rendererFileUrl || (rendererUrl !== null && url.startsWith(rendererUrl)),
    windows: () => BrowserWindow.getAllWindows().map((window) => window.webContents),
    log,
  });
  const openWindow = () =>
    createMainWindow({
      BrowserWindow,
      preload: paths.preload,
      icon: paths.icon,
      rendererUrl,
      rendererFile: paths.rendererFile,
      stateFile: paths.windowStateFile,
      displays: () => screen.getAllDisplays().map((display) => display.workArea),
    });
  let window = openWindow();

  app.on('second-instance', () => {
    if (window.isDestroyed()) window = openWindow();
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) window = openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  quitAfterCoreStops(core, stopRelay);
}

function shellHandlers(
  core: CoreProcess,
  openExternal: (url: string) => void,
  openDocument: ChannelHandlers<ShellChannel>['app:showDocument'],
  saveFile: ChannelHandlers<ShellChannel>['app:saveFile'],
): ChannelHandlers<ShellChannel> {
  return {
    'app:info': () => ({
      mode: 'electron',
      version: app.getVersion(),
      pairingCode: null,
      lanUrl: null,
      suggestedEnrolment: suggestedEnrolment(),
      features: core.features(),
    }),
    'app:openExternal': ({ url }) => {
      if (!isAllowedExternalUrl(url)) throw new DomainError('forbidden', 'that link is not on the allow-list');
      openExternal(url);
      return null;
    },
    'app:showDocument': openDocument,
    'app:saveFile': saveFile,
  };
}

/** Electron's save dialog, attached to the window in front (modal to it), starting in Documents. */
function electronSaveDialog(): SaveFileDeps {
  return {
    showSaveDialog: (options) => {
      const owner = BrowserWindow.getFocusedWindow();
      const electronOptions = { ...options, filters: options.filters.map((filter) => ({ ...filter })) };
      return owner ? dialog.showSaveDialog(owner, electronOptions) : dialog.showSaveDialog(electronOptions);
    },
    defaultDir: () => app.getPath('documents'),
  };
}

/** `npm start` passes the demo server and a fresh code so the first screen is filled in. */
function suggestedEnrolment() {
  const serverUrl = process.env.FORECOURT_SUGGEST_SERVER;
  const code = process.env.FORECOURT_SUGGEST_CODE;
  return serverUrl && code ? { serverUrl, code } : null;
}

/** The replica is closed cleanly (outbox flushed to disk) before the app exits. */
function quitAfterCoreStops(core: CoreProcess, stopRelay: () => void) {
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    stopRelay();
    void core.stop().finally(() => {
      stopped = true;
      app.quit();
    });
  });
}
