import { useMemo, useState } from 'react';
import { useApi, useDeps } from '../../app/context.tsx';
import { useReference, useSiteScope } from '../../app/reference.ts';
import { formatMoney } from '../../lib/format.ts';
import { messageOf } from '../../lib/use-rows.ts';
import { useFigures } from '../dashboard/use-figures.ts';

/**
 * The state of a manager's hand-over: their cash payments that no settlement covers yet (from the
 * core, in the site shown), which are ticked, the note, and creating the settlement through the
 * mutation settlement.create. When the rules refuse, `refusal` holds the reason.
 */
export function useHandOver() {
  const api = useApi();
  const toasts = useDeps().toasts;
  const scope = useSiteScope();
  const { locale } = useReference();
  const figures = useFigures('analytics:managerDashboard', { siteId: scope.siteForNew, timeZone: locale.timeZone });
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const payments = useMemo(() => figures.data?.cashNotSettled.payments ?? [], [figures.data]);
  // Only what is still listed counts: a payment settled meanwhile drops out of the choice.
  const chosen = payments.filter((payment) => ticked.has(payment.paymentId));
  const total = chosen.reduce((sum, payment) => sum + payment.amountMinor, 0);
  const currency = figures.data?.currency ?? 'INR';

  const toggle = (id: string) => {
    const next = new Set(ticked);
    if (!next.delete(id)) next.add(id);
    setTicked(next);
  };
  const chooseAll = (all: boolean) => setTicked(new Set(all ? payments.map((payment) => payment.paymentId) : []));
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
  return {
    figures,
    payments,
    ticked,
    chosen,
    total,
    currency,
    note,
    setNote,
    busy,
    refusal,
    toggle,
    chooseAll,
    create,
  };
}
