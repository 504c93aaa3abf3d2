import type Database from 'better-sqlite3';
import Type from 'typebox';
import { Compile } from 'typebox/compile';
import { compareHlc, DomainError, HlcClock, isHlc, SnapshotCursor, type SyncRowStore } from '@forecourt/shared';
import type { DeviceIdentity } from '../counter-api.ts';
import { META, MetaTable } from './meta.ts';
import { Outbox } from './outbox.ts';
import {
  rowBlockWriter,
  serverRowWriter,
  sqliteRowStore,
  StatementCache,
  type RowBlockWriter,
  type ServerRowWriter,
} from './sqlite-store.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';

const IdentityCheck = Compile(
  Type.Object({
    deviceId: Type.String(),
    deviceCode: Type.String(),
    tenantId: Type.String(),
    siteId: Type.Union([Type.String(), Type.Null()]),
    scope: Type.Union([Type.Literal('site'), Type.Literal('tenant')]),
    serverUrl: Type.String(),
  }),
);
const SnapshotCheck = Compile(SnapshotCursor);

/** The stored identity, frozen (callers share it), or null when it is unreadable or malformed. */
function parseIdentity(text: string): DeviceIdentity | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Not written by this process (hand-edited or truncated): treated as absent, like getJson.
    return null;
  }
  return IdentityCheck.Check(value) ? Object.freeze(value) : null;
}

/** HLC node ids allow no dashes; the device id without them is unique and stable. */
export function hlcNodeFor(identity: DeviceIdentity): string {
  return identity.deviceId.replaceAll('-', '');
}

/**
 * The replica database and the local tables around it: meta, outbox, sequences, the
 * tenant-bound row store. Everything here is synchronous and joins the caller's transaction.
 * State lives in the database, not in memory, so that a second process (the CLI next to a
 * running app) sees the same cursor, clock and mutation ids.
 */
export class Replica {
  readonly db: Database.Database;
  readonly meta: MetaTable;
  readonly outbox: Outbox;
  /** Keeps WAL checkpoints out of the commits (wal-checkpointer.ts). */
  readonly checkpointer: WalCheckpointer;
  readonly #statements: StatementCache;
  #store: SyncRowStore | null = null;
  #writer: { tenantId: string; write: ServerRowWriter } | null = null;
  #blockWriter: { tenantId: string; write: RowBlockWriter } | null = null;
  #identity: { text: string; identity: DeviceIdentity | null } | null = null;
  #sequenceGet: Database.Statement<[string], { next: number }> | null = null;
  #sequenceSet: Database.Statement<[string, number]> | null = null;

  constructor(db: Database.Database) {
    this.db = db;
    this.meta = new MetaTable(db);
    this.outbox = new Outbox(db, this.meta);
    this.#statements = new StatementCache(db);
    this.checkpointer = new WalCheckpointer(db);
  }

  identity(): DeviceIdentity | null {
    // Read every time (another process may enrol); parsed and checked only when the text changed:
    // a local write asks for the identity several times (docs/performance.md).
    const text = this.meta.get(META.identity);
    if (text === null) return null;
    if (this.#identity?.text !== text) this.#identity = { text, identity: parseIdentity(text) };
    return this.#identity.identity;
  }

  requireIdentity(): DeviceIdentity {
    const identity = this.identity();
    if (!identity) throw new DomainError('unauthenticated', 'this device is not enrolled yet');
    return identity;
  }

  saveIdentity(identity: DeviceIdentity): void {
    this.meta.setJson(META.identity, identity);
    this.#store = null;
  }

  /** The row store bound to the enrolled tenant. */
  store(): SyncRowStore {
    const tenantId = this.requireIdentity().tenantId;
    if (this.#store?.tenantId !== tenantId) {
      this.#store = sqliteRowStore(this.db, tenantId, { statements: this.#statements });
    }
    return this.#store;
  }

  /** Writes a pull page's rows straight from the page (sqlite-store.ts `serverRowWriter`). */
  serverRowWriter(): ServerRowWriter {
    const tenantId = this.requireIdentity().tenantId;
    if (this.#writer?.tenantId !== tenantId) {
      this.#writer = { tenantId, write: serverRowWriter(this.db, tenantId, this.#statements) };
    }
    return this.#writer.write;
  }

  /** Writes a pull page's row blocks straight from the page (sqlite-store.ts `rowBlockWriter`). */
  rowBlockWriter(): RowBlockWriter {
    const tenantId = this.requireIdentity().tenantId;
    if (this.#blockWriter?.tenantId !== tenantId) {
      this.#blockWriter = { tenantId, write: rowBlockWriter(this.db, tenantId, this.#statements) };
    }
    return this.#blockWriter.write;
  }

  cursor(): number {
    return this.meta.getInt(META.cursor, 0);
  }

  /** Full downloads started so far; more than one means the replica was synced from scratch again. */
  snapshotsStarted(): number {
    return this.meta.getInt(META.snapshotsStarted, 0);
  }

  /** Where a first sync's snapshot stream stopped, while it is still going. */
  snapshot(): SnapshotCursor | null {
    const value = this.meta.getJson(META.snapshot);
    return SnapshotCheck.Check(value) ? value : null;
  }

  /**
   * A fresh HLC timestamp for a new mutation. Kept by the outbox row the caller writes with it in
   * the same transaction (the newest row's clock counts as the last one, and meta keeps it when
   * the row is dropped: Outbox.drop), so a local write does not also write meta.
   */
  hlcForNewMutation(identity: DeviceIdentity, wallNow: () => number): string {
    return new HlcClock(hlcNodeFor(identity), wallNow, this.#lastHlc()).now();
  }

  /** Merges a server timestamp into the local clock; returns whether it had to be clamped. */
  receiveHlc(identity: DeviceIdentity, remote: string, wallNow: () => number): boolean {
    if (!isHlc(remote)) return false;
    const clock = new HlcClock(hlcNodeFor(identity), wallNow, this.#lastHlc());
    const { clamped } = clock.receive(remote);
    this.meta.set(META.hlc, clock.last);
    return clamped;
  }

  /** The latest of the clock kept in meta and the newest queued mutation's. */
  #lastHlc(): string | undefined {
    const kept = this.meta.get(META.hlc);
    const queued = this.outbox.newestHlc();
    const candidates = [kept, queued].filter((stamp): stamp is string => stamp !== null && isHlc(stamp));
    return candidates.sort(compareHlc).at(-1);
  }

  /** The next number of a device series (job cards, invoices); joins the caller's transaction. */
  takeSequence(series: string): number {
    this.#sequenceGet ??= this.db.prepare<[string], { next: number }>(
      'SELECT next FROM local_sequences WHERE series = ?',
    );
    this.#sequenceSet ??= this.db.prepare<[string, number]>(
      'INSERT INTO local_sequences (series, next) VALUES (?, ?) ON CONFLICT (series) DO UPDATE SET next = excluded.next',
    );
    const value = this.#sequenceGet.get(series)?.next ?? 1;
    this.#sequenceSet.run(series, value + 1);
    return value;
  }

  close(): void {
    this.checkpointer.stop();
    if (this.db.open) this.db.close();
  }
}
