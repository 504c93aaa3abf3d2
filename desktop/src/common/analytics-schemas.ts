import Type, { type Static, type TSchema } from 'typebox';
import { JOB_STATUSES } from '@forecourt/shared/domain/jobs/status';
import { Nullable } from './schemas.ts';

/**
 * Schemas of the owner's and managers' figures (channels analytics:* and exports:*). They mirror
 * desktop/src/core/analytics/{dashboard,manager-dashboard,filters}.ts; core-handlers.ts assigns
 * the core's values to these types, so a change on either side shows up at compile time.
 */
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Minor = Type.Integer();
const Count = Type.Integer({ minimum: 0 });
/** Readonly in TypeScript, like the core's values; the same check at run time. */
const ListOf = <T extends TSchema>(item: T) => Type.Immutable(Type.Array(item));

export const JobStatusSchema = Type.Enum([...JOB_STATUSES]);

/** The dashboard's filters, shared by the exports. Days are the workshop's local days. */
export const FiltersSchema = Type.Object(
  {
    siteId: Type.Optional(Nullable(Id)),
    from: Type.Optional(Nullable(Day)),
    to: Type.Optional(Nullable(Day)),
    status: Type.Optional(Nullable(JobStatusSchema)),
    managerId: Type.Optional(Nullable(Id)),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type DashboardFilters = Static<typeof FiltersSchema>;

const MoneyFigures = {
  jobs: Count,
  revenueMinor: Minor,
  collectedMinor: Minor,
  unconfirmedMinor: Minor,
  outstandingMinor: Minor,
  balanceDueMinor: Minor,
};
export const MoneyFiguresSchema = Type.Object(MoneyFigures);

const ByStatus = Type.Record(Type.String(), Count);

export const OwnerDashboardSchema = Type.Object({
  currency: Type.String(),
  totals: Type.Object({ ...MoneyFigures, averageJobValueMinor: Minor }),
  byStatus: ByStatus,
  dailyRevenue: ListOf(Type.Object({ date: Day, jobs: Count, revenueMinor: Minor })),
  managers: ListOf(Type.Object({ ...MoneyFigures, managerId: Nullable(Type.String()), name: Type.String() })),
  sites: ListOf(Type.Object({ ...MoneyFigures, siteId: Type.String(), name: Type.String() })),
});
export type OwnerDashboardView = Static<typeof OwnerDashboardSchema>;

export const PaymentLineSchema = Type.Object({
  paymentId: Type.String(),
  jobId: Nullable(Type.String()),
  jobNumber: Nullable(Type.String()),
  customerName: Nullable(Type.String()),
  kind: Type.String(),
  method: Type.String(),
  amountMinor: Minor,
  status: Type.String(),
  recordedAt: Type.String(),
});
export type PaymentLineView = Static<typeof PaymentLineSchema>;

/** The total and count of every matching payment; `payments` lists the newest (at most 200). */
const PaymentGroup = Type.Object({ totalMinor: Minor, count: Count, payments: ListOf(PaymentLineSchema) });

export const ManagerDashboardSchema = Type.Object({
  currency: Type.String(),
  jobs: MoneyFiguresSchema,
  byStatus: ByStatus,
  awaitingConfirmation: PaymentGroup,
  cashNotSettled: PaymentGroup,
  settlementsAwaitingOwner: ListOf(
    Type.Object({ settlementId: Type.String(), amountMinor: Minor, payments: Count, createdAt: Type.String() }),
  ),
});
export type ManagerDashboardView = Static<typeof ManagerDashboardSchema>;

export const ExportKindSchema = Type.Union([
  Type.Literal('jobs'),
  Type.Literal('payments'),
  Type.Literal('settlements'),
]);

export const WorkbookRequestSchema = Type.Object(
  { kind: ExportKindSchema, filters: FiltersSchema },
  { additionalProperties: false },
);

/** An .xlsx file as base64 (at most a few MB for a garage's year), with its row count. */
export const WorkbookSchema = Type.Object({ fileName: Type.String(), base64: Type.String(), rows: Count });
