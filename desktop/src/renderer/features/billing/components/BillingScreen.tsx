import { useState } from 'react';
import type { ChannelOutput } from '../../../../common/contract.ts';
import { useApi, useDeps, useSession } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';
import { formatDate, formatMoney } from '../../../lib/format.ts';
import { messageOf } from '../../../lib/use-rows.ts';
import { useServerData } from '../../integrations/use-server-data.ts';
import { lapsedText } from '../notice-text.ts';
import '../billing.css';

type Plan = ChannelOutput<'billing:plan'>;
type Tier = Plan['tiers'][number]['tier'];

const STATUS_LABELS: Readonly<Record<string, string>> = {
  trial: 'Trial',
  active: 'Active',
  trialing: 'Active (Stripe trial)',
  incomplete: 'Waiting for the first payment',
  past_due: 'Payment overdue',
  unpaid: 'Unpaid',
  canceled: 'Cancelled',
  incomplete_expired: 'Never paid',
  paused: 'Paused',
};

function Usage(props: { label: string; used: number; limit: number }) {
  const share = props.limit > 0 ? Math.min(1, props.used / props.limit) : 1;
  const full = props.used >= props.limit;
  return (
    <div className="billing-usage" data-testid={`usage-${props.label}`}>
      <div className="billing-usage-label">
        <span>{props.label}</span>
        <span className={full ? 'strong warn-text' : 'strong'}>
          {props.used} of {props.limit}
        </span>
      </div>
      <div className="billing-meter" aria-hidden="true">
        <div className={full ? 'billing-meter-fill full' : 'billing-meter-fill'} style={{ width: `${share * 100}%` }} />
      </div>
    </div>
  );
}

/**
 * The owner's Plan and billing page: the company's tier and its state, what it allows and what is
 * used this month, and the tiers to choose from. Choosing opens Stripe's payment page (live) or
 * activates the tier at once (sandbox: no Stripe account on the server). Online only.
 */
export function BillingScreen() {
  const role = useSession((state) => state.user?.role);
  const api = useApi();
  const { toasts } = useDeps();
  const { locale } = useReference();
  const plan = useServerData('billing:plan', null);
  const [busy, setBusy] = useState<Tier | null>(null);
  const [checkoutUrl, setCheckoutUrl] = useState<string | null>(null);

  if (role !== 'owner') {
    return (
      <section className="screen">
        <h1>Plan and billing</h1>
        <div className="empty">Only an owner manages the plan and billing.</div>
      </section>
    );
  }

  const choose = async (tier: Tier, name: string) => {
    setBusy(tier);
    setCheckoutUrl(null);
    try {
      const answer = await api.call('billing:choose', { tier, requestId: crypto.randomUUID().replace(/-/g, '') });
      if (answer.outcome === 'activated') {
        toasts.getState().show('success', `${name} is active (sandbox: no payment taken)`);
      } else if (answer.outcome === 'changed') {
        toasts.getState().show('success', `Stripe is moving the plan to ${name}; it shows here once Stripe confirms`);
      } else if (answer.url) {
        setCheckoutUrl(answer.url);
        await api.call('app:openExternal', { url: answer.url }).catch(() => undefined);
      }
      plan.reload();
    } catch (error) {
      toasts.getState().show('error', messageOf(error));
    } finally {
      setBusy(null);
    }
  };

  const data = plan.data;
  const lapsed = data?.graceEndsAt !== null && data?.graceEndsAt !== undefined;
  return (
    <section className="screen">
      <header className="screen-head">
        <h1>Plan and billing</h1>
      </header>
      {plan.error ? (
        <div className="notice" role="alert">
          {plan.error.offline ? (
            <>
              <strong>The server cannot be reached.</strong> The plan is managed online; the counter keeps working
              offline.
            </>
          ) : (
            plan.error.message
          )}{' '}
          <button type="button" className="link" onClick={plan.reload}>
            Try again
          </button>
        </div>
      ) : null}
      {data ? (
        <>
          {lapsed ? (
            <div className={data.readOnly ? 'notice billing-alert read-only' : 'notice billing-alert'} role="alert">
              {lapsedText(data, locale)}
            </div>
          ) : null}
          <div className="panel" data-testid="billing-current">
            <div className="billing-current-head">
              <div>
                <div className="muted small">Current plan</div>
                <h2 className="billing-tier-name">{data.tierName}</h2>
              </div>
              <span className={`pill ${data.status === 'active' || data.status === 'trial' ? 'pill-ok' : 'pill-warn'}`}>
                {STATUS_LABELS[data.status] ?? data.status}
              </span>
              {data.mode === 'sandbox' ? (
                <span className="pill pill-neutral" title="No Stripe account on the server: no payment is taken">
                  Sandbox
                </span>
              ) : null}
            </div>
            <dl className="billing-facts">
              {data.tier === null ? (
                <>
                  <dt>Trial</dt>
                  <dd>No plan chosen yet: the Business limits apply until you choose one.</dd>
                </>
              ) : null}
              {data.currentPeriodEnd && !lapsed ? (
                <>
                  <dt>Renews</dt>
                  <dd>{formatDate(data.currentPeriodEnd, locale)}</dd>
                </>
              ) : null}
              {lapsed ? (
                <>
                  <dt>Unpaid since</dt>
                  <dd>{formatDate(data.lapsedSince, locale)}</dd>
                  <dt>{data.readOnly ? 'Read-only since' : 'Read-only from'}</dt>
                  <dd data-testid="grace-end">{formatDate(data.graceEndsAt, locale)}</dd>
                </>
              ) : null}
            </dl>
            <div className="billing-usages">
              <Usage label="Sites" used={data.usage.sites} limit={data.limits.sites} />
              <Usage label="PCs" used={data.usage.devices} limit={data.limits.devices} />
              <Usage label="SMS this month" used={data.usage.smsThisMonth} limit={data.limits.smsPerMonth} />
            </div>
          </div>
          {checkoutUrl ? (
            <div className="notice billing-checkout" role="status">
              Stripe&apos;s payment page has opened. The plan shows here once Stripe confirms the payment.{' '}
              <a href={checkoutUrl} target="_blank" rel="noreferrer">
                Open the payment page again
              </a>
            </div>
          ) : null}
          <div className="billing-tiers" data-testid="billing-tiers">
            {data.tiers.map((tier) => {
              const current = tier.tier === data.tier;
              const paid = current && (data.status === 'active' || data.status === 'trialing');
              const label = paid
                ? 'Current plan'
                : current
                  ? `Renew ${tier.name}`
                  : data.tier === null
                    ? `Choose ${tier.name}`
                    : `Change to ${tier.name}`;
              return (
                <div key={tier.tier} className={current ? 'panel billing-tier current' : 'panel billing-tier'}>
                  <h3>{tier.name}</h3>
                  <div className="billing-price">
                    {formatMoney(tier.monthlyPriceMinor, data.currency, locale)}
                    <span className="muted small"> / month</span>
                  </div>
                  <ul className="billing-limits">
                    <li>
                      {tier.limits.sites} site{tier.limits.sites === 1 ? '' : 's'}
                    </li>
                    <li>{tier.limits.devices} PCs</li>
                    <li>{tier.limits.smsPerMonth.toLocaleString(locale.tag)} SMS a month</li>
                  </ul>
                  <button
                    type="button"
                    className={paid ? 'button block' : 'button primary block'}
                    disabled={paid || busy !== null}
                    onClick={() => void choose(tier.tier, tier.name)}
                  >
                    {busy === tier.tier ? 'Opening…' : label}
                  </button>
                </div>
              );
            })}
          </div>
          <p className="muted small">
            A lapsed subscription keeps everything working for 14 days, then the company becomes read-only: every PC
            still shows all data and keeps new changes until the plan is paid. Nothing is ever deleted.
          </p>
        </>
      ) : null}
    </section>
  );
}
