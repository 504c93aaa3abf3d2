import type Database from 'better-sqlite3';
import type { JobStatus } from '@forecourt/shared';
import { ownerDashboard, type MoneyFigures } from './dashboard.ts';
import type { AnalyticsFilters } from './filters.ts';
import { PAYMENT_NET_SQL } from './payment-sql.ts';

/**
 * A manager's own view: their jobs (opened by them) by status with their money, the payments they
 * recorded that still wait for the owner's confirmation, and the cash they hold that no
 * settlement covers yet (what they should hand over next), plus settlements awaiting the owner.
 */
export interface PaymentLine {
  readonly paymentId: string;
  readonly jobId: string | null;
  readonly jobNumber: string | null;
  readonly customerName: string | null;
  readonly kind: string;
  readonly method: string;
  readonly amountMinor: number;
  readonly status: string;
  readonly recordedAt: string;
}

export interface ManagerDashboard {
  readonly currency: string;
  readonly jobs: MoneyFigures;
  readonly byStatus: Readonly<Record<JobStatus, number>>;
  readonly awaitingConfirmation: PaymentGroup;
  readonly cashNotSettled: PaymentGroup;
  readonly settlementsAwaitingOwner: ReadonlyArray<{
    settlementId: string;
    amountMinor: number;
    payments: number;
    createdAt: string;
  }>;
}

/**
 * The total and count of every matching payment, and the newest `listLimit` of them as lines: a
 * manager who let months of cash pile up must not send tens of thousands of lines to a screen
 * (a settlement takes at most 200 payments anyway).
 */
export interface PaymentGroup {
  readonly totalMinor: number;
  readonly count: number;
  readonly payments: readonly PaymentLine[];
}

/** Lines per list unless the caller asks otherwise. */
export const PAYMENT_LIST_LIMIT = 200;

interface RawPayment {
  paymentId: string;
  jobId: string | null;
  jobNumber: string | null;
  customerName: string | null;
  kind: string;
  method: string;
  amountMinor: number;
  status: string;
  recordedAt: string;
}

function paymentGroup(
  db: Database.Database,
  tenantId: string,
  managerId: string,
  condition: string,
  siteId: string | null,
  limit: number,
): PaymentGroup {
  const where = `p.tenant_id = @tenant AND p.recorded_by = @manager AND p.deleted_at IS NULL AND ${condition}
    ${siteId ? 'AND p.site_id = @site' : ''}`;
  const params = { tenant: tenantId, manager: managerId, ...(siteId ? { site: siteId } : {}) };
  const sums = db
    .prepare<Record<string, string>, { total: number | null; n: number }>(
      `SELECT SUM(${PAYMENT_NET_SQL}) AS total, COUNT(*) AS n FROM payments p WHERE ${where}`,
    )
    .get(params);
  const payments = db
    .prepare<Record<string, string | number>, RawPayment>(
      // The newest lines are picked before the joins, so only those few rows meet jobs and customers.
      `SELECT p.id AS paymentId, p.job_id AS jobId, j.number AS jobNumber, c.name AS customerName, p.kind, p.method,
         ${PAYMENT_NET_SQL} AS amountMinor, p.status, p.created_at AS recordedAt
       FROM (SELECT * FROM payments p WHERE ${where} ORDER BY p.created_at DESC LIMIT @limit) p
       LEFT JOIN jobs j ON j.id = p.job_id LEFT JOIN customers c ON c.id = j.customer_id
       ORDER BY p.created_at DESC`,
    )
    .all({ ...params, limit });
  return { totalMinor: sums?.total ?? 0, count: sums?.n ?? 0, payments };
}

export function managerDashboard(
  db: Database.Database,
  tenantId: string,
  managerId: string,
  filters: AnalyticsFilters,
  options: { today: string; listLimit?: number },
): ManagerDashboard {
  const own = ownerDashboard(db, tenantId, { ...filters, managerId }, options);
  const siteId = filters.siteId ?? null;
  const limit = options.listLimit ?? PAYMENT_LIST_LIMIT;
  const awaiting = paymentGroup(db, tenantId, managerId, "p.status = 'unconfirmed'", siteId, limit);
  const cash = paymentGroup(
    db,
    tenantId,
    managerId,
    "p.method = 'cash' AND p.kind <> 'refund' AND p.settlement_id IS NULL AND p.status IN ('unconfirmed', 'confirmed')",
    siteId,
    limit,
  );
  const settlements = db
    .prepare<[string, string], { settlementId: string; amountMinor: number; paymentIds: string; createdAt: string }>(
      `SELECT id AS settlementId, amount_minor AS amountMinor, payment_ids AS paymentIds, created_at AS createdAt
       FROM settlements WHERE tenant_id = ? AND manager_id = ? AND status = 'submitted' AND deleted_at IS NULL ORDER BY created_at DESC`,
    )
    .all(tenantId, managerId);
  return {
    currency: own.currency,
    jobs: own.totals,
    byStatus: own.byStatus,
    awaitingConfirmation: awaiting,
    cashNotSettled: cash,
    settlementsAwaitingOwner: settlements.map((row) => ({
      settlementId: row.settlementId,
      amountMinor: row.amountMinor,
      payments: countIds(row.paymentIds),
      createdAt: row.createdAt,
    })),
  };
}

function countIds(json: string): number {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.length : 0;
}
