import { useEffect, useState } from 'react';
import type { ChannelOutput } from '../../../../common/contract.ts';
import { useApi, useDeps, useNav, useSession, useSync } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';
import { lapsedText } from '../notice-text.ts';
import '../billing.css';

type Notice = ChannelOutput<'billing:notice'>;

/** How often the banner asks the server whether the plan lapsed (it also follows sync refusals). */
const POLL_MS = 5 * 60_000;

/**
 * For everyone signed in: the company's plan is unpaid (the grace period, then read-only). The
 * server's notice says which; a push refused for the plan (`payment-required`) shows it too, even
 * before the next poll. Offline it shows nothing new: the counter keeps working.
 */
export function BillingBanner() {
  const api = useApi();
  const { nav } = useDeps();
  const user = useSession((state) => state.user);
  const refusal = useSync((state) =>
    state.status?.lastError?.code === 'payment-required' ? state.status.lastError.message : null,
  );
  const route = useNav((state) => state.route.name);
  const [notice, setNotice] = useState<Notice | null>(null);
  const { locale } = useReference();

  useEffect(() => {
    if (!user) return undefined;
    let live = true;
    const load = () =>
      api.call('billing:notice', null).then(
        (answer) => live && setNotice(answer),
        () => undefined, // offline or not enrolled: keep what was shown
      );
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api, user, refusal]);

  const text =
    (notice ? lapsedText(notice, locale) : null) ?? (refusal ? `Changes are not being sent: ${refusal}.` : null);
  if (!user || !text || route === 'billing') return null;
  const readOnly = notice?.readOnly === true || refusal !== null;
  return (
    <div
      className={readOnly ? 'notice billing-banner read-only' : 'notice billing-banner'}
      role="alert"
      data-testid="billing-banner"
    >
      <span>{text}</span>
      {user.role === 'owner' ? (
        <button type="button" className="link" onClick={() => nav.getState().navigate({ name: 'billing' })}>
          Plan and billing
        </button>
      ) : (
        <span className="muted small"> Ask the owner to renew the plan.</span>
      )}
    </div>
  );
}
