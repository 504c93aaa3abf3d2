/** The garage rules other packages use (import '@forecourt/shared/domain/garage/index'). */
export * from './balance.ts';
export * from './gstin.ts';
export * from './invoice-snapshot.ts';
export * from './money.ts';
export * from './numbering.ts';
export * from './swiss-uid.ts';
export * from './tax.ts';
export * from './tax-rates.ts';
export * from './upi.ts';
export * from './vin.ts';
export { GARAGE_MUTATIONS } from './mutations.ts';
export { GARAGE_TABLES } from './tables.ts';
