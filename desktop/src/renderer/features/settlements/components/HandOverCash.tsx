import { useMemo, useState } from 'react';
import { useApi, useDeps } from '../../../app/context.tsx';
import { useReference, useSiteScope } from '../../../app/reference.ts';
import { Field } from '../../../lib/Field.tsx';
import { formatMoney } from '../../../lib/format.ts';
import { messageOf } from '../../../lib/use-rows.ts';
import { PaymentLines } from '../../dashboard/components/PaymentLines.tsx';
import { useFigures } from '../../dashboard/use-figures.ts';

/**
 * A manager hands cash to the owner: they tick the cash payments they recorded that no settlement
 * covers yet, check the total against the cash in hand, and create the settlement (the mutation
 * settlement.create). A payment is settled once; when the rules refuse (another settlement took a
 * payment first), the reason stays on screen above the button.
 */
export function HandOverCash() {
  const api = useApi();
  const toasts = useDeps().toasts;
  const scope = useSiteScope();
  const { locale } = useReference();
  const { data, error } = useFigures('analytics:managerDashboard', {
    siteId: scope.siteForNew,
    timeZone: locale.timeZone,
  });
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const payments = useMemo(() => data?.cashNotSettled.payments ?? [], [data]);
  // Only what is still listed counts: a payment settled meanwhile drops out of the choice.
  const chosen = payments.filter((payment) => ticked.has(payment.paymentId));
  const total = chosen.reduce((sum, payment) => sum + payment.amountMinor, 0);
  const currency = data?.currency ?? 'INR';

  const toggle = (id: string) => {
    const next = new Set(ticked);
    if (!next.delete(id)) next.add(id);
    setTicked(next);
  };
  const create = async () => {
    setBusy(true);
    setRefusal(null);
    try {
      const paymentIds = chosen.map((payment) => payment.paymentId);
      const args = { paymentIds, amountMinor: total, ...(note.trim() ? { note: note.trim() } : {}) };
      await api.call('data:mutate', { name: 'settlement.create', args });
      toasts
        .getState()
        .show('success', `Settlement of ${formatMoney(total, currency, locale)} handed over to the owner.`);
      setTicked(new Set());
      setNote('');
    } catch (failure) {
      setRefusal(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  if (error && !data) return <div className="form-error">{error}</div>;
  return (
    <section className="panel" aria-labelledby="hand-over-title">
      <div className="section-head">
        <h2 id="hand-over-title">Hand over cash</h2>
        {payments.length > 1 ? (
          <button
            type="button"
            className="link push-right"
            onClick={() =>
              setTicked(new Set(chosen.length === payments.length ? [] : payments.map((p) => p.paymentId)))
            }
          >
            {chosen.length === payments.length ? 'Clear the choice' : 'Choose all'}
          </button>
        ) : null}
      </div>
      <PaymentLines
        payments={payments}
        currency={currency}
        emptyText={data ? 'No cash to hand over: every cash payment you recorded is in a settlement.' : 'Loading…'}
        selected={ticked}
        onToggle={toggle}
        testId="settle-payments"
      />
      {refusal ? (
        <div className="form-error" role="alert" data-testid="settle-refusal">
          {refusal}
        </div>
      ) : null}
      {payments.length > 0 ? (
        <div className="settle-foot">
          <div>
            <div className="muted small">{chosen.length} payments chosen</div>
            <div className="settle-total" data-testid="settle-total">
              {formatMoney(total, currency, locale)}
            </div>
          </div>
          <Field label="Note for the owner (optional)">
            {(id) => <input id={id} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />}
          </Field>
          <button
            type="button"
            className="button primary"
            disabled={busy || chosen.length === 0}
            onClick={() => void create()}
          >
            Hand over {formatMoney(total, currency, locale)}
          </button>
        </div>
      ) : null}
    </section>
  );
}
