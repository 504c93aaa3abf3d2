import type Database from 'better-sqlite3';

/** Keys of the local `meta` table; one list so that nothing else invents keys. */
export const META = {
  identity: 'device_identity',
  /** The sync client id of this replica (the server keeps last_mutation_id per client). */
  clientId: 'client_id',
  cursor: 'cursor',
  snapshot: 'snapshot_cursor',
  /** How many snapshots (full downloads) this replica has started: 1 after its first sync. */
  snapshotsStarted: 'snapshots_started',
  hlc: 'hlc',
  lastMutationId: 'last_mutation_id',
  lastSyncAt: 'last_sync_at',
  session: 'session',
  /** Followed by a user id: the role and sites of that user's last online sign-in here. */
  profilePrefix: 'profile:',
  /** Followed by a secret name: the fallback secret store (see auth/secret-store.ts). */
  secretPrefix: 'secret:',
} as const;

/** The counter's local key/value table. Values are text; JSON where structured. */
export class MetaTable {
  readonly #get: Database.Statement<[string], { value: string }>;
  readonly #set: Database.Statement<[string, string]>;
  readonly #delete: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    this.#get = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
    this.#set = db.prepare<[string, string]>(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.#delete = db.prepare<[string]>('DELETE FROM meta WHERE key = ?');
  }

  get(key: string): string | null {
    return this.#get.get(key)?.value ?? null;
  }

  set(key: string, value: string): void {
    this.#set.run(key, value);
  }

  delete(key: string): void {
    this.#delete.run(key);
  }

  getInt(key: string, fallback: number): number {
    const value = this.get(key);
    const parsed = value === null ? Number.NaN : Number(value);
    return Number.isSafeInteger(parsed) ? parsed : fallback;
  }

  /** Parsed JSON, or null when absent or unreadable (the caller validates the shape). */
  getJson(key: string): unknown {
    const value = this.get(key);
    if (value === null) return null;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      // A value this process did not write (hand-edited or truncated): treated as absent.
      return null;
    }
  }

  setJson(key: string, value: unknown): void {
    this.set(key, JSON.stringify(value));
  }
}
