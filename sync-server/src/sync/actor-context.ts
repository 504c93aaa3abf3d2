import {
  DomainError,
  type Actor,
  type AsyncRowStore,
  type MutationContext,
  type MutationEnv,
  type Role,
} from '@forecourt/shared';
import { ROLES, replayingEnv, uuidv7 } from '@forecourt/shared';
import type { Queryable } from '../db/database.ts';
import type { DeviceSession } from './types.ts';

export interface ResolvedActor extends Actor {
  readonly siteIds: readonly string[];
}

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * The actor of a pushed mutation, from the server's own users table — never from the arguments.
 * It must be active, and be the signed-in user of the push or a user who signed in online on this
 * device before (whose offline PIN sign-in the counter vouches for).
 */
export async function resolveActor(
  tx: Queryable,
  store: AsyncRowStore,
  device: DeviceSession,
  actorId: string,
  signedInUserId: string | null,
): Promise<ResolvedActor> {
  const user = await store.get('users', actorId);
  if (!user || user.deleted_at) throw new DomainError('forbidden', 'unknown user');
  if (user.active !== true) throw new DomainError('forbidden', 'this user has been deactivated');
  if (actorId !== signedInUserId) {
    const known = await tx.query('SELECT 1 FROM device_users WHERE device_id = $1 AND user_id = $2', [
      device.deviceId,
      actorId,
    ]);
    if (known.rowCount === 0) throw new DomainError('forbidden', 'this user has never signed in on this device');
  }
  if (!isRole(user.role)) throw new DomainError('forbidden', 'the user has no valid role');
  const siteIds = Array.isArray(user.site_ids)
    ? user.site_ids.filter((id): id is string => typeof id === 'string')
    : [];
  return { userId: actorId, role: user.role, siteIds };
}

/** Sites the actor may touch from this device: the device's scope cut down to the user's sites. */
export function allowedSites(device: DeviceSession, actor: ResolvedActor): readonly string[] | null {
  if (device.scope === 'tenant') return actor.role === 'owner' ? null : actor.siteIds;
  if (!device.siteId) throw new DomainError('forbidden', 'the device has no site');
  if (actor.role === 'owner' || actor.siteIds.includes(device.siteId)) return [device.siteId];
  throw new DomainError('forbidden', 'this user has no access to the device’s site');
}

export function serverContext(input: {
  device: DeviceSession;
  actor: ResolvedActor;
  env: MutationEnv;
  now: string;
  hlc: string;
}): MutationContext {
  const source = replayingEnv(input.env, () => uuidv7());
  return {
    tenantId: input.device.tenantId,
    deviceId: input.device.deviceId,
    deviceCode: input.device.deviceCode,
    deviceSiteId: input.device.siteId,
    allowedSiteIds: allowedSites(input.device, input.actor),
    actor: { userId: input.actor.userId, role: input.actor.role },
    now: input.now,
    hlc: input.hlc,
    newId: () => source.newId(),
    nextSeq: (series) => source.nextSeq(series),
    authoritative: true,
  };
}
