export const JOB_STATUSES = [
  'pending',
  'in_progress',
  'waiting_for_parts',
  'on_hold',
  'ready',
  'delivered',
  'cancelled',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** The workshop flow. Cancellation (with a reason) is allowed from every open status. */
const NEXT: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  pending: ['in_progress', 'cancelled'],
  in_progress: ['waiting_for_parts', 'on_hold', 'ready', 'cancelled'],
  waiting_for_parts: ['in_progress', 'cancelled'],
  on_hold: ['in_progress', 'cancelled'],
  ready: ['delivered', 'in_progress', 'cancelled'],
  delivered: [],
  cancelled: [],
};

export function allowedNextStatuses(from: JobStatus): readonly JobStatus[] {
  return NEXT[from];
}

export function canMoveJob(from: JobStatus, to: JobStatus): boolean {
  return NEXT[from].includes(to);
}

export function isJobStatus(value: unknown): value is JobStatus {
  return typeof value === 'string' && (JOB_STATUSES as readonly string[]).includes(value);
}

export function isOpenJobStatus(status: JobStatus): boolean {
  return status !== 'delivered' && status !== 'cancelled';
}
