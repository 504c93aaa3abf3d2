import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';

type Listener = (tenantId: string, version: number) => void;

/**
 * Tells live channels that a tenant has a new version. Commits on this instance are announced at
 * once; commits on other instances arrive through PostgreSQL LISTEN/NOTIFY (the NOTIFY is sent
 * inside each writing transaction). A listener may hear a version twice; pokes are idempotent.
 */
export class CommitNotifier {
  readonly #listeners = new Set<Listener>();
  readonly #db: Database;
  readonly #logger: Logger;
  #unlisten: (() => Promise<void>) | null = null;

  constructor(db: Database, logger: Logger) {
    this.#db = db;
    this.#logger = logger;
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  committed(tenantId: string, version: number): void {
    for (const listener of this.#listeners) {
      try {
        listener(tenantId, version);
      } catch (error) {
        this.#logger.error({ err: error }, 'commit listener failed');
      }
    }
  }

  async start(channel: string): Promise<void> {
    // PGlite has a single in-process connection: every commit is already announced locally.
    if (this.#db.kind !== 'postgres' || this.#unlisten) return;
    this.#unlisten = await this.#db.listen(channel, (payload) => {
      const separator = payload.lastIndexOf(':');
      const version = Number(payload.slice(separator + 1));
      if (separator > 0 && Number.isSafeInteger(version)) this.committed(payload.slice(0, separator), version);
    });
  }

  async stop(): Promise<void> {
    const unlisten = this.#unlisten;
    this.#unlisten = null;
    if (unlisten) await unlisten();
    this.#listeners.clear();
  }
}
