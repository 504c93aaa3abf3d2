import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions, Rectangle } from 'electron';
import { loadWindowState, saveWindowState, visibleOn, type WindowState } from './window-state.ts';

export interface MainWindowDeps {
  readonly BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindowType;
  readonly preload: string;
  readonly icon: string | undefined;
  /** The dev server's URL, or null to load the built renderer from disk. */
  readonly rendererUrl: string | null;
  readonly rendererFile: string;
  readonly stateFile: string;
  readonly displays: () => readonly Rectangle[];
}

/** The counter window: locked down, and back at the size and place it was closed at. */
export function createMainWindow(deps: MainWindowDeps): BrowserWindowType {
  const state = visibleOn(loadWindowState(deps.stateFile), deps.displays());
  const window = new deps.BrowserWindow({
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Forecourt',
    backgroundColor: '#f4f5f7',
    ...(deps.icon ? { icon: deps.icon } : {}),
    webPreferences: {
      preload: deps.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  rememberState(window, deps.stateFile);
  if (deps.rendererUrl) void window.loadURL(deps.rendererUrl);
  else void window.loadFile(deps.rendererFile);
  return window;
}

function rememberState(window: BrowserWindowType, file: string) {
  const save = () => {
    if (window.isDestroyed()) return;
    const bounds = window.getNormalBounds();
    const state: WindowState = { ...bounds, maximized: window.isMaximized() };
    saveWindowState(file, state);
  };
  window.on('close', save);
}
