/**
 * The rental domain's mutation names as the screens use them (shared/src/domain/rental). The
 * screens send what the person typed; the rules (availability, age and licence checks, quotes,
 * charges, numbering) run in the shared mutations on the counter and again on the server.
 */
export const RENTAL_MUTATIONS = {
  renterCreate: 'rental.customerCreate',
  renterUpdate: 'rental.customerUpdate',
  renterErase: 'rental.customerErase',
  reserve: 'rental.reservationCreate',
  reassign: 'rental.reservationReassign',
  reservationCancel: 'rental.reservationCancel',
  reservationNoShow: 'rental.reservationNoShow',
  pickup: 'rental.contractOpen',
  return: 'rental.contractReturn',
  close: 'rental.contractClose',
  payment: 'rental.paymentRecord',
} as const;

/** The rental terms the counter's printed contract refers to; the contract row keeps the version. */
export const TERMS_VERSION = '2026-1';
