import { useState } from 'react';
import { useDeps, useSession } from '../../../app/context.tsx';
import { useReference } from '../../../app/reference.ts';
import { useCountry } from '../../../app/useCountry.ts';
import { formatDateTime, formatMoney, text } from '../../../lib/format.ts';
import { canRun } from '../../../lib/permissions.ts';
import { useMutation } from '../../../lib/use-mutation.ts';
import { useRow, useRows } from '../../../lib/use-rows.ts';
import { invoiceOf } from '../rental-charges.ts';
import { RENTAL_MUTATIONS } from '../rental-mutations.ts';
import { damagesOf, rentalTable } from '../rental-rows.ts';
import { formatKm } from '../rental-format.ts';
import { siteDateString } from '../site-time.ts';
import { ChargesTable } from './ChargesTable.tsx';
import { DamageComparison } from './DamageDiagram.tsx';
import { DepositHold } from './DepositHold.tsx';
import { PrintDocumentButton } from './PrintDocumentButton.tsx';
import { RentalStatus } from './RentalStatus.tsx';
import { PhotoComparison } from './StoredPhotos.tsx';

const level = (value: unknown, electric: boolean) => {
  if (typeof value !== 'number') return '—';
  if (electric) return `${value} %`;
  return value === 8 ? 'full' : `${value}/8`;
};
const PAID = new Set(['confirmed', 'unconfirmed']);

/** A contract: what went out, what came back, the money, and the next step for its status. */
export function ContractDetail(props: { id: string }) {
  const { nav, now, toasts } = useDeps();
  const role = useSession((state) => state.user?.role);
  const { locale, currency } = useReference();
  const country = useCountry();
  const contract = useRow(rentalTable('contracts'), props.id).row;
  const vehicle = useRow(rentalTable('vehicles'), text(contract?.vehicle_id) || null).row;
  const renter = useRow(rentalTable('renters'), text(contract?.customer_id) || null).row;
  const payments = useRows('payments', { where: { contract_id: props.id }, orderBy: 'created_at' }).rows;
  const [cash, setCash] = useState(false);
  const { run, busy } = useMutation();
  if (!contract) return <section className="screen" aria-busy="true" />;
  const status = text(contract.status);
  const electric = text(vehicle?.fuel_type) === 'ev';
  const paidMinor = payments
    .filter((payment) => !payment.deleted_at && PAID.has(text(payment.status)))
    .reduce((sum, payment) => sum + (payment.kind === 'refund' ? -1 : 1) * Number(payment.amount_minor), 0);
  const invoice = invoiceOf(contract, country, paidMinor, cash, siteDateString(now(), locale.timeZone));
  const money = (minor: number) => formatMoney(minor, currency, locale);

  return (
    <section className="screen">
      <header className="screen-head">
        <button
          type="button"
          className="button ghost"
          onClick={() => nav.getState().navigate({ name: 'rental', tab: 'contracts' })}
        >
          ← On rent
        </button>
        <h1 className="mono">{text(contract.number)}</h1>
        <RentalStatus status={status} />
        <div className="actions">
          <PrintDocumentButton kind="contract" id={contract.id} label="Print contract" />
          {status === 'closed' ? (
            <PrintDocumentButton kind="rental-invoice" id={contract.id} label="Invoice PDF" />
          ) : null}
          {status === 'open' && canRun(role, RENTAL_MUTATIONS.return) ? (
            <button
              type="button"
              className="button primary"
              onClick={() => nav.getState().navigate({ name: 'return', contractId: contract.id })}
            >
              Return car
            </button>
          ) : null}
        </div>
      </header>
      <div className="rental-grid">
        <dl className="facts panel">
          <dt>Renter</dt>
          <dd>{text(renter?.name) || '—'}</dd>
          <dt>Vehicle</dt>
          <dd>
            <span className="plate">{text(vehicle?.plate)}</span> {text(vehicle?.make)} {text(vehicle?.model)}
          </dd>
          <dt>Out</dt>
          <dd>
            {formatDateTime(contract.opened_at, locale)} · {formatKm(contract.km_out, locale)} ·{' '}
            {level(contract.fuel_out, electric)}
          </dd>
          <dt>Due back</dt>
          <dd>{formatDateTime(contract.due_at, locale)}</dd>
          <dt>In</dt>
          <dd>
            {contract.returned_at
              ? `${formatDateTime(contract.returned_at, locale)} · ${formatKm(contract.km_in, locale)} · ${level(contract.fuel_in, electric)}`
              : '—'}
          </dd>
          <dt>Insurance</dt>
          <dd>
            {text(contract.insurance) || '—'} · deductible {money(Number(contract.deductible_minor ?? 0))}
          </dd>
          <dt>Paid</dt>
          <dd data-testid="contract-paid">
            {payments.length
              ? payments.map((payment) => (
                  <div key={payment.id}>
                    {payment.kind === 'advance' ? 'Deposit' : payment.kind === 'refund' ? 'Refund' : 'Payment'}{' '}
                    {money(Number(payment.amount_minor))} · {text(payment.method).replace('_', ' ')}{' '}
                    {payment.status === 'unconfirmed' ? <span className="tag warn">unconfirmed</span> : null}
                  </div>
                ))
              : 'Nothing yet'}
          </dd>
        </dl>
        <div className="panel">
          <h2 data-testid="contract-invoice-title">
            {invoice?.final ? `Invoice ${text(contract.invoice_number)}`.trim() : 'Charges'}
          </h2>
          {invoice ? (
            <>
              <ChargesTable
                testId="contract-invoice"
                lines={invoice.lines}
                vatLabel={invoice.vatLabel}
                vatMinor={invoice.vatMinor}
                totalLabel="Total"
                totalMinor={invoice.totalMinor}
              />
              <dl className="facts compact invoice-due">
                <dt>Paid</dt>
                <dd>{money(paidMinor)}</dd>
                <dt>{invoice.payableMinor < 0 ? 'To refund' : 'To pay'}</dt>
                <dd data-testid="contract-payable">
                  <strong>{money(Math.abs(invoice.payableMinor))}</strong>
                  {invoice.roundingMinor !== 0 ? (
                    <span className="muted small"> (cash rounding {money(invoice.roundingMinor)})</span>
                  ) : null}
                </dd>
              </dl>
              {status === 'returned' && canRun(role, RENTAL_MUTATIONS.close) ? (
                <div className="actions close-actions">
                  {country === 'CH' ? (
                    <label className="check">
                      <input type="checkbox" checked={cash} onChange={(e) => setCash(e.target.checked)} /> Paid in cash
                      (rounded to 0.05)
                    </label>
                  ) : null}
                  <button
                    type="button"
                    className="button primary"
                    disabled={busy}
                    onClick={() =>
                      void run(RENTAL_MUTATIONS.close, { contractId: contract.id, cash }).then((result) => {
                        if (!result) return; // the error is already shown
                        const number = typeof result.invoiceNumber === 'string' ? ` ${result.invoiceNumber}` : '';
                        toasts.getState().show('success', `Contract closed: invoice${number} issued.`);
                      })
                    }
                  >
                    Close and invoice
                  </button>
                </div>
              ) : null}
            </>
          ) : (
            <p className="muted">Charges are worked out when the car comes back.</p>
          )}
        </div>
      </div>
      <DepositHold contract={contract} />
      <div className="panel">
        <h2>Damages</h2>
        <DamageComparison pickup={damagesOf(contract.damages_out)} returned={damagesOf(contract.damages_in)} />
        <PhotoComparison
          pickup={contract.photos_out}
          returned={contract.photos_in}
          returnedYet={!!contract.returned_at}
        />
      </div>
    </section>
  );
}
