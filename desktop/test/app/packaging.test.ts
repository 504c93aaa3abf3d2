import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { listPackage } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withBuiltDesktop } from '../../../scripts/desktop-build.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

/**
 * The electron-builder configuration packs: a Linux `--dir` build with a stand-in Electron
 * folder (the real binary cannot be downloaded on these machines). Checks what ends up in the
 * package: the four built parts, the migrations, and better-sqlite3 unpacked from the asar.
 */
describe('packaging with electron-builder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'forecourt-pack-'));
  const app = join(dir, 'out', 'linux-unpacked');

  beforeAll(async () => {
    const electronDist = join(dir, 'electron-dist');
    mkdirSync(electronDist);
    writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\necho stand-in for the Electron binary\n');
    chmodSync(join(electronDist, 'electron'), 0o755);
    const cli = join(ROOT, 'node_modules/electron-builder/cli.js');
    const args = [
      '--projectDir',
      'desktop',
      '--linux',
      '--dir',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${join(dir, 'out')}`,
    ];
    await withBuiltDesktop(ROOT, () =>
      run(process.execPath, [cli, ...args], { cwd: ROOT, maxBuffer: 32 * 1024 * 1024 }),
    );
  }, 240_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('packs the built app, its migrations and the native database module', () => {
    expect(existsSync(join(app, 'forecourt'))).toBe(true);
    const files = listPackage(join(app, 'resources/app.asar'), { isPack: false });
    for (const part of [
      '/out/main/index.js',
      '/out/main/core-host.js',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
      '/package.json',
    ]) {
      expect(files).toContain(part);
    }
    expect(files.some((file) => file.startsWith('/node_modules/ws/'))).toBe(true);
    // Bundled code and development tools stay out of the package.
    expect(files.some((file) => file.startsWith('/node_modules/react/') || file.startsWith('/node_modules/tsx/'))).toBe(
      false,
    );
    expect(files.some((file) => file.startsWith('/src/'))).toBe(false);
    expect(
      existsSync(
        join(app, 'resources/app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node'),
      ),
    ).toBe(true);
    expect(readFileSync(join(app, 'resources/migrations/sqlite/0001_init.sql'), 'utf8')).toContain('CREATE TABLE');
  });

  it('loads the preload as CommonJS (sandboxed preloads cannot be ES modules)', () => {
    const preload = readFileSync(join(ROOT, 'desktop/out/preload/index.cjs'), 'utf8');
    expect(preload).toContain('require("electron")');
    expect(preload).not.toMatch(/^import /m);
    expect(preload).toContain('exposeInMainWorld');
  });

  it('keeps the core bundle free of Electron', () => {
    const coreHost = readFileSync(join(ROOT, 'desktop/out/main/core-host.js'), 'utf8');
    expect(coreHost).not.toMatch(/from "electron"|require\("electron"\)/);
  });
});
