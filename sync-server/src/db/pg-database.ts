import pg from 'pg';
import type { Logger } from 'pino';
import {
  beginStatement,
  type Database,
  type Queryable,
  type QueryResult,
  type TransactionOptions,
} from './database.ts';

const INT8_OID = 20;

/** int8 as a JS number: every bigint we store (versions, ids, minor units) is below 2^53. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<R>(text: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const result = await client.query(text, params as unknown[]);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      // Without parameters pg uses the simple protocol, which accepts several statements.
      await client.query(sql);
    },
  };
}

export async function openPgDatabase(
  connectionString: string,
  logger: Logger,
  options: { max?: number } = {},
): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10, types });
  // An idle client that loses its connection (database restart) must not crash the process.
  pool.on('error', (error) => logger.warn({ err: error }, 'idle database connection lost'));
  const listeners = new Set<ReconnectingListener>();
  const root = wrap(pool);

  return {
    kind: 'postgres',
    query: root.query,
    exec: root.exec,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      // pg-pool listens for errors only on idle clients. A checked-out client whose connection dies
      // between two queries (database restart, pg_terminate_backend) emits 'error' with nobody
      // listening, which ends the process; here it only marks the client broken, and the next
      // query of the transaction fails as usual.
      const onLost = (error: Error) => {
        broken = true;
        logger.warn({ err: error }, 'database connection lost during a transaction');
      };
      client.on('error', onLost);
      try {
        await client.query(beginStatement(options));
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken = true;
          logger.warn({ err: rollbackError }, 'rollback failed; discarding the connection');
        }
        throw error;
      } finally {
        client.off('error', onLost);
        client.release(broken);
      }
    },
    async listen(channel, onPayload) {
      const listener = new ReconnectingListener(connectionString, channel, onPayload, logger);
      await listener.connect();
      listeners.add(listener);
      return async () => {
        listeners.delete(listener);
        await listener.close();
      };
    },
    async close() {
      await Promise.all([...listeners].map((listener) => listener.close()));
      listeners.clear();
      await pool.end();
    },
  };
}

/**
 * A LISTEN connection that comes back after the database restarts; pokes missed meanwhile are
 * covered by the clients' periodic pull.
 */
class ReconnectingListener {
  #client: pg.Client | null = null;
  #closed = false;
  #retryMs = 250;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
    private readonly onPayload: (payload: string) => void,
    private readonly logger: Logger,
  ) {}

  async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, types });
    client.on('notification', (message) => {
      if (message.channel === this.channel && message.payload !== undefined) this.onPayload(message.payload);
    });
    client.on('error', (error) => {
      this.logger.warn({ err: error, channel: this.channel }, 'listen connection lost');
      this.#onLost(client);
    });
    client.on('end', () => this.#onLost(client));
    await client.connect();
    await client.query(`LISTEN ${pg.escapeIdentifier(this.channel)}`);
    this.#client = client;
    this.#retryMs = 250;
  }

  /** Only the connection in use counts: a half-open one from a failed attempt is ignored. */
  #onLost(lost: pg.Client): void {
    if (this.#closed || this.#client !== lost) return;
    this.#client = null;
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#closed) return;
    setTimeout(() => {
      if (this.#closed) return;
      this.connect().catch((error: unknown) => {
        this.logger.debug({ err: error }, 'listen reconnect failed');
        this.#retryMs = Math.min(this.#retryMs * 2, 10_000);
        this.#scheduleReconnect();
      });
    }, this.#retryMs).unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => undefined);
  }
}
