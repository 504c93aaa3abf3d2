import { useState } from 'react';
import { useSession } from '../../../app/context.tsx';
import { canManage } from '../../../lib/permissions.ts';
import { DevicesPanel } from './DevicesPanel.tsx';
import { EnrolmentCodePanel } from './EnrolmentCodePanel.tsx';
import { ThisPcPanel } from './ThisPcPanel.tsx';
import { UsersPanel } from './UsersPanel.tsx';

type Tab = 'users' | 'devices' | 'this-pc';

/**
 * Settings the server supports today: who works here, which PCs are connected, codes to connect
 * another PC, and this PC itself. Number series, tax settings and company details for documents
 * come with the documents issue; they are not shown as dead buttons.
 */
export function SettingsScreen() {
  const role = useSession((state) => state.user?.role);
  const manager = canManage(role);
  const [tab, setTab] = useState<Tab>(manager ? 'users' : 'this-pc');
  const tabs: ReadonlyArray<{ id: Tab; label: string }> = [
    ...(manager
      ? [
          { id: 'users' as const, label: 'Users and roles' },
          { id: 'devices' as const, label: 'Devices' },
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
      {tab === 'users' ? <UsersPanel /> : null}
      {tab === 'devices' ? (
        <>
          <EnrolmentCodePanel />
          <DevicesPanel />
        </>
      ) : null}
      {tab === 'this-pc' ? <ThisPcPanel /> : null}
    </section>
  );
}
