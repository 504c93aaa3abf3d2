import { useState } from 'react';
import { useSession } from '../../../app/context.tsx';
import '../integrations.css';
import { useServerData } from '../use-server-data.ts';
import { ApiKeysPanel } from './ApiKeysPanel.tsx';
import { CardReadersPanel } from './CardReadersPanel.tsx';
import { EventLogPanel } from './EventLogPanel.tsx';
import { LoadProblem } from './LoadProblem.tsx';
import { OutboundCallsPanel } from './OutboundCallsPanel.tsx';
import { ProvidersPanel } from './ProvidersPanel.tsx';

type Tab = 'providers' | 'events' | 'calls' | 'keys' | 'readers';
const TABS: ReadonlyArray<{ id: Tab; label: string }> = [
  { id: 'providers', label: 'Providers' },
  { id: 'events', label: 'Event log' },
  { id: 'calls', label: 'Calls to providers' },
  { id: 'keys', label: 'API keys' },
  { id: 'readers', label: 'Card readers' },
];

/**
 * The owner's integrations page: providers (sandbox or live) and their health, the events they
 * sent and what became of them, our calls to them, and API keys for other systems. All of it
 * lives on the server, so the page works online only; offline it says so and the counter goes on.
 */
export function IntegrationsScreen() {
  const role = useSession((state) => state.user?.role);
  const [tab, setTab] = useState<Tab>('providers');
  const [eventFilter, setEventFilter] = useState<'dead' | ''>('');
  const status = useServerData('integrations:status', null);
  if (role !== 'owner') {
    return (
      <section className="screen">
        <h1>Integrations</h1>
        <div className="empty">Only an owner manages integrations.</div>
      </section>
    );
  }
  const failed = status.data?.providers.reduce((sum, provider) => sum + provider.dead, 0) ?? 0;
  return (
    <section className="screen">
      <header className="screen-head">
        <h1>Integrations</h1>
        <div className="segmented" role="tablist" aria-label="Integrations">
          {TABS.map((item) => (
            <button
              key={item.id}
              type="button"
              role="tab"
              aria-selected={tab === item.id}
              onClick={() => {
                setTab(item.id);
                setEventFilter('');
              }}
            >
              {item.label}
              {item.id === 'events' && failed > 0 ? <span className="tab-count">{failed}</span> : null}
            </button>
          ))}
        </div>
      </header>
      {status.error ? <LoadProblem error={status.error} onRetry={status.reload} /> : null}
      {tab === 'providers' && status.data ? (
        <ProvidersPanel
          providers={status.data.providers}
          onShowFailed={() => {
            setEventFilter('dead');
            setTab('events');
          }}
        />
      ) : null}
      {tab === 'events' && !status.error ? (
        <EventLogPanel key={eventFilter} initialFilter={eventFilter} onChanged={status.reload} />
      ) : null}
      {tab === 'calls' && !status.error ? <OutboundCallsPanel onChanged={status.reload} /> : null}
      {tab === 'keys' && !status.error ? <ApiKeysPanel /> : null}
      {tab === 'readers' && !status.error ? <CardReadersPanel /> : null}
    </section>
  );
}
