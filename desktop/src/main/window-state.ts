import { readFileSync, writeFileSync } from 'node:fs';

/** The main window's size and place, remembered between runs. */
export interface WindowState {
  readonly width: number;
  readonly height: number;
  readonly x?: number;
  readonly y?: number;
  readonly maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 800, maximized: false };

export function loadWindowState(file: string): WindowState {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof value !== 'object' || value === null) return DEFAULT_WINDOW_STATE;
    const saved = value as Partial<Record<keyof WindowState, unknown>>; // every field is checked below
    const size = (n: unknown, min: number) =>
      typeof n === 'number' && Number.isFinite(n) ? Math.max(min, Math.round(n)) : undefined;
    const width = size(saved.width, 800) ?? DEFAULT_WINDOW_STATE.width;
    const height = size(saved.height, 560) ?? DEFAULT_WINDOW_STATE.height;
    const x = size(saved.x, -100_000);
    const y = size(saved.y, -100_000);
    return {
      width,
      height,
      ...(x !== undefined && y !== undefined ? { x, y } : {}),
      maximized: saved.maximized === true,
    };
  } catch {
    return DEFAULT_WINDOW_STATE; // first run, or an unreadable file: start with the default size
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  writeFileSync(file, JSON.stringify(state));
}

/** A saved position is used only if it is still on one of the displays (a monitor may be gone). */
export function visibleOn(
  state: WindowState,
  displays: ReadonlyArray<{ x: number; y: number; width: number; height: number }>,
): WindowState {
  if (state.x === undefined || state.y === undefined) return state;
  const { x, y } = state;
  const onScreen = displays.some(
    (area) => x >= area.x - 50 && y >= area.y - 50 && x < area.x + area.width - 100 && y < area.y + area.height - 100,
  );
  return onScreen ? state : { width: state.width, height: state.height, maximized: state.maximized };
}
