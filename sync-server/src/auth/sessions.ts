import { DomainError } from '@forecourt/shared';
import type { Database, Queryable } from '../db/database.ts';
import type { DeviceSession } from '../sync/types.ts';
import type { AccessTokens } from './access-tokens.ts';
import type { AttemptLimiter } from './attempt-limiter.ts';
import { verifyNothing, verifyPassword } from './passwords.ts';
import {
  issueRefreshToken,
  revokeRefreshTokenFamily,
  rotateRefreshToken,
  type RefreshTokenOwner,
} from './refresh-tokens.ts';
import { canAccessSite, findUser, findUserByEmail, publicUser, type PublicUser, type UserRecord } from './users.ts';

export interface SessionDeps {
  readonly db: Database;
  readonly accessTokens: AccessTokens;
  readonly loginLimiter: AttemptLimiter;
  readonly clock: () => number;
}

export interface SignedInSession {
  accessToken: string;
  refreshToken: string;
  /** When the access token expires (ISO-8601); refresh before then. */
  expiresAt: string;
  user: PublicUser;
}

type DeviceScope = Pick<DeviceSession, 'scope' | 'siteId'>;

/**
 * A tenant-scope device replicates every site, so only owners sign in there; on a site device the
 * user needs that site.
 */
export function mayUseDevice(user: UserRecord, device: DeviceScope): boolean {
  if (device.scope === 'tenant') return user.role === 'owner';
  return device.siteId !== null && canAccessSite(user, device.siteId);
}

async function issueSession(deps: SessionDeps, user: UserRecord, deviceId: string | null, refreshToken: string) {
  const access = deps.accessTokens.issue({ userId: user.id, tenantId: user.tenantId, deviceId, role: user.role });
  return {
    accessToken: access.token,
    refreshToken,
    expiresAt: new Date(access.expiresAtMs).toISOString(),
    user: publicUser(user),
  };
}

const wrongCredentials = () => new DomainError('unauthenticated', 'email or password is wrong');

/**
 * Email + password sign-in on an enrolled device. A wrong email, a wrong password and a user of
 * another tenant get the same answer and count against the same limit.
 */
export async function signIn(
  deps: SessionDeps,
  device: DeviceSession,
  credentials: { email: string; password: string },
  clientAddress: string,
): Promise<SignedInSession> {
  const limitKey = `${credentials.email.trim().toLowerCase()}|${clientAddress}`;
  deps.loginLimiter.assertAllowed(limitKey);
  const user = await findUserByEmail(deps.db, credentials.email);
  const passwordMatches = user?.passwordHash
    ? await verifyPassword(credentials.password, user.passwordHash)
    : await verifyNothing(credentials.password);
  if (!user || !passwordMatches || user.tenantId !== device.tenantId) {
    deps.loginLimiter.recordFailure(limitKey);
    throw wrongCredentials();
  }
  deps.loginLimiter.reset(limitKey);
  if (!user.active) throw new DomainError('forbidden', 'this account is deactivated');
  if (!mayUseDevice(user, device))
    throw new DomainError('forbidden', 'this account has no access to this device’s site');
  const nowMs = deps.clock();
  await deps.db.query(
    `INSERT INTO device_users (device_id, user_id, tenant_id, first_login_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (device_id, user_id) DO NOTHING`,
    [device.deviceId, user.id, user.tenantId, new Date(nowMs).toISOString()],
  );
  const refresh = await issueRefreshToken(
    deps.db,
    { tenantId: user.tenantId, userId: user.id, deviceId: device.deviceId },
    nowMs,
  );
  return issueSession(deps, user, device.deviceId, refresh.token);
}

interface DeviceStateRow {
  site_id: string | null;
  scope: string;
  revoked_at: string | null;
  deleted_at: string | null;
}

async function deviceStillUsable(tx: Queryable, owner: RefreshTokenOwner, user: UserRecord): Promise<boolean> {
  if (owner.deviceId === null) return true;
  const result = await tx.query<DeviceStateRow>(
    'SELECT site_id, scope, revoked_at, deleted_at FROM devices WHERE id = $1 AND tenant_id = $2',
    [owner.deviceId, owner.tenantId],
  );
  const device = result.rows[0];
  if (!device || device.revoked_at !== null || device.deleted_at !== null) return false;
  return mayUseDevice(user, { scope: device.scope === 'tenant' ? 'tenant' : 'site', siteId: device.site_id });
}

/**
 * Rotates the refresh token and issues a new access token with the user's current role. A token
 * of another device than the one presenting it, a deactivated user or a revoked device ends the
 * token's family.
 */
export async function refreshSession(
  deps: SessionDeps,
  refreshToken: string,
  presentingDevice: DeviceSession | null,
): Promise<SignedInSession> {
  const rotated = await rotateRefreshToken(deps.db, refreshToken, deps.clock(), async (tx, owner) => {
    if (presentingDevice && presentingDevice.deviceId !== owner.deviceId) return null;
    const user = await findUser(tx, owner.tenantId, owner.userId);
    if (!user?.active || !(await deviceStillUsable(tx, owner, user))) return null;
    return user;
  });
  return issueSession(deps, rotated.accepted, rotated.owner.deviceId, rotated.issued.token);
}

export async function signOut(deps: SessionDeps, refreshToken: string): Promise<void> {
  await revokeRefreshTokenFamily(deps.db, refreshToken, deps.clock());
}
