import { META, type MetaTable } from '../replica/meta.ts';

export type SecretName = 'device-secret' | 'user-tokens';

/**
 * Where the device credential and the signed-in user's tokens are kept. The headless core keeps
 * them in the replica's meta table; the Electron app passes a store backed by safeStorage (the OS
 * keychain) instead. Synchronous because safeStorage is, and because the mutation path must be.
 */
export interface SecretStore {
  get(name: SecretName): string | null;
  set(name: SecretName, value: string): void;
  delete(name: SecretName): void;
}

/** Secrets in the replica's meta table: as safe as the data folder's file permissions. */
export class MetaSecretStore implements SecretStore {
  readonly #meta: MetaTable;

  constructor(meta: MetaTable) {
    this.#meta = meta;
  }

  get(name: SecretName): string | null {
    return this.#meta.get(META.secretPrefix + name);
  }

  set(name: SecretName, value: string): void {
    this.#meta.set(META.secretPrefix + name, value);
  }

  delete(name: SecretName): void {
    this.#meta.delete(META.secretPrefix + name);
  }
}
