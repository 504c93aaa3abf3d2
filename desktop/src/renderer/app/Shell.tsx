import { useCallback, useEffect, useState } from 'react';
import { BillingBanner } from '../features/billing/components/BillingBanner.tsx';
import { ConfirmDialog } from '../features/confirm/components/ConfirmDialog.tsx';
import { GlobalSearch } from '../features/search/components/GlobalSearch.tsx';
import { SetPinDialog } from '../features/session/components/SetPinDialog.tsx';
import { UserMenu } from '../features/session/components/UserMenu.tsx';
import { SyncBadge } from '../features/sync/components/SyncBadge.tsx';
import { SyncPanel } from '../features/sync/components/SyncPanel.tsx';
import { Toasts } from '../features/toasts/components/Toasts.tsx';
import { useDeps, useSession } from './context.tsx';
import { Screen } from './Screen.tsx';
import { ShortcutHelp } from './ShortcutHelp.tsx';
import { Sidebar } from './Sidebar.tsx';
import { SiteSwitcher } from './SitePicker.tsx';
import { useShortcuts } from './shortcuts.ts';

/** The working layout: top bar (site, search, sync, user), navigation, the screen, the sync drawer. */
export function Shell(props: { offerPin: boolean; onPinOffered: () => void }) {
  const deps = useDeps();
  const [help, setHelp] = useState(false);
  const user = useSession((state) => state.user);
  const showHelp = useCallback(() => setHelp(true), []);
  useShortcuts(deps, showHelp);
  useEffect(() => {
    document.title = 'Forecourt';
  }, []);

  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">Forecourt</div>
        <SiteSwitcher />
        <GlobalSearch />
        <SyncBadge />
        <UserMenu />
      </header>
      <Sidebar onHelp={showHelp} />
      <main className="content" id="content">
        <BillingBanner />
        {user?.role === 'viewer' ? (
          <div className="notice">You can look but not change anything: your role is “viewer”.</div>
        ) : null}
        <Screen />
      </main>
      <SyncPanel />
      <Toasts />
      <ConfirmDialog />
      {help ? <ShortcutHelp onClose={() => setHelp(false)} /> : null}
      {props.offerPin && user && !user.offline ? <SetPinDialog onClose={props.onPinOffered} /> : null}
    </div>
  );
}
