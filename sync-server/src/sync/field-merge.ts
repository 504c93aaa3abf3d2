import { compareHlc, uuidv7, type PlannedChange, type Row } from '@forecourt/shared';
import type { Queryable } from '../db/database.ts';

export interface WriterInfo {
  readonly clientId: string;
  readonly actorId: string;
  readonly hlc: string;
  /** The change-log version the counter had seen when the mutation was made. */
  readonly baseVersion: number;
  readonly now: string;
}

interface FieldClock {
  field: string;
  hlc: string;
  version: number;
  client_id: string;
  actor_id: string;
}

export interface FieldEdit {
  readonly table: string;
  readonly id: string;
  readonly fields: readonly string[];
  readonly writer: WriterInfo;
}

export interface MergeResult {
  /** The row to write, with the fields that lost the race put back; null if nothing is left to write. */
  readonly row: Row | null;
  readonly conflicts: Row[];
  readonly appliedFields: readonly string[];
}

/**
 * Per-field last-writer-wins for updates (DESIGN §4.5). A field edit is concurrent with the last
 * one when that was made by another counter after the version this counter had seen: then the
 * later HLC wins, and the losing value is kept in a conflict record. Sequential edits just apply.
 */
export async function mergeFieldEdits(
  tx: Queryable,
  planned: PlannedChange,
  writer: WriterInfo,
  conflictSiteId: string | null,
  /** The row is new in this transaction: it has no field clocks yet (they are saved at its end). */
  newInTransaction = false,
): Promise<MergeResult> {
  const before = planned.before;
  if (!before || planned.fields.includes('deleted_at')) {
    return { row: planned.after, conflicts: [], appliedFields: planned.fields };
  }
  const clocks = newInTransaction
    ? new Map<string, FieldClock>()
    : await loadClocks(tx, planned.table, planned.id, planned.fields);
  const row: Record<string, unknown> = { ...planned.after };
  const conflicts: Row[] = [];
  const applied: string[] = [];
  for (const field of planned.fields) {
    const clock = clocks.get(field);
    const concurrent = clock !== undefined && clock.client_id !== writer.clientId && clock.version > writer.baseVersion;
    if (!concurrent) {
      applied.push(field);
      continue;
    }
    const incomingWins = compareHlc(writer.hlc, clock.hlc) > 0;
    if (incomingWins) applied.push(field);
    else row[field] = before[field];
    if (conflictSiteId && !sameValue(before[field], planned.after[field])) {
      const loser = incomingWins
        ? { value: before[field], hlc: clock.hlc, actor: clock.actor_id }
        : { value: planned.after[field], hlc: writer.hlc, actor: writer.actorId };
      const winner = incomingWins
        ? { value: planned.after[field], hlc: writer.hlc, actor: writer.actorId }
        : { value: before[field], hlc: clock.hlc, actor: clock.actor_id };
      conflicts.push(conflictRow(planned, field, conflictSiteId, loser, winner, writer.now));
    }
  }
  if (applied.length === 0) return { row: null, conflicts, appliedFields: [] };
  return { row: row as Row, conflicts, appliedFields: applied };
}

/**
 * Records the last writer of every field edited in this transaction. When one batch edits a field
 * twice, the later edit is the one kept (a single upsert may not touch a row twice).
 */
export async function saveFieldClocks(
  tx: Queryable,
  tenantId: string,
  version: number,
  edits: readonly FieldEdit[],
): Promise<void> {
  const latest = new Map<string, { table: string; id: string; field: string; writer: WriterInfo }>();
  for (const edit of edits) {
    for (const field of edit.fields) latest.set(`${edit.table}\u0000${edit.id}\u0000${field}`, { ...edit, field });
  }
  if (latest.size === 0) return;
  const rows = [...latest.values()];
  await tx.query(
    `INSERT INTO field_clock (table_name, row_id, field, tenant_id, hlc, version, client_id, actor_id)
     SELECT t, r, f, $1, h, $2, c, a
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS s(t, r, f, h, c, a)
     ON CONFLICT (table_name, row_id, field) DO UPDATE
       SET hlc = excluded.hlc, version = excluded.version, client_id = excluded.client_id, actor_id = excluded.actor_id`,
    [
      tenantId,
      version,
      rows.map((row) => row.table),
      rows.map((row) => row.id),
      rows.map((row) => row.field),
      rows.map((row) => row.writer.hlc),
      rows.map((row) => row.writer.clientId),
      rows.map((row) => row.writer.actorId),
    ],
  );
}

async function loadClocks(
  tx: Queryable,
  table: string,
  id: string,
  fields: readonly string[],
): Promise<Map<string, FieldClock>> {
  const result = await tx.query<FieldClock>(
    'SELECT field, hlc, version, client_id, actor_id FROM field_clock WHERE table_name = $1 AND row_id = $2 AND field = ANY($3::text[])',
    [table, id, fields],
  );
  return new Map(result.rows.map((clock) => [clock.field, { ...clock, version: Number(clock.version) }]));
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function conflictRow(
  planned: PlannedChange,
  field: string,
  siteId: string,
  loser: { value: unknown; hlc: string; actor: string },
  winner: { value: unknown; hlc: string; actor: string },
  now: string,
): Row {
  return {
    id: uuidv7(),
    tenant_id: planned.after.tenant_id,
    site_id: siteId,
    table_name: planned.table,
    row_id: planned.id,
    field,
    // JSON columns hold any value; wrap scalars so that null, strings and numbers all survive.
    losing_value: { value: loser.value ?? null },
    losing_hlc: loser.hlc,
    losing_actor_id: loser.actor,
    winning_value: { value: winner.value ?? null },
    winning_hlc: winner.hlc,
    winning_actor_id: winner.actor,
    resolution: null,
    resolved_by: null,
    resolved_at: null,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  };
}
