/**
 * Hand-built MutationContext objects and rows for the pure tests of decide and planChange: no
 * database, no clock, no randomness. Ids are deterministic so a test can name the id a decide
 * will take next. Not exported from the package index: tests import it by path.
 */
import { completeRow } from '../schema/codec.ts';
import { tableSpec, type Row, type TableName } from '../schema/tables.ts';
import type { EnvSource } from './env.ts';
import { planChange, type PlannedChange } from './plan.ts';
import type { Decision, MutationContext, Role } from './types.ts';

export const TEST_NOW = '2026-11-22T09:30:00.000Z';
export const TEST_HLC = '000001763803800000-00000-device1';

/** The n-th deterministic test id (a syntactically valid UUIDv7). */
export function testId(n: number): string {
  return `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`;
}

export const TENANT_A = testId(900_001);
export const TENANT_B = testId(900_002);
export const SITE_1 = testId(900_011);
export const SITE_2 = testId(900_012);
export const OWNER = testId(900_021);
export const STAFF = testId(900_022);

export interface TestContextOptions {
  readonly tenantId?: string;
  readonly deviceId?: string;
  readonly deviceCode?: string;
  readonly deviceSiteId?: string | null;
  readonly allowedSiteIds?: readonly string[] | null;
  readonly role?: Role;
  readonly userId?: string;
  readonly now?: string;
  /** First id newId hands out is testId(firstId); later ones count up. */
  readonly firstId?: number;
  /** First number nextSeq hands out per series (default 1). */
  readonly firstSeq?: Readonly<Record<string, number>>;
  /** Takes ids and sequence numbers from here instead (recordingEnv / replayingEnv). */
  readonly source?: EnvSource;
}

export interface TestContext extends MutationContext {
  /** Every id newId handed out, in order. */
  readonly issuedIds: string[];
  /** Every series nextSeq was asked for, in order. */
  readonly seqCalls: string[];
}

/** A staff member on a counter at SITE_1 of TENANT_A, unless told otherwise. */
export function testContext(options: TestContextOptions = {}): TestContext {
  let nextId = options.firstId ?? 1;
  const nextSeq: Record<string, number> = { ...options.firstSeq };
  const issuedIds: string[] = [];
  const seqCalls: string[] = [];
  const deviceSiteId = options.deviceSiteId === undefined ? SITE_1 : options.deviceSiteId;
  return {
    tenantId: options.tenantId ?? TENANT_A,
    deviceId: options.deviceId ?? testId(900_031),
    deviceCode: options.deviceCode ?? 'BLR1A',
    deviceSiteId,
    allowedSiteIds:
      options.allowedSiteIds === undefined ? (deviceSiteId ? [deviceSiteId] : null) : options.allowedSiteIds,
    actor: { userId: options.userId ?? STAFF, role: options.role ?? 'staff' },
    now: options.now ?? TEST_NOW,
    hlc: TEST_HLC,
    issuedIds,
    seqCalls,
    newId() {
      const id = options.source ? options.source.newId() : testId(nextId++);
      issuedIds.push(id);
      return id;
    },
    nextSeq(series) {
      seqCalls.push(series);
      if (options.source) return options.source.nextSeq(series);
      const value = nextSeq[series] ?? 1;
      nextSeq[series] = value + 1;
      return value;
    },
  };
}

/**
 * A complete stored row of `table` for the context's tenant (and its device's site), with every
 * column the registry names: absent nullable columns are null.
 */
export function testRow(table: TableName, values: Record<string, unknown>, ctx: MutationContext = testContext()): Row {
  const spec = tableSpec(table);
  return completeRow(spec, {
    tenant_id: ctx.tenantId,
    ...(spec.scope === 'site' ? { site_id: ctx.deviceSiteId ?? SITE_1 } : {}),
    created_at: '2026-11-01T08:00:00.000Z',
    updated_at: '2026-11-01T08:00:00.000Z',
    deleted_at: null,
    ...values,
  });
}

/**
 * Plans every change of a decision against the given existing rows (by id), as both stores do
 * before they write: proves the changes are well-formed rows the actor may write.
 */
export function planDecision(decision: Decision, existing: readonly Row[], ctx: MutationContext): PlannedChange[] {
  const byId = new Map(existing.map((row) => [row.id, row]));
  return decision.changes.map((change) => {
    const id = change.op === 'insert' ? String(change.row.id) : change.id;
    const planned = planChange(change, byId.get(id) ?? null, ctx);
    byId.set(planned.id, planned.after);
    return planned;
  });
}
