import { DomainError, type EnvSource, type MutationContext, type Role } from '@forecourt/shared';
import type { DeviceIdentity } from './counter-api.ts';

/** Who a mutation runs as: the user, with the role and sites the counter knows for them. */
export interface ActorProfile {
  readonly userId: string;
  readonly role: Role;
  readonly siteIds: readonly string[];
}

/**
 * The sites this actor may touch on this device. An all-sites device (scope 'tenant') lets an
 * owner touch every site and anyone else their assigned sites; a site device only ever works for
 * its own site, and only for users assigned to it (owners may use any site).
 */
export function allowedSitesFor(identity: DeviceIdentity, actor: ActorProfile): readonly string[] | null {
  if (identity.scope === 'tenant') return actor.role === 'owner' ? null : actor.siteIds;
  const siteId = identity.siteId;
  if (siteId === null) return [];
  if (actor.role === 'owner' || actor.siteIds.includes(siteId)) return [siteId];
  throw new DomainError('forbidden', 'you are not assigned to the site of this counter');
}

export interface ContextMoment {
  readonly now: string;
  readonly hlc: string;
  readonly env: EnvSource;
}

export function buildMutationContext(
  identity: DeviceIdentity,
  actor: ActorProfile,
  moment: ContextMoment,
): MutationContext {
  return {
    tenantId: identity.tenantId,
    deviceId: identity.deviceId,
    deviceCode: identity.deviceCode,
    deviceSiteId: identity.siteId,
    allowedSiteIds: allowedSitesFor(identity, actor),
    actor: { userId: actor.userId, role: actor.role },
    now: moment.now,
    hlc: moment.hlc,
    newId: () => moment.env.newId(),
    nextSeq: (series) => moment.env.nextSeq(series),
  };
}
