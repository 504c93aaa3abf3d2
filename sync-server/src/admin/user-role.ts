import { DomainError, type Role, type Row } from '@forecourt/shared';
import type { UserRecord } from '../auth/users.ts';
import { pgRowStore } from '../db/pg-store.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { writeRowsInTransaction } from '../integrations/effects/entity-write.ts';
import { runWithRetry } from '../sync/retry.ts';
import { isoNow, type AdminDeps } from './deps.ts';
import { assertOwner } from './owner.ts';

/**
 * An owner changes someone's role (manager, staff or viewer) and the site they work at. Owners
 * are still made with the operator CLI, so this never promotes anyone to owner; it may demote
 * another owner, but never the last active one, and nobody changes their own role. The users row
 * is written through the change log, so every counter has it at its next pull; the server applies
 * the new role at once (each request and each pushed mutation reads the users row), a counter's
 * session at its next token refresh or pull.
 */
export const ASSIGNABLE_ROLES = ['manager', 'staff', 'viewer'] as const satisfies readonly Role[];
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

export interface UserRoleInput {
  readonly userId: string;
  readonly role: string;
  readonly siteId: string;
}

export interface UserRoleFacts {
  /** The acting user's row as it is inside the transaction (their role may have just changed). */
  readonly actor: Row | null;
  readonly target: Row | null;
  /** Whether the site is a live site of the actor's tenant. */
  readonly siteOfTenant: boolean;
  /** Active owners of the tenant, locked for the transaction. */
  readonly activeOwnerIds: readonly string[];
}

const isAssignable = (role: string): role is AssignableRole => (ASSIGNABLE_ROLES as readonly string[]).includes(role);

/** The users row after the change, or null when it already has that role and site. Pure. */
export function decideUserRole(
  actor: UserRecord,
  input: UserRoleInput,
  facts: UserRoleFacts,
  nowIso: string,
): Row | null {
  assertOwner(actor, 'change roles');
  if (facts.actor?.role !== 'owner' || facts.actor.active !== true)
    throw new DomainError('forbidden', 'only an owner can change roles');
  const target = facts.target;
  if (!target || target.deleted_at !== null || target.tenant_id !== actor.tenantId)
    throw new DomainError('not-found', 'user not found');
  if (target.id === actor.id) throw new DomainError('forbidden', 'you cannot change your own role');
  if (!isAssignable(input.role))
    throw new DomainError(
      'invalid',
      `role must be one of ${ASSIGNABLE_ROLES.join(', ')} (owners are made by the operator)`,
    );
  if (!facts.siteOfTenant) throw new DomainError('not-found', 'site not found in this company');
  if (target.role === 'owner' && facts.activeOwnerIds.filter((id) => id !== target.id).length === 0)
    throw new DomainError('conflict', 'the company’s last owner cannot be demoted');
  const siteIds = Array.isArray(target.site_ids) ? target.site_ids : [];
  if (target.role === input.role && siteIds.length === 1 && siteIds[0] === input.siteId) return null;
  return { ...target, role: input.role, site_ids: [input.siteId], updated_at: nowIso };
}

export async function setUserRole(
  deps: AdminDeps,
  actor: UserRecord,
  input: UserRoleInput,
): Promise<{ userId: string; role: string; siteIds: string[] }> {
  assertOwner(actor, 'change roles');
  const nowIso = isoNow(deps);
  const row = await runWithRetry(() =>
    withTenant(deps.db, actor.tenantId, async (tx) => {
      // Role changes of one company wait for each other here: of two owners demoting each other
      // at once, the second finds it is no longer an owner.
      const owners = await tx.query<{ id: string }>(
        "SELECT id FROM users WHERE tenant_id = $1 AND role = 'owner' AND active AND deleted_at IS NULL ORDER BY id FOR UPDATE",
        [actor.tenantId],
      );
      const store = pgRowStore(tx, actor.tenantId);
      const site = await tx.query('SELECT 1 FROM sites WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL', [
        input.siteId,
        actor.tenantId,
      ]);
      const target = await store.get('users', input.userId);
      const changed = decideUserRole(
        actor,
        input,
        {
          actor: await store.get('users', actor.id),
          target,
          siteOfTenant: site.rows.length > 0,
          activeOwnerIds: owners.rows.map((owner) => owner.id),
        },
        nowIso,
      );
      if (changed) await writeRowsInTransaction(tx, actor.tenantId, [{ table: 'users', row: changed }]);
      return changed ?? target;
    }),
  );
  const siteIds = Array.isArray(row?.site_ids) ? row.site_ids.filter((id): id is string => typeof id === 'string') : [];
  return { userId: input.userId, role: String(row?.role), siteIds };
}
