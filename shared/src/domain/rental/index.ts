/** The rental rules other packages use (import '@forecourt/shared/domain/rental/index'). */
export * from './availability.ts';
export * from './pricing.ts';
export * from './rates.ts';
export * from './renter-rules.ts';
export { vehiclesDue } from './fleet-mutations.ts';
export { contractNumber } from './contract-mutations.ts';
export { renterDataExport } from './renter-mutations.ts';
export { NO_SHOW_GRACE_MS } from './reservation-mutations.ts';
export { RENTAL_MUTATIONS } from './mutations.ts';
export { RENTAL_TABLES } from './tables.ts';
