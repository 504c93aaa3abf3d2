import { DomainError, type Row } from '@forecourt/shared';
import type { UserRecord } from '../auth/users.ts';
import { pgRowStore } from '../db/pg-store.ts';
import type { Queryable } from '../db/database.ts';
import type { AdminDeps } from './deps.ts';
import { assertOwner } from './owner.ts';

/**
 * The users row after an owner sets `active`, or null when it already has that value. Pure: the
 * rules are that only owners decide, and nobody switches themselves off (so a tenant always keeps
 * the owner who is acting).
 */
export function decideUserActive(actor: UserRecord, target: Row | null, active: boolean, nowIso: string): Row | null {
  assertOwner(actor, active ? 'reactivate people' : 'deactivate people');
  if (!target || target.deleted_at !== null || target.tenant_id !== actor.tenantId)
    throw new DomainError('not-found', 'user not found');
  if (target.id === actor.id) throw new DomainError('forbidden', 'you cannot deactivate your own account');
  if (target.active === active) return null;
  return { ...target, active, updated_at: nowIso };
}

/** Ends every session of the user on every device (refresh tokens; access tokens are re-checked per request). */
async function revokeUserRefreshTokens(db: Queryable, tenantId: string, userId: string, nowIso: string) {
  await db.query(
    'UPDATE refresh_tokens SET revoked_at = $3 WHERE user_id = $1 AND tenant_id = $2 AND revoked_at IS NULL',
    [userId, tenantId, nowIso],
  );
}

/**
 * Deactivates or reactivates a user. A deactivated user can no longer sign in, refresh a session
 * or push work (sign-in, refresh and push each check `active` on the server); their refresh tokens
 * end at once. The change replicates, so counters show it. Doing it twice is harmless.
 */
export async function setUserActive(
  deps: AdminDeps,
  actor: UserRecord,
  input: { userId: string; active: boolean },
): Promise<{ userId: string; active: boolean }> {
  const target = await pgRowStore(deps.db, actor.tenantId).get('users', input.userId);
  const nowIso = new Date(deps.clock()).toISOString();
  const changed = decideUserActive(actor, target, input.active, nowIso);
  if (changed) await deps.engine.writeRows(actor.tenantId, [{ table: 'users', row: changed }]);
  if (!input.active) await revokeUserRefreshTokens(deps.db, actor.tenantId, input.userId, nowIso);
  return { userId: input.userId, active: input.active };
}
