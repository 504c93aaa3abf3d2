import type { TSchema } from 'typebox';
import { DomainError } from '../errors.ts';
import { blobRegister } from '../domain/blobs/mutations.ts';
import { conflictResolve } from '../domain/conflicts/mutations.ts';
import { GARAGE_MUTATIONS } from '../domain/garage/mutations.ts';
import { RENTAL_MUTATIONS } from '../domain/rental/mutations.ts';
import { customerCreate, customerDelete, customerUpdate } from '../domain/customers/mutations.ts';
import { jobAddNote, jobCreate, jobSetStatus, jobUpdate } from '../domain/jobs/mutations.ts';
import { siteUpdate } from '../domain/sites/mutations.ts';
import { vehicleCreate, vehicleUpdate } from '../domain/vehicles/mutations.ts';
import type { MutationDef, ReadSpec } from './types.ts';

export type AnyMutation = MutationDef<TSchema, ReadSpec>;

/** Every named mutation, the one list both the counter and the server run. */
const ALL = [
  customerCreate,
  customerUpdate,
  customerDelete,
  vehicleCreate,
  vehicleUpdate,
  jobCreate,
  jobUpdate,
  jobSetStatus,
  jobAddNote,
  siteUpdate,
  conflictResolve,
  ...GARAGE_MUTATIONS,
  ...RENTAL_MUTATIONS,
  blobRegister,
] as unknown as readonly AnyMutation[]; // each keeps its own precise types where it is defined

export const MUTATIONS: ReadonlyMap<string, AnyMutation> = new Map(ALL.map((def) => [def.name, def]));

export function mutationByName(name: string): AnyMutation {
  const def = MUTATIONS.get(name);
  if (!def) throw new DomainError('invalid', `unknown mutation ${name}`);
  return def;
}

/** Names, roles and input JSON Schemas, for `forecourt-device mutations` and API docs. */
export function describeMutations(): Array<{
  name: string;
  description: string;
  roles: readonly string[];
  input: TSchema;
}> {
  return [...MUTATIONS.values()].map((def) => ({
    name: def.name,
    description: def.description,
    roles: def.roles,
    input: def.input,
  }));
}
