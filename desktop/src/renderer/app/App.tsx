import { useEffect, useState } from 'react';
import { EnrolScreen } from '../features/session/components/EnrolScreen.tsx';
import { PairingScreen, UnreachableScreen } from '../features/session/components/PairingScreen.tsx';
import { SignInScreen } from '../features/session/components/SignInScreen.tsx';
import { Toasts } from '../features/toasts/components/Toasts.tsx';
import { useDeps, useSession } from './context.tsx';
import { Shell } from './Shell.tsx';

/** Boots the session, keeps it in step with the core's events, and picks the screen for its phase. */
export function App() {
  const deps = useDeps();
  const phase = useSession((state) => state.phase);
  const [offerPin, setOfferPin] = useState(false);

  useEffect(() => {
    void deps.session.getState().boot();
  }, [deps]);
  useEffect(() => {
    // The next person to sign in starts with a clean screen.
    if (phase !== 'ready') deps.sync.getState().setPanelOpen(false);
  }, [deps, phase]);
  useEffect(() => {
    if (phase !== 'ready' && phase !== 'signin') return undefined;
    const stopSync = deps.sync.getState().start();
    const stopSession = deps.api.onEvent((event) => {
      if (event.type === 'session') deps.session.getState().userChanged(event.user);
    });
    return () => {
      stopSync();
      stopSession();
    };
  }, [deps, phase]);
  useEffect(
    // Offer a PIN right after an online password sign-in: that is when it can be set.
    () =>
      deps.session.subscribe((state, previous) => {
        if (previous.phase === 'signin' && state.phase === 'ready' && state.user && !state.user.offline)
          setOfferPin(true);
      }),
    [deps],
  );

  switch (phase) {
    case 'loading':
      return (
        <div className="loading" aria-busy="true">
          Starting Forecourt…
        </div>
      );
    case 'unreachable':
      return <UnreachableScreen />;
    case 'pairing':
      return <PairingScreen />;
    case 'enrol':
      return (
        <>
          <EnrolScreen />
          <Toasts />
        </>
      );
    case 'signin':
      return (
        <>
          <SignInScreen />
          <Toasts />
        </>
      );
    case 'ready':
      return <Shell offerPin={offerPin} onPinOffered={() => setOfferPin(false)} />;
  }
}
