import Type from 'typebox';
import { DomainError } from '../../errors.ts';
import { defineMutation, get, insert, update, WRITE_ROLES, type Change } from '../../mutations/types.ts';
import type { MutationContext } from '../../mutations/types.ts';
import { Id, IsoTime, OptionalText, presentFields, requireFound, targetSite } from '../common.ts';
import { canMoveJob, isJobStatus, JOB_STATUSES, allowedNextStatuses } from './status.ts';

const JOB_FIELDS = {
  concern: 'concern',
  findings: 'findings',
  estimateMinor: 'estimate_minor',
  odometerIn: 'odometer_in',
  assignedTo: 'assigned_to',
  promisedAt: 'promised_at',
  keyTag: 'key_tag',
  fuelLevelIn: 'fuel_level_in',
  partsRequired: 'parts_required',
  internalNotes: 'internal_notes',
  workerName: 'worker_name',
} as const;

const details = {
  concern: OptionalText(4000),
  findings: OptionalText(4000),
  estimateMinor: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
  odometerIn: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
  assignedTo: Type.Optional(Type.Union([Id, Type.Null()])),
  promisedAt: Type.Optional(Type.Union([IsoTime, Type.Null()])),
  keyTag: OptionalText(20),
  /** Eighths of a tank at intake. */
  fuelLevelIn: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 8 }), Type.Null()])),
  partsRequired: OptionalText(2000),
  internalNotes: OptionalText(4000),
  workerName: OptionalText(120),
};

/** Job-card numbers are per device so that two offline counters never hand out the same one. */
export function formatJobNumber(deviceCode: string, sequence: number): string {
  return `${deviceCode}-${String(sequence).padStart(5, '0')}`;
}

function timelineEntry(
  ctx: MutationContext,
  job: { id: string; site_id?: unknown },
  entry: { kind: string; body?: string | null; from_status?: string | null; to_status?: string | null },
): Change {
  return insert('job_updates', {
    id: ctx.newId(),
    site_id: job.site_id,
    job_id: job.id,
    author_id: ctx.actor.userId,
    ...entry,
  });
}

export const jobCreate = defineMutation({
  name: 'job.create',
  description: 'Open a job card for a customer (and vehicle)',
  roles: WRITE_ROLES,
  input: Type.Object(
    { siteId: Type.Optional(Id), customerId: Id, vehicleId: Type.Optional(Type.Union([Id, Type.Null()])), ...details },
    { additionalProperties: false },
  ),
  load: (input, ctx) => ({
    customer: get('customers', input.customerId),
    vehicle: get('vehicles', input.vehicleId),
    tenant: get('tenants', ctx.tenantId),
  }),
  decide(input, state, ctx) {
    const customer = requireFound(state.customer, 'customer');
    const siteId = targetSite(input, ctx);
    if (customer.site_id !== siteId) throw new DomainError('invalid', 'the customer belongs to another site');
    if (input.vehicleId) {
      const vehicle = requireFound(state.vehicle, 'vehicle');
      if (vehicle.site_id !== siteId) throw new DomainError('invalid', 'the vehicle belongs to another site');
    }
    const id = ctx.newId();
    const job = {
      id,
      site_id: siteId,
      number: formatJobNumber(ctx.deviceCode, ctx.nextSeq('job')),
      customer_id: customer.id,
      vehicle_id: input.vehicleId ?? null,
      status: 'pending',
      currency: typeof state.tenant?.currency === 'string' ? state.tenant.currency : 'INR',
      ...presentFields(input, JOB_FIELDS),
      // The manager the job's analytics count it for.
      created_by: ctx.actor.userId,
    };
    return {
      changes: [insert('jobs', job), timelineEntry(ctx, job, { kind: 'created', to_status: 'pending' })],
      result: { jobId: id, number: job.number },
    };
  },
});

export const jobUpdate = defineMutation({
  name: 'job.update',
  description: 'Change some fields of an open job card',
  roles: WRITE_ROLES,
  input: Type.Object({ jobId: Id, ...details }, { additionalProperties: false }),
  load: (input) => ({ job: get('jobs', input.jobId) }),
  decide(input, state, ctx) {
    const job = requireFound(state.job, 'job');
    if (job.status === 'delivered' || job.status === 'cancelled') {
      throw new DomainError('conflict', `job ${String(job.number)} is ${String(job.status)} and can no longer change`);
    }
    const set = presentFields(input, JOB_FIELDS);
    const fields = Object.keys(set);
    if (fields.length === 0) throw new DomainError('invalid', 'job.update: nothing to change');
    return {
      changes: [update('jobs', job.id, set), timelineEntry(ctx, job, { kind: 'edit', body: fields.join(', ') })],
    };
  },
});

export const jobSetStatus = defineMutation({
  name: 'job.setStatus',
  description: 'Move a job to its next status; cancelling needs a reason',
  roles: WRITE_ROLES,
  input: Type.Object(
    {
      jobId: Id,
      // Enum, not Union over a mapped array: the array's Static type is never, the enum's is JobStatus.
      status: Type.Enum(JOB_STATUSES),
      reason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    },
    { additionalProperties: false },
  ),
  load: (input) => ({ job: get('jobs', input.jobId) }),
  decide(input, state, ctx) {
    const job = requireFound(state.job, 'job');
    const from = job.status;
    if (!isJobStatus(from)) throw new DomainError('conflict', `job has an unknown status ${String(from)}`);
    if (!canMoveJob(from, input.status)) {
      const allowed = allowedNextStatuses(from);
      throw new DomainError(
        'conflict',
        `a ${from} job cannot become ${input.status}` + (allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''),
      );
    }
    if (input.status === 'cancelled' && !input.reason) throw new DomainError('invalid', 'say why the job is cancelled');
    const set: Record<string, unknown> = { status: input.status };
    if (input.status === 'cancelled') set.cancel_reason = input.reason;
    if (input.status === 'delivered') set.delivered_at = ctx.now;
    return {
      changes: [
        update('jobs', job.id, set),
        timelineEntry(ctx, job, {
          kind: 'status',
          from_status: from,
          to_status: input.status,
          body: input.reason ?? null,
        }),
      ],
    };
  },
});

export const jobAddNote = defineMutation({
  name: 'job.addNote',
  description: 'Add a note to the job timeline',
  roles: WRITE_ROLES,
  input: Type.Object(
    { jobId: Id, body: Type.String({ minLength: 1, maxLength: 4000 }) },
    { additionalProperties: false },
  ),
  load: (input) => ({ job: get('jobs', input.jobId) }),
  decide(input, state, ctx) {
    const job = requireFound(state.job, 'job');
    const noteId = ctx.newId();
    return {
      changes: [
        insert('job_updates', {
          id: noteId,
          site_id: job.site_id,
          job_id: job.id,
          author_id: ctx.actor.userId,
          kind: 'note',
          body: input.body.trim(),
        }),
      ],
      result: { updateId: noteId },
    };
  },
});
