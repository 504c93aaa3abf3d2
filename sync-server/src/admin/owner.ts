import { DomainError } from '@forecourt/shared';
import type { UserRecord } from '../auth/users.ts';

/** Company administration (people, sites, number series) is the owner's alone. */
export function assertOwner(actor: UserRecord, what: string): void {
  if (actor.role !== 'owner') throw new DomainError('forbidden', `only an owner can ${what}`);
}
