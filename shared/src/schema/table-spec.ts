/** Column and table specifications of the table registry (tables.ts). */
export type ColumnKind = 'id' | 'text' | 'int' | 'bool' | 'json' | 'time';

export interface ColumnSpec {
  readonly kind: ColumnKind;
  readonly nullable: boolean;
}

/** `tenant` rows reach every device of the tenant; `site` rows only devices whose scope holds the site. */
export type TableScope = 'tenant' | 'site';

export interface TableSpec {
  readonly name: string;
  readonly scope: TableScope;
  readonly columns: Readonly<Record<string, ColumnSpec>>;
}

export const req = (kind: ColumnKind): ColumnSpec => ({ kind, nullable: false });
export const opt = (kind: ColumnKind): ColumnSpec => ({ kind, nullable: true });

/** A replicated table: id, tenant_id, (site_id), its own columns, then the timestamps and tombstone. */
export function table(name: string, scope: TableScope, own: Record<string, ColumnSpec>): TableSpec {
  const columns: Record<string, ColumnSpec> = {
    id: req('id'),
    tenant_id: req('id'),
    ...(scope === 'site' ? { site_id: req('id') } : {}),
    ...own,
    created_at: req('time'),
    updated_at: req('time'),
    deleted_at: opt('time'),
  };
  return { name, scope, columns };
}

/** A replicated row as both stores hand it out: decoded, JSON values parsed, booleans as booleans. */
export type RowValue = string | number | boolean | null | RowJson;
export type RowJson = { [key: string]: unknown } | unknown[];
export type Row = { id: string; tenant_id: string; [column: string]: RowValue | undefined };
