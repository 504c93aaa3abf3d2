import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretValues } from '../common/core-messages.ts';

/**
 * The device credential and the user's tokens, encrypted with Electron's safeStorage (the OS
 * keychain: DPAPI on Windows, Keychain on macOS, libsecret/kwallet on Linux), one file each in
 * the user-data folder. Only the main process can use safeStorage; the core gets the values
 * at start and reports changes (see core-messages.ts).
 */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export interface KeychainLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface Keychain {
  loadAll(): SecretValues;
  save(name: string, value: string | null): void;
}

const NAME = /^[a-z][a-z-]{0,40}$/;
/** Marks a secret stored without the OS keychain, so it is read back the same way. */
const PLAIN = Buffer.from('forecourt-plain:');
const KEYCHAIN_MISSING =
  'no OS keychain (e.g. Linux without a secret service): secret kept in a file readable by this user only';

/**
 * Without a keychain the secret is still kept (like browser mode's secrets.json, mode 0600), so
 * the PC stays enrolled; the log says so. Losing the device credential would be worse.
 */
function encode(safeStorage: SafeStorageLike, value: string, warn: () => void): Buffer {
  if (safeStorage.isEncryptionAvailable()) return safeStorage.encryptString(value);
  warn();
  return Buffer.concat([PLAIN, Buffer.from(value, 'utf8')]);
}

function decode(safeStorage: SafeStorageLike, data: Buffer): string {
  if (data.subarray(0, PLAIN.length).equals(PLAIN)) return data.subarray(PLAIN.length).toString('utf8');
  return safeStorage.decryptString(data);
}

export function createKeychain(deps: { safeStorage: SafeStorageLike; dir: string; log: KeychainLog }): Keychain {
  const { safeStorage, dir, log } = deps;
  const fileOf = (name: string) => join(dir, `${name}.bin`);
  return {
    loadAll() {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const values: Record<string, string> = {};
      for (const file of readdirSync(dir)) {
        const name = file.replace(/\.bin$/, '');
        if (!file.endsWith('.bin') || !NAME.test(name)) continue;
        try {
          values[name] = decode(safeStorage, readFileSync(join(dir, file)));
        } catch (error) {
          // A keychain that changed (another OS user, a reset keyring) cannot decrypt: the PC must enrol again.
          log.error({ err: error, name }, 'a stored secret could not be decrypted');
        }
      }
      return values;
    },
    save(name, value) {
      if (!NAME.test(name)) return log.warn({ name }, 'refused to store a secret with an odd name');
      if (value === null) return rmSync(fileOf(name), { force: true });
      const temporary = `${fileOf(name)}.tmp`;
      writeFileSync(
        temporary,
        encode(safeStorage, value, () => log.warn({ name }, KEYCHAIN_MISSING)),
        { mode: 0o600 },
      );
      renameSync(temporary, fileOf(name)); // atomic: a crash never leaves half a credential
    },
  };
}
