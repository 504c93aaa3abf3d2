import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SecretName, SecretStore } from '../auth/secret-store.ts';

/**
 * Secrets of a counter running without Electron (browser mode, demo, tests): a JSON file
 * readable by the OS user only — as safe as the replica next to it. The Electron app uses the
 * OS keychain instead (main/keychain.ts).
 */
export function createFileSecretStore(file: string): SecretStore {
  const read = (): Record<string, string> => {
    try {
      const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
      return typeof value === 'object' && value !== null ? (value as Record<string, string>) : {}; // written only by write() below
    } catch {
      return {}; // no file yet: nothing stored
    }
  };
  const write = (values: Record<string, string>) => {
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.tmp`;
    writeFileSync(temporary, JSON.stringify(values), { mode: 0o600 });
    renameSync(temporary, file);
  };
  return {
    get: (name: SecretName) => read()[name] ?? null,
    set(name, value) {
      write({ ...read(), [name]: value });
    },
    delete(name) {
      const values = read();
      delete values[name];
      write(values);
    },
  };
}
