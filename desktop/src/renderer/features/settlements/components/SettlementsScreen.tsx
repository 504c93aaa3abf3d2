import { useSession } from '../../../app/context.tsx';
import { canRun } from '../../../lib/permissions.ts';
import '../../dashboard/dashboard.css';
import { HandOverCash } from './HandOverCash.tsx';
import { PendingSettlements } from './PendingSettlements.tsx';
import { SettlementHistory } from './SettlementHistory.tsx';

/**
 * Cash from the managers to the owner: a manager hands over the cash payments they recorded; the
 * owner confirms each settlement once the cash is counted (which confirms its payments), or
 * rejects it with a reason.
 */
export function SettlementsScreen() {
  const role = useSession((state) => state.user?.role);
  return (
    <section className="screen">
      <header className="screen-head">
        <h1>Settlements</h1>
      </header>
      {canRun(role, 'settlement.confirm') ? <PendingSettlements /> : null}
      {canRun(role, 'settlement.create') ? <HandOverCash /> : null}
      <SettlementHistory />
    </section>
  );
}
