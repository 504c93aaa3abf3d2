import { jobIntake } from '../jobs/intake.ts';
import { cannedJobRetire, cannedJobSave } from './canned-jobs.ts';
import { invoiceCreditNote, invoiceFinalise } from './invoices.ts';
import { jobLineAdd, jobLineAddCanned, jobLineRemove, jobLineUpdate } from './lines.ts';
import { paymentConfirm, paymentMarkFailed, paymentRecord } from './payments.ts';
import { settlementConfirm, settlementCreate, settlementReject } from './settlements.ts';
import { workshopUpdateProfile } from './workshop.ts';

/** The garage workshop's mutations, added to the registry in one line. */
export const GARAGE_MUTATIONS = [
  jobIntake,
  jobLineAdd,
  jobLineAddCanned,
  jobLineUpdate,
  jobLineRemove,
  cannedJobSave,
  cannedJobRetire,
  paymentRecord,
  paymentConfirm,
  paymentMarkFailed,
  settlementCreate,
  settlementConfirm,
  settlementReject,
  invoiceFinalise,
  invoiceCreditNote,
  workshopUpdateProfile,
] as const;
