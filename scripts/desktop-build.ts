import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Building the desktop app when needed, and finding an Electron that can run. Shared by
 * `npm start` and the end-to-end tests (which need the renderer built).
 */
const SOURCES = ['desktop/src', 'shared/src', 'electron.vite.config.ts'];

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function desktopBuildIsFresh(root: string): boolean {
  const marker = join(root, 'desktop/out/renderer/index.html');
  if (!existsSync(marker) || !existsSync(join(root, 'desktop/out/main/index.js'))) return false;
  const built = statSync(marker).mtimeMs;
  return SOURCES.every((source) => newestMtime(join(root, source)) <= built);
}

/**
 * Builds unless the build is fresh. Test files run in parallel workers: a lock folder makes the
 * others wait for the one that builds instead of writing the same files at the same time.
 */
export async function ensureDesktopBuilt(root: string): Promise<void> {
  if (desktopBuildIsFresh(root)) return;
  await withBuiltDesktop(root, async () => undefined);
}

/** Runs `use` on a fresh build that no other process rebuilds meanwhile (e.g. while packing it). */
export async function withBuiltDesktop<T>(root: string, use: () => Promise<T>): Promise<T> {
  const lock = join(root, 'desktop/.build-lock');
  await acquire(lock);
  try {
    if (!desktopBuildIsFresh(root)) {
      const cli = join(root, 'node_modules/electron-vite/bin/electron-vite.js');
      await promisify(execFile)(process.execPath, [cli, 'build'], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
    }
    return await use();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const STALE_LOCK_MS = 5 * 60_000;

async function acquire(lock: string): Promise<void> {
  for (;;) {
    try {
      mkdirSync(lock); // atomic: exactly one process creates it
      return;
    } catch {
      // Someone else builds; a lock left by a crashed build is taken over after a while.
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
      await new Promise((done) => setTimeout(done, 250));
    }
  }
}

/** The Electron binary, or why there is none: not downloaded, or no display to show a window on. */
export function electronBinary(root: string): { path: string | null; reason: string } {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { path: null, reason: 'no display' };
  }
  try {
    // The electron package exports the binary's path; it throws when the binary was never downloaded.
    const path: unknown = createRequire(join(root, 'package.json'))('electron');
    if (typeof path === 'string' && existsSync(path)) return { path, reason: '' };
    return { path: null, reason: 'the Electron binary is not installed' };
  } catch (error) {
    return {
      path: null,
      reason: error instanceof Error ? (error.message.split('\n')[0] ?? 'not installed') : 'not installed',
    };
  }
}
