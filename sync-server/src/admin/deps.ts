import type { Database } from '../db/database.ts';
import type { SyncEngine } from '../sync/types.ts';

/** What the admin functions need: they are called by the CLI, the HTTP routes and demo seeding. */
export interface AdminDeps {
  readonly db: Database;
  readonly engine: SyncEngine;
  readonly clock: () => number;
}

export const COUNTRIES = {
  IN: { currency: 'INR', timezone: 'Asia/Kolkata' },
  CH: { currency: 'CHF', timezone: 'Europe/Zurich' },
} as const;
export type Country = keyof typeof COUNTRIES;

export function isCountry(value: string): value is Country {
  return Object.hasOwn(COUNTRIES, value);
}

export const isoNow = (deps: { clock: () => number }) => new Date(deps.clock()).toISOString();
