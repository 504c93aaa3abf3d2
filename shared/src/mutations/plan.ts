import { DomainError } from '../errors.ts';
import { checkRow, completeRow } from '../schema/codec.ts';
import { tableSpec, type Row } from '../schema/tables.ts';
import type { Change, MutationContext } from './types.ts';

/** Columns a mutation may never change on an existing row. */
const FROZEN_COLUMNS = new Set(['id', 'tenant_id', 'site_id', 'created_at']);

export interface PlannedChange {
  readonly table: Change['table'];
  readonly id: string;
  readonly before: Row | null;
  readonly after: Row;
  /** Columns whose value the change sets (for updates: only those in `set`). */
  readonly fields: readonly string[];
}

export function siteAllowed(ctx: Pick<MutationContext, 'allowedSiteIds'>, siteId: unknown): boolean {
  if (ctx.allowedSiteIds === null) return true;
  return typeof siteId === 'string' && ctx.allowedSiteIds.includes(siteId);
}

/**
 * Turns one change from `decide` into the full row to write, enforcing what no mutation may
 * break: tenant isolation, the actor's sites, frozen columns, column kinds. Both the counter and
 * the server apply changes only through this, so a mutation cannot forget a scope check.
 */
export function planChange(change: Change, existing: Row | null, ctx: MutationContext): PlannedChange {
  const spec = tableSpec(change.table);
  if (existing && existing.tenant_id !== ctx.tenantId) throw new DomainError('not-found', `${change.table} not found`);
  if (existing && spec.scope === 'site' && !siteAllowed(ctx, existing.site_id)) {
    throw new DomainError('forbidden', `no access to this ${change.table} row's site`);
  }
  switch (change.op) {
    case 'insert': {
      if (existing) throw new DomainError('conflict', `${change.table} ${String(change.row.id)} already exists`);
      // completeRow keeps only registry columns: check first, or a misspelt column would vanish silently.
      for (const key of Object.keys(change.row)) {
        if (!Object.hasOwn(spec.columns, key)) throw new DomainError('invalid', `${change.table} has no column ${key}`);
      }
      const row = completeRow(spec, {
        ...change.row,
        tenant_id: ctx.tenantId,
        created_at: ctx.now,
        updated_at: ctx.now,
        deleted_at: null,
      });
      if (spec.scope === 'site' && !siteAllowed(ctx, row.site_id)) {
        throw new DomainError('forbidden', `no access to site ${String(row.site_id)}`);
      }
      checkRow(spec, row);
      return { table: change.table, id: row.id, before: null, after: row, fields: Object.keys(spec.columns) };
    }
    case 'update': {
      if (!existing || existing.deleted_at) throw new DomainError('not-found', `${change.table} not found`);
      for (const key of Object.keys(change.set)) {
        if (FROZEN_COLUMNS.has(key)) throw new DomainError('invalid', `${change.table}.${key} cannot be changed`);
      }
      const after = { ...existing, ...change.set, updated_at: ctx.now } as Row;
      checkRow(spec, after);
      return { table: change.table, id: existing.id, before: existing, after, fields: Object.keys(change.set) };
    }
    case 'delete': {
      if (!existing || existing.deleted_at) throw new DomainError('not-found', `${change.table} not found`);
      const after = { ...existing, deleted_at: ctx.now, updated_at: ctx.now } as Row;
      return { table: change.table, id: existing.id, before: existing, after, fields: ['deleted_at'] };
    }
  }
}
