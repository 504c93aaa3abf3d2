import type { Static, TSchema } from 'typebox';
import type { Row, TableName } from '../schema/tables.ts';

export const ROLES = ['owner', 'manager', 'staff', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
export const WRITE_ROLES: readonly Role[] = ['owner', 'manager', 'staff'];
export const MANAGE_ROLES: readonly Role[] = ['owner', 'manager'];
export const OWNER_ONLY: readonly Role[] = ['owner'];

export interface Actor {
  readonly userId: string;
  readonly role: Role;
}

/**
 * What a mutation may not compute itself because it would differ between the counter and the
 * server: the time, fresh ids and device sequence numbers. The counter records them when it runs
 * the mutation first; the server and every rebase replay the same values.
 */
export interface MutationEnv {
  now: string;
  ids: string[];
  seqs: Record<string, number[]>;
}

export interface MutationContext {
  readonly tenantId: string;
  readonly deviceId: string;
  /** Short code of the device, used in the numbers it assigns (e.g. `BLR1A`). */
  readonly deviceCode: string;
  /** The device's own site; null for an owner's all-sites device. */
  readonly deviceSiteId: string | null;
  /** Sites this actor may touch on this device; null means every site of the tenant. */
  readonly allowedSiteIds: readonly string[] | null;
  readonly actor: Actor;
  readonly now: string;
  readonly hlc: string;
  newId(): string;
  nextSeq(series: string): number;
  /**
   * True on the sync server, which has the final word (DESIGN §4): a decide may take the
   * authority's branch there (confirm a booking) and the provisional one on a counter.
   */
  readonly authoritative?: boolean;
}

export type Scalar = string | number | boolean | null;

export type ReadRequest =
  | { readonly kind: 'get'; readonly table: TableName; readonly id: string | null | undefined }
  | {
      readonly kind: 'find';
      readonly table: TableName;
      readonly where: Readonly<Record<string, Scalar>>;
      readonly orderBy?: string;
      readonly limit?: number;
    };

export type ReadResult<R extends ReadRequest> = R extends { kind: 'get' } ? Row | null : Row[];
export type ReadSpec = Readonly<Record<string, ReadRequest>>;
export type LoadedState<S extends ReadSpec> = { -readonly [K in keyof S]: ReadResult<S[K]> };

export type Change =
  | { readonly op: 'insert'; readonly table: TableName; readonly row: Readonly<Record<string, unknown>> }
  | {
      readonly op: 'update';
      readonly table: TableName;
      readonly id: string;
      readonly set: Readonly<Record<string, unknown>>;
    }
  | { readonly op: 'delete'; readonly table: TableName; readonly id: string };

export interface Decision {
  readonly changes: readonly Change[];
  /** What the caller gets back, typically the ids created. */
  readonly result?: Readonly<Record<string, unknown>>;
}

export interface MutationDef<S extends TSchema = TSchema, R extends ReadSpec = ReadSpec> {
  readonly name: string;
  readonly description: string;
  readonly input: S;
  readonly roles: readonly Role[];
  load(input: Static<S>, ctx: MutationContext): R;
  decide(input: Static<S>, state: LoadedState<R>, ctx: MutationContext): Decision;
}

/** Keeps the input and state types of a mutation tied together while it is written. */
export function defineMutation<S extends TSchema, R extends ReadSpec>(def: MutationDef<S, R>): MutationDef<S, R> {
  return def;
}

export const get = (table: TableName, id: string | null | undefined) => ({ kind: 'get', table, id }) as const;
export const find = (
  table: TableName,
  where: Record<string, Scalar>,
  options: { orderBy?: string; limit?: number } = {},
) => ({ kind: 'find', table, where, ...options }) as const;

export const insert = (table: TableName, row: Record<string, unknown>): Change => ({ op: 'insert', table, row });
export const update = (table: TableName, id: string, set: Record<string, unknown>): Change => ({
  op: 'update',
  table,
  id,
  set,
});
export const remove = (table: TableName, id: string): Change => ({ op: 'delete', table, id });
