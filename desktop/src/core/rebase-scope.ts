import { tableSpec, type Row, type TableName } from '@forecourt/shared';
import type { Outbox } from './replica/outbox.ts';
import type { Replica } from './replica/replica.ts';

export const rowKey = (table: string, id: string): string => `${table}\u0000${id}`;

/** A row a pull page writes: its new value, or null when the page removes it. */
export interface PageRow {
  readonly table: TableName;
  readonly id: string;
  readonly row: Row | null;
}

/**
 * The pending mutations a pull page can change, in id order (DESIGN §4.4, done incrementally):
 * those it settles (id ≤ settledUpTo), those whose footprint is unknown (queued before it was
 * recorded, or failing locally), those that wrote a row the page changes or read one, and,
 * closing forward, every later one that wrote or read a row one of those may change. Undoing and
 * re-running any other pending mutation would give the same rows, because a decide sees only what
 * its load read; so those keep their effects and their undo images, and a page costs what it
 * carries, not what the outbox holds (tens of thousands after a long time offline).
 *
 * A page row is "clean" when the server sends exactly the value the row has between the settled
 * and the still pending mutations (the before-image of its first pending writer, or the row as it
 * is): the pending mutations built on that same value, so nothing changes for them. This is the
 * common case of a counter's own mutations coming back from the server.
 */
export function affectedMutations(
  replica: Replica,
  page: readonly PageRow[],
  settledUpTo: number | null,
): { affected: number[]; clean: ReadonlySet<string> } {
  const { outbox } = replica;
  // Nothing pending (a first sync, a counter that is caught up): nothing to undo or re-run, and
  // writing every row of the page is right, so no row needs to be judged clean.
  if (outbox.isEmpty()) return { affected: [], clean: new Set() };
  const affected = new Set<number>(outbox.unknownFootprints().map((entry) => entry.id));
  if (settledUpTo !== null) for (const id of outbox.idsUpTo(settledUpTo)) affected.add(id);
  const clean = cleanRows(replica, page, settledUpTo ?? 0);
  const seen = new Set<string>(clean);
  for (const row of page) {
    const key = rowKey(row.table, row.id);
    if (seen.has(key)) continue;
    seen.add(key);
    for (const id of outbox.touching(row.table, row.id, 0)) affected.add(id);
  }
  return { affected: closeForward(outbox, affected, settledUpTo, clean), clean };
}

/**
 * The mutations given and, transitively, every later pending mutation that wrote or read a row
 * one of them wrote — its value may change — and, for one that runs again, every later one that
 * wrote what it reads: a re-run must see those rows as they were before the later mutations,
 * so they are taken out first and run again after it. In id order.
 */
export function closeForward(
  outbox: Outbox,
  ids: Iterable<number>,
  settledUpTo: number | null,
  clean: ReadonlySet<string>,
): number[] {
  const affected = new Set(ids);
  const readsUnknown = new Set(outbox.unknownFootprints().flatMap((entry) => (entry.readsKnown ? [] : [entry.id])));
  const order = [...affected].sort((a, b) => a - b);
  const none = new Set<string>();
  const add = (later: number) => {
    if (affected.has(later)) return;
    affected.add(later);
    insertSorted(order, later);
  };
  for (let index = 0; index < order.length; index++) {
    const id = order[index];
    if (id === undefined) break;
    const settled = settledUpTo !== null && id <= settledUpTo;
    // A settled mutation leaves a clean row as the server has it; a re-run may write it anew.
    for (const later of laterTouching(outbox, id, affected, settled ? clean : none)) add(later);
    if (settled) continue;
    // Reads not recorded (queued before they were): anything later may have written them.
    const writers = readsUnknown.has(id) ? outbox.idsAfter(id) : outbox.laterWritersOfReads(id);
    for (const later of writers) add(later);
  }
  return order;
}

/**
 * Later pending mutations, outside `known`, that wrote or read a row the mutation `id` wrote,
 * leaving out the rows in `skip`. Asked again after a re-run, for the rows it newly writes: a
 * decide that now takes another branch may write other rows than before.
 */
export function laterTouching(
  outbox: Outbox,
  id: number,
  known: ReadonlySet<number>,
  skip: ReadonlySet<string> = new Set(),
): number[] {
  const found = new Set<number>();
  for (const row of outbox.writtenRows(id)) {
    if (skip.has(rowKey(row.table, row.rowId))) continue;
    for (const later of outbox.touching(row.table, row.rowId, id)) if (!known.has(later)) found.add(later);
  }
  return [...found];
}

function cleanRows(replica: Replica, page: readonly PageRow[], settledUpTo: number): Set<string> {
  // A page may carry several versions of one row (a counter's own edit, then another's that won):
  // only the last one is what the row becomes, so only it can make the row clean.
  const last = new Map<string, PageRow>();
  for (const write of page) last.set(rowKey(write.table, write.id), write);
  const clean = new Set<string>();
  const store = replica.store();
  for (const { table, id, row } of last.values()) {
    const firstPending = replica.outbox.firstWriterAfter(table, id, settledUpTo);
    const boundary = firstPending === null ? store.get(table, id) : replica.outbox.imageBefore(firstPending, table, id);
    if (row === null ? boundary === null : boundary !== null && sameRow(table, boundary, row))
      clean.add(rowKey(table, id));
  }
  return clean;
}

function sameRow(table: TableName, a: Row, b: Row): boolean {
  for (const column of Object.keys(tableSpec(table).columns)) {
    const x = a[column] ?? null;
    const y = b[column] ?? null;
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || JSON.stringify(x) !== JSON.stringify(y)) return false;
  }
  return true;
}

/** Inserts into an ascending array (ids found later are larger than the one being visited). */
function insertSorted(order: number[], id: number): void {
  let low = 0;
  let high = order.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((order[middle] ?? Infinity) < id) low = middle + 1;
    else high = middle;
  }
  order.splice(low, 0, id);
}
