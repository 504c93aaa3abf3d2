import { useState } from 'react';
import { useReference } from '../../../app/reference.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { CALL_STATUS_LABELS, OPERATION_LABELS, RETRYABLE_CALL, providerName, statusPill } from '../labels.ts';
import { useRetry, useServerData } from '../use-server-data.ts';
import { LoadProblem } from './LoadProblem.tsx';
import { Pager } from './Pager.tsx';

/**
 * What the server asked of providers (payment links, refunds, SMS, signatures), newest first.
 * Failed calls retry under their original idempotency key, so a retry never doubles a charge.
 * An "unknown outcome" (a send that may have happened) is not retried from here: the provider's
 * own records say whether it went out.
 */
export function OutboundCallsPanel(props: { onChanged: () => void }) {
  const { locale } = useReference();
  const [page, setPage] = useState(1);
  const calls = useServerData('integrations:calls', { page });
  const { busy, retry } = useRetry('integrations:retryCall', 'The call is queued again.', () => {
    calls.reload();
    props.onChanged();
  });

  return (
    <div className="panel">
      <div className="section-head integrations-head">
        <h2>Calls to providers</h2>
        <button type="button" className="button small ghost" onClick={calls.reload} disabled={calls.loading}>
          Refresh
        </button>
      </div>
      {calls.error ? <LoadProblem error={calls.error} onRetry={calls.reload} /> : null}
      {calls.data && calls.data.items.length === 0 ? <div className="empty">No calls to providers yet.</div> : null}
      {calls.data && calls.data.items.length > 0 ? (
        <table className="table" data-testid="call-log">
          <thead>
            <tr>
              <th>Asked</th>
              <th>Provider</th>
              <th>What</th>
              <th>Status</th>
              <th className="num">Attempts</th>
              <th>Last error</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {calls.data.items.map((call) => (
              <tr key={call.id}>
                <td className="nowrap">{formatDateTime(call.createdAt, locale)}</td>
                <td>{providerName(call.provider)}</td>
                <td>{OPERATION_LABELS[call.operation] ?? call.operation}</td>
                <td>
                  <span className={statusPill(call.status)}>{CALL_STATUS_LABELS[call.status] ?? call.status}</span>
                </td>
                <td className="num">{call.attempts}</td>
                <td className="small">{call.lastError ?? <span className="muted">—</span>}</td>
                <td>
                  {RETRYABLE_CALL.has(call.status) ? (
                    <button
                      type="button"
                      className="button small"
                      disabled={busy === call.id}
                      onClick={() => void retry(call.id)}
                    >
                      Retry
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {calls.data ? <Pager page={page} total={calls.data.total} perPage={calls.data.perPage} onPage={setPage} /> : null}
    </div>
  );
}
