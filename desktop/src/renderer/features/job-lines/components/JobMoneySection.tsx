import type { Row } from '@forecourt/shared/schema/tables';
import { InvoicePanel } from '../../invoices/components/InvoicePanel.tsx';
import { JobPayments } from '../../payments/components/JobPayments.tsx';
import { useJobMoney } from '../use-job-money.ts';
import { JobLines } from './JobLines.tsx';
import '../job-money.css';

/** The money half of the job screen: lines and totals, then payments beside the invoice. */
export function JobMoneySection(props: { job: Row }) {
  const money = useJobMoney(props.job);
  return (
    <div className="job-money">
      <JobLines job={props.job} money={money} />
      <div className="job-money-row">
        <JobPayments job={props.job} money={money} />
        <InvoicePanel job={props.job} money={money} />
      </div>
    </div>
  );
}
