import type { JobBalance } from '@forecourt/shared/domain/garage/index';
import type { Row } from '@forecourt/shared/schema/tables';
import { useReference } from '../../../app/reference.ts';
import { formatMoney } from '../../../lib/format.ts';
import { useJobMoney } from '../../job-lines/use-job-money.ts';

/**
 * What the customer owes, as the domain counts it (balance.ts): the balance due counts only
 * payments an owner confirmed; the outstanding credit also counts those awaiting confirmation.
 */
export function BalanceFacts(props: { balance: JobBalance; currency: string }) {
  const { locale } = useReference();
  const money = (minor: number) => formatMoney(minor, props.currency, locale);
  const { balance } = props;
  return (
    <dl className="facts balance-facts" data-testid="balance">
      <dt>Job value</dt>
      <dd>{money(balance.valueMinor)}</dd>
      <dt>Paid, confirmed</dt>
      <dd>{money(balance.confirmedMinor)}</dd>
      <dt>Paid, unconfirmed</dt>
      <dd>{money(balance.unconfirmedMinor)}</dd>
      {balance.disputedMinor ? (
        <>
          <dt>Disputed</dt>
          <dd>{money(balance.disputedMinor)}</dd>
        </>
      ) : null}
      <dt>Balance due</dt>
      <dd data-testid="balance-due">
        <strong>{money(balance.balanceDueMinor)}</strong>
        <span className="muted small"> counting confirmed payments</span>
      </dd>
      <dt>Outstanding credit</dt>
      <dd data-testid="outstanding">
        <strong>{money(balance.outstandingMinor)}</strong>
        <span className="muted small"> if the unconfirmed payments are confirmed</span>
      </dd>
    </dl>
  );
}

/** The two figures beside the job card, at a glance. */
export function JobBalanceSide(props: { job: Row }) {
  const money = useJobMoney(props.job);
  const { locale } = useReference();
  const format = (minor: number) => formatMoney(minor, money.currency, locale);
  return (
    <dl className="panel facts side-balance" aria-label="Balance">
      <dt>Job value</dt>
      <dd>{format(money.balance.valueMinor)}</dd>
      <dt>Balance due</dt>
      <dd title="Counting confirmed payments">{format(money.balance.balanceDueMinor)}</dd>
      <dt>Unconfirmed</dt>
      <dd title="Payments awaiting the owner's confirmation">{format(money.balance.unconfirmedMinor)}</dd>
    </dl>
  );
}
