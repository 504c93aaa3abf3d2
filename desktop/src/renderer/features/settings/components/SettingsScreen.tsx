import { useState } from 'react';
import { useSession } from '../../../app/context.tsx';
import { canManage } from '../../../lib/permissions.ts';
import { DevicesPanel } from './DevicesPanel.tsx';
import { EnrolmentCodePanel } from './EnrolmentCodePanel.tsx';
import { InvitePanel } from './InvitePanel.tsx';
import { NumberSeriesPanel } from './NumberSeriesPanel.tsx';
import { SitesPanel } from './SitesPanel.tsx';
import { ThisPcPanel } from './ThisPcPanel.tsx';
import { UsersPanel } from './UsersPanel.tsx';

type Tab = 'users' | 'devices' | 'sites' | 'numbers' | 'this-pc';

/**
 * Who works here (the owner invites and deactivates people), which PCs are connected (revoke,
 * codes to connect another), the owner's sites and the number series check, and this PC itself.
 * Everything but "This PC" and site details is answered by the server, so it needs the internet.
 */
export function SettingsScreen() {
  const role = useSession((state) => state.user?.role);
  const manager = canManage(role);
  const owner = role === 'owner';
  const [tab, setTab] = useState<Tab>(manager ? 'users' : 'this-pc');
  const tabs: ReadonlyArray<{ id: Tab; label: string }> = [
    ...(manager
      ? [
          { id: 'users' as const, label: 'Users and roles' },
          { id: 'devices' as const, label: 'Devices' },
        ]
      : []),
    ...(owner
      ? [
          { id: 'sites' as const, label: 'Sites' },
          { id: 'numbers' as const, label: 'Number series' },
        ]
      : []),
    { id: 'this-pc', label: 'This PC' },
  ];
  return (
    <section className="screen">
      <header className="screen-head">
        <h1>Settings</h1>
        <div className="segmented" role="tablist" aria-label="Settings">
          {tabs.map((item) => (
            <button
              key={item.id}
              type="button"
              role="tab"
              aria-selected={tab === item.id}
              onClick={() => setTab(item.id)}
            >
              {item.label}
            </button>
          ))}
        </div>
      </header>
      {tab === 'users' ? (
        <>
          {owner ? <InvitePanel /> : null}
          <UsersPanel />
        </>
      ) : null}
      {tab === 'devices' ? (
        <>
          <EnrolmentCodePanel />
          <DevicesPanel />
        </>
      ) : null}
      {tab === 'sites' ? <SitesPanel /> : null}
      {tab === 'numbers' ? <NumberSeriesPanel /> : null}
      {tab === 'this-pc' ? <ThisPcPanel /> : null}
    </section>
  );
}
