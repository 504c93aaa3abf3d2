import type { Row } from '@forecourt/shared/schema/tables';
import { formatDateTime, text, type Locale } from '../../../lib/format.ts';

const PURPOSES: Readonly<Record<string, string>> = {
  job_ready: 'SMS: vehicle ready',
  payment_receipt: 'SMS: payment receipt',
  'payment-link': 'SMS: payment link',
};

/** Twilio's statuses as the counter says them; `accepted` means Twilio took it and will send it. */
const STATUSES: Readonly<Record<string, string>> = {
  queued: 'Queued',
  sending: 'Sending',
  accepted: 'Sent to Twilio',
  sent: 'Sent',
  delivered: 'Delivered',
  undelivered: 'Not delivered',
  failed: 'Failed',
  ambiguous: 'Unknown: not sent again',
  not_sent: "Not sent: this month's SMS allowance of the plan is used up",
};

const FAILED = new Set(['undelivered', 'failed', 'ambiguous', 'not_sent']);

/** One SMS to the customer in the job's timeline: what, to whom, its last status and when. */
export function JobMessageItem(props: { message: Row; locale: Locale }) {
  const { message } = props;
  const status = text(message.status);
  const purpose = PURPOSES[text(message.purpose)] ?? 'SMS';
  const error =
    FAILED.has(status) && message.error_code && status !== 'not_sent' ? ` (error ${text(message.error_code)})` : '';
  return (
    <li className={`timeline-item kind-message${FAILED.has(status) ? ' message-failed' : ''}`}>
      <div className="timeline-meta">
        <span className="strong">
          {purpose} to {text(message.to_phone)}
        </span>
        <span className="muted small">
          {' '}
          · {STATUSES[status] ?? status}
          {error} · {formatDateTime(message.status_at ?? message.created_at, props.locale)}
        </span>
      </div>
      <div className="timeline-body pre">{text(message.body)}</div>
    </li>
  );
}

/** Timeline updates and messages of a job in one list, newest first (ISO times sort as text). */
export function mergeTimeline(
  updates: readonly Row[],
  messages: readonly Row[],
): Array<{ kind: 'update' | 'message'; row: Row }> {
  const entries = [
    ...updates.map((row) => ({ kind: 'update' as const, row })),
    ...messages.map((row) => ({ kind: 'message' as const, row })),
  ];
  return entries.sort((a, b) => text(b.row.created_at).localeCompare(text(a.row.created_at)));
}
