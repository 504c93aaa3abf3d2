import { useMemo } from 'react';
import type { Row } from '@forecourt/shared/schema/tables';
import { text } from '../../lib/format.ts';
import { useRow, useRows } from '../../lib/use-rows.ts';
import { jobMoney, type JobMoney } from './job-money.ts';

/** A job's lines, payments and invoices from the replica, kept fresh, with their figures. */
export function useJobMoney(job: Row): JobMoney {
  const byJob = { where: { job_id: job.id } };
  const lines = useRows('job_lines', { ...byJob, orderBy: 'position' }).rows;
  const payments = useRows('payments', { ...byJob, orderBy: 'created_at' }).rows;
  const invoices = useRows('invoices', { ...byJob, orderBy: 'issued_at' }).rows;
  const tenant = useRows('tenants').rows[0] ?? null;
  const site = useRow('sites', text(job.site_id) || null).row;
  const profile = useRows('site_profiles', { where: { site_id: text(job.site_id) } }).rows[0] ?? null;
  const customer = useRow('customers', text(job.customer_id) || null).row;
  return useMemo(
    () => jobMoney({ job, lines, payments, invoices, tenant, site, profile, customer }),
    [job, lines, payments, invoices, tenant, site, profile, customer],
  );
}
