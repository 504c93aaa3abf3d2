import type Database from 'better-sqlite3';

/**
 * Copies the replica's write-ahead log back into the database file between transactions instead
 * of inside them.
 *
 * SQLite's automatic checkpoint runs in whichever commit pushes the WAL past 1,000 pages: that
 * commit (a local mutation the clerk waits for, or an incoming change) then also copies ~4 MB,
 * which is the whole p99 tail of a local write or an applied change (docs/performance.md). Here
 * the automatic checkpoint only remains as a safety valve at a much larger size, and a timer
 * runs a PASSIVE checkpoint of whatever was committed since the last tick, in small slices while
 * the event loop is otherwise free. PASSIVE never waits for readers or writers; what it cannot
 * copy yet is copied on a later tick.
 */
export interface WalCheckpointerOptions {
  /** How often to look for new commits. */
  readonly intervalMs?: number;
  /** WAL pages at which SQLite still checkpoints inside a commit (only when this timer cannot run). */
  readonly safetyValvePages?: number;
}

export interface CheckpointStats {
  readonly runs: number;
  readonly pagesCopied: number;
  /** The longest single checkpoint, i.e. the longest this timer held the event loop. */
  readonly longestMs: number;
}

interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

export class WalCheckpointer {
  readonly #db: Database.Database;
  readonly #changes: Database.Statement<[], { n: number }>;
  readonly #timer: NodeJS.Timeout;
  #lastChanges = -1;
  #runs = 0;
  #pagesCopied = 0;
  #longestMs = 0;

  constructor(db: Database.Database, options: WalCheckpointerOptions = {}) {
    this.#db = db;
    db.pragma(`wal_autocheckpoint = ${options.safetyValvePages ?? 8000}`);
    // total_changes() counts the rows this connection changed since it opened: cheap to read,
    // and a change means there may be frames to copy.
    this.#changes = db.prepare<[], { n: number }>('SELECT total_changes() AS n');
    this.#timer = setInterval(() => this.tick(), options.intervalMs ?? 25);
    this.#timer.unref();
  }

  /** One tick: a PASSIVE checkpoint when this connection committed something since the last. */
  tick(): void {
    if (!this.#db.open || this.#db.inTransaction) return;
    const changes = this.#changes.get()?.n ?? 0;
    if (changes === this.#lastChanges) return;
    this.#lastChanges = changes;
    const started = performance.now();
    const [result] = this.#db.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
    const took = performance.now() - started;
    this.#runs += 1;
    this.#pagesCopied += result?.checkpointed ?? 0;
    this.#longestMs = Math.max(this.#longestMs, took);
    // Frames a reader still needed stay behind: look again next tick even without new commits.
    if (result && result.checkpointed < result.log) this.#lastChanges = -1;
  }

  stats(): CheckpointStats {
    return { runs: this.#runs, pagesCopied: this.#pagesCopied, longestMs: this.#longestMs };
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
