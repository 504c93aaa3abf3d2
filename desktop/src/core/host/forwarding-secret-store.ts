import type { SecretName, SecretStore } from '../auth/secret-store.ts';

/**
 * The core's secrets inside Electron's utilityProcess. The core needs them synchronously, but
 * only the main process can reach the OS keychain (safeStorage): so main hands over the
 * decrypted values at start, reads are served from memory, and every change is forwarded to
 * main at once to be encrypted and written.
 */
export function createForwardingSecretStore(
  initial: Readonly<Record<string, string>>,
  forward: (name: SecretName, value: string | null) => void,
): SecretStore {
  const values = new Map<string, string>(Object.entries(initial));
  return {
    get: (name) => values.get(name) ?? null,
    set(name, value) {
      values.set(name, value);
      forward(name, value);
    },
    delete(name) {
      values.delete(name);
      forward(name, null);
    },
  };
}
