import { useReference } from '../../../app/reference.ts';
import { Field } from '../../../lib/Field.tsx';
import { formatMoney } from '../../../lib/format.ts';
import { PaymentLines } from '../../dashboard/components/PaymentLines.tsx';
import { useHandOver } from '../use-hand-over.ts';

/**
 * A manager hands cash to the owner: they tick the cash payments they recorded that no settlement
 * covers yet, check the total against the cash in hand, and create the settlement. A payment is
 * settled once; when the rules refuse, the reason stays on screen above the button.
 */
export function HandOverCash() {
  const handOver = useHandOver();
  const { figures, payments, chosen, currency } = handOver;
  if (figures.error && !figures.data) return <div className="form-error">{figures.error}</div>;
  const allChosen = chosen.length === payments.length;
  return (
    <section className="panel" aria-labelledby="hand-over-title">
      <div className="section-head">
        <h2 id="hand-over-title">Hand over cash</h2>
        {payments.length > 1 ? (
          <button type="button" className="link push-right" onClick={() => handOver.chooseAll(!allChosen)}>
            {allChosen ? 'Clear the choice' : 'Choose all'}
          </button>
        ) : null}
      </div>
      <PaymentLines
        payments={payments}
        count={figures.data?.cashNotSettled.count ?? payments.length}
        currency={currency}
        emptyText={
          figures.data ? 'No cash to hand over: every cash payment you recorded is in a settlement.' : 'Loading…'
        }
        selected={handOver.ticked}
        onToggle={handOver.toggle}
        testId="settle-payments"
      />
      {handOver.refusal ? (
        <div className="form-error" role="alert" data-testid="settle-refusal">
          {handOver.refusal}
        </div>
      ) : null}
      {payments.length > 0 ? <HandOverFoot handOver={handOver} /> : null}
    </section>
  );
}

function HandOverFoot(props: { handOver: ReturnType<typeof useHandOver> }) {
  const { locale } = useReference();
  const { chosen, total, currency, note, setNote, busy, create } = props.handOver;
  return (
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
  );
}
