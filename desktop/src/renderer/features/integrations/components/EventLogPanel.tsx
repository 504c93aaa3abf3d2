import { useState } from 'react';
import type { ChannelInput } from '../../../../common/contract.ts';
import { useReference } from '../../../app/reference.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { EVENT_STATUS_LABELS, providerName, statusPill } from '../labels.ts';
import { useRetry, useServerData } from '../use-server-data.ts';
import { LoadProblem } from './LoadProblem.tsx';
import { Pager } from './Pager.tsx';

type StatusFilter = NonNullable<ChannelInput<'integrations:events'>['status']>;
const FILTERS: ReadonlyArray<[StatusFilter | '', string]> = [
  ['', 'All events'],
  ['dead', 'Failed'],
  ['retrying', 'Retrying'],
  ['queued', 'Waiting'],
  ['processed', 'Done'],
  ['ignored', 'Not needed'],
];

/** What the providers sent us, newest first, with what processing made of it; failed ones retry. */
export function EventLogPanel(props: { initialFilter: StatusFilter | ''; onChanged: () => void }) {
  const { locale } = useReference();
  const [filter, setFilter] = useState<StatusFilter | ''>(props.initialFilter);
  const [page, setPage] = useState(1);
  const events = useServerData('integrations:events', { page, ...(filter ? { status: filter } : {}) });
  const { busy, retry } = useRetry('integrations:retryEvent', 'The event is queued again.', () => {
    events.reload();
    props.onChanged();
  });

  return (
    <div className="panel">
      <div className="section-head integrations-head">
        <h2>Event log</h2>
        <label className="inline-label">
          <span>Show</span>
          <select
            aria-label="Show events"
            value={filter}
            onChange={(e) => {
              setFilter(FILTERS.find(([value]) => value === e.target.value)?.[0] ?? '');
              setPage(1);
            }}
          >
            {FILTERS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button small ghost" onClick={events.reload} disabled={events.loading}>
          Refresh
        </button>
      </div>
      {events.error ? <LoadProblem error={events.error} onRetry={events.reload} /> : null}
      {events.data && events.data.items.length === 0 ? (
        <div className="empty">No events{filter ? ' with this status' : ' yet'}.</div>
      ) : null}
      {events.data && events.data.items.length > 0 ? (
        <table className="table" data-testid="event-log">
          <thead>
            <tr>
              <th>Received</th>
              <th>Provider</th>
              <th>Event</th>
              <th>Status</th>
              <th className="num">Attempts</th>
              <th>Result</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {events.data.items.map((event) => (
              <tr key={event.id}>
                <td className="nowrap">{formatDateTime(event.receivedAt, locale)}</td>
                <td>{providerName(event.provider)}</td>
                <td className="mono small">{event.eventType}</td>
                <td>
                  <span className={statusPill(event.status)}>{EVENT_STATUS_LABELS[event.status] ?? event.status}</span>
                </td>
                <td className="num">{event.attempts}</td>
                <td className="small">
                  {event.status === 'dead' || event.status === 'retrying'
                    ? (event.lastError ?? '—')
                    : (event.result ?? '—')}
                </td>
                <td>
                  {event.status === 'dead' ? (
                    <button
                      type="button"
                      className="button small"
                      disabled={busy === event.id}
                      onClick={() => void retry(event.id)}
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
      {events.data ? (
        <Pager page={page} total={events.data.total} perPage={events.data.perPage} onPage={setPage} />
      ) : null}
    </div>
  );
}
