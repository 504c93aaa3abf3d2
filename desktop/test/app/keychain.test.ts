import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createKeychain, type SafeStorageLike } from '../../src/main/keychain.ts';
import { loadWindowState, saveWindowState, visibleOn } from '../../src/main/window-state.ts';

/** Electron's safeStorage stood in for by a reversible cipher (the OS keychain is not here). */
const fakeSafeStorage: SafeStorageLike = {
  isEncryptionAvailable: () => true,
  encryptString: (text) => Buffer.from(`enc:${Buffer.from(text).toString('base64')}`),
  decryptString: (data) => {
    const text = data.toString();
    if (!text.startsWith('enc:')) throw new Error('cannot decrypt');
    return Buffer.from(text.slice(4), 'base64').toString();
  },
};

describe('the keychain for device credentials', () => {
  const dir = mkdtempSync(join(tmpdir(), 'forecourt-keychain-'));
  const errors: object[] = [];
  const keychain = createKeychain({
    safeStorage: fakeSafeStorage,
    dir,
    log: { warn: () => undefined, error: (o) => errors.push(o) },
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stores secrets encrypted, readable by the OS user only, and loads them back', () => {
    keychain.save('device-secret', 's3cret-device');
    keychain.save('user-tokens', '{"accessToken":"a"}');
    const file = join(dir, 'device-secret.bin');
    expect(readFileSync(file, 'utf8')).not.toContain('s3cret-device');
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(keychain.loadAll()).toEqual({ 'device-secret': 's3cret-device', 'user-tokens': '{"accessToken":"a"}' });
  });

  it('deletes, refuses odd names, and skips what it cannot decrypt', () => {
    keychain.save('user-tokens', null);
    keychain.save('../escape', 'x');
    writeFileSync(join(dir, 'broken.bin'), 'garbage');
    expect(keychain.loadAll()).toEqual({ 'device-secret': 's3cret-device' });
    expect(readdirSync(dir).some((name) => name.includes('escape'))).toBe(false);
    expect(errors).toHaveLength(1);
  });
});

describe('a PC without an OS keychain', () => {
  const dir = mkdtempSync(join(tmpdir(), 'forecourt-nokeychain-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('still keeps the device credential (so the PC stays enrolled), readable by this user only, and says so', () => {
    const warnings: object[] = [];
    // Like Electron's safeStorage without a keychain: encryptString throws.
    const noKeychain: SafeStorageLike = {
      ...fakeSafeStorage,
      isEncryptionAvailable: () => false,
      encryptString: () => {
        throw new Error('Encryption is not available.');
      },
    };
    const keychain = createKeychain({
      safeStorage: noKeychain,
      dir,
      log: { warn: (o) => warnings.push(o), error: () => undefined },
    });
    keychain.save('device-secret', 'kept-anyway');
    expect(statSync(join(dir, 'device-secret.bin')).mode & 0o077).toBe(0);
    expect(keychain.loadAll()).toEqual({ 'device-secret': 'kept-anyway' });
    expect(warnings).toHaveLength(1);
  });
});

describe('the window state', () => {
  const dir = mkdtempSync(join(tmpdir(), 'forecourt-window-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('remembers the size and place, and forgets a place on a display that is gone', () => {
    const file = join(dir, 'window-state.json');
    expect(loadWindowState(file)).toEqual({ width: 1280, height: 800, maximized: false });
    saveWindowState(file, { width: 1500, height: 900, x: 2000, y: 100, maximized: true });
    const saved = loadWindowState(file);
    expect(saved).toEqual({ width: 1500, height: 900, x: 2000, y: 100, maximized: true });
    expect(
      visibleOn(saved, [
        { x: 0, y: 0, width: 1920, height: 1080 },
        { x: 1920, y: 0, width: 1920, height: 1080 },
      ]),
    ).toEqual(saved);
    expect(visibleOn(saved, [{ x: 0, y: 0, width: 1920, height: 1080 }])).toEqual({
      width: 1500,
      height: 900,
      maximized: true,
    });
    writeFileSync(file, '{"width": 10, "height": "tall"}');
    expect(loadWindowState(file)).toEqual({ width: 800, height: 800, maximized: false });
  });
});
