/**
 * A job's money as the job screen shows it: the shared computation the core's job sheet uses too
 * (`shared/src/domain/garage/job-money.ts`), re-exported for the job-lines, payments and invoices
 * features.
 */
export {
  activeInvoiceOf,
  jobMoney,
  type JobMoney,
  type JobMoneyRows,
  type MoneyTotals,
  type TaxTotalLine,
} from '@forecourt/shared/domain/garage/job-money';
