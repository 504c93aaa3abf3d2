import { createHash } from 'node:crypto';
import { uuidv7, type Row } from '@forecourt/shared';
import { normalisePhone } from '@forecourt/shared/domain/garage/phone';
import type { Logger } from 'pino';
import type { Database } from '../../db/database.ts';
import type { AppliedListener, AppliedMutation } from '../../sync/types.ts';
import type { SmsRequest } from '../providers/twilio/sms.ts';
import { jobReadyText, paymentReceiptText, type CustomerMessagePurpose, type JobFacts } from './text.ts';

export interface CustomerMessageDeps {
  readonly db: Database;
  readonly logger: Logger;
  readonly sendSms: (request: SmsRequest) => Promise<{ messageId: string; status: string }>;
}

/** A pushed change the customer hears about: a job moved to ready, or a payment confirmed. */
export interface CustomerMessageTrigger {
  readonly purpose: CustomerMessagePurpose;
  readonly jobId: string;
  /** The job or payment the message is about: with the purpose, it fixes the message id. */
  readonly subject: Row;
  readonly actorId: string;
}

const RECEIPT_MUTATIONS = new Set(['payment.confirm', 'payment.record']);

/**
 * The messages due for what a push applied. Only the rows the mutation itself wrote count (a
 * field lost to a concurrent edit shows up as the unchanged row, whose status says so); an owner's
 * payment.record is confirmed at once and so gets a receipt too. Refunds get none.
 */
export function customerMessageTriggers(applied: readonly AppliedMutation[]): CustomerMessageTrigger[] {
  const triggers: CustomerMessageTrigger[] = [];
  for (const { mutation, rows } of applied) {
    for (const { table, row } of rows) {
      if (!row) continue;
      const actorId = mutation.actorId;
      if (mutation.name === 'job.setStatus' && table === 'jobs' && row.status === 'ready') {
        triggers.push({ purpose: 'job_ready', jobId: String(row.id), subject: row, actorId });
      }
      const isReceipt = RECEIPT_MUTATIONS.has(mutation.name) && table === 'payments' && row.status === 'confirmed';
      if (isReceipt && typeof row.job_id === 'string' && row.kind !== 'refund') {
        triggers.push({ purpose: 'payment_receipt', jobId: row.job_id, subject: row, actorId });
      }
    }
  }
  return triggers;
}

/**
 * One message per (purpose, job or payment), whatever happens: the id is a UUIDv7 whose time is
 * the subject's creation and whose random part is a hash of purpose and subject id. A replayed
 * push, a second device confirming the same payment, or a job that goes back to work and becomes
 * ready again all land on the same id, and requestSms sends an existing id never again.
 */
export function customerMessageId(purpose: CustomerMessagePurpose, subject: Row): string {
  const createdMs = Date.parse(String(subject.created_at));
  const hash = createHash('sha256')
    .update(`${purpose}:${String(subject.id)}`)
    .digest();
  return uuidv7(Number.isFinite(createdMs) ? createdMs : 0, hash.subarray(0, 10));
}

/** Listens to pushes; queues each due message after the push committed and logs what it could not queue. */
export function customerMessages(deps: CustomerMessageDeps): AppliedListener {
  return async (device, applied) => {
    for (const trigger of customerMessageTriggers(applied)) {
      try {
        await queueMessage(deps, device.tenantId, trigger);
      } catch (error) {
        deps.logger.warn(
          { err: error, tenantId: device.tenantId, jobId: trigger.jobId, purpose: trigger.purpose },
          'customer sms not queued',
        );
      }
    }
  };
}

interface JobContext extends JobFacts {
  readonly siteId: string;
  readonly customerId: string | null;
  readonly phone: string | null;
}

async function queueMessage(deps: CustomerMessageDeps, tenantId: string, trigger: CustomerMessageTrigger) {
  const log = { tenantId, jobId: trigger.jobId, purpose: trigger.purpose };
  const job = await loadJob(deps.db, tenantId, trigger.jobId);
  if (!job) return deps.logger.warn(log, 'customer sms skipped: the job is not there');
  const to = customerPhone(job);
  if (!to) return deps.logger.info(log, 'customer sms skipped: the customer has no usable phone number');
  const body =
    trigger.purpose === 'job_ready'
      ? jobReadyText(job)
      : paymentReceiptText(job, Number(trigger.subject.amount_minor), String(trigger.subject.currency));
  const sent = await deps.sendSms({
    messageId: customerMessageId(trigger.purpose, trigger.subject),
    tenantId,
    siteId: job.siteId,
    to,
    body,
    purpose: trigger.purpose,
    customerId: job.customerId,
    jobId: trigger.jobId,
    sentBy: trigger.actorId,
  });
  deps.logger.info({ ...log, messageId: sent.messageId, status: sent.status }, 'customer sms requested');
}

/** The customer's phone in E.164, or null when there is none or it is not a phone number. */
function customerPhone(job: JobContext): string | null {
  if (!job.phone?.trim()) return null;
  if (job.country !== 'IN' && job.country !== 'CH') return /^\+[1-9][0-9]{6,14}$/.test(job.phone) ? job.phone : null;
  try {
    return normalisePhone(job.phone, job.country);
  } catch {
    // A number intake accepted long ago that no longer passes: skipped like a missing one.
    return null;
  }
}

async function loadJob(db: Database, tenantId: string, jobId: string): Promise<JobContext | null> {
  const result = await db.query<{
    number: string;
    site_id: string;
    customer_id: string | null;
    phone: string | null;
    workshop: string;
    country: string;
    registration: string | null;
  }>(
    `SELECT j.number, j.site_id, j.customer_id, c.phone, s.name AS workshop, t.country, v.registration
     FROM jobs j
     JOIN sites s ON s.id = j.site_id
     JOIN tenants t ON t.id = j.tenant_id
     LEFT JOIN customers c ON c.id = j.customer_id AND c.deleted_at IS NULL
     LEFT JOIN vehicles v ON v.id = j.vehicle_id
     WHERE j.id = $1 AND j.tenant_id = $2`,
    [jobId, tenantId],
  );
  const row = result.rows[0];
  if (!row) return null;
  return {
    siteId: row.site_id,
    customerId: row.customer_id,
    phone: row.phone,
    workshop: row.workshop,
    country: row.country,
    jobNumber: row.number,
    registration: row.registration,
  };
}
