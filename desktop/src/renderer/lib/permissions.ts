import { MUTATIONS } from '@forecourt/shared/mutations/registry';
import type { Role } from '@forecourt/shared/mutations/types';

/**
 * Whether the signed-in user's role may run a mutation, from the same registry the core and the
 * server enforce. The UI uses it only to hide what would be refused, never as the check itself.
 */
export function canRun(role: Role | undefined, mutation: string): boolean {
  if (!role) return false;
  return MUTATIONS.get(mutation)?.roles.includes(role) ?? false;
}

export function canManage(role: Role | undefined): boolean {
  return role === 'owner' || role === 'manager';
}
