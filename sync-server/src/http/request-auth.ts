import { DomainError } from '@forecourt/shared';
import type { FastifyRequest } from 'fastify';
import { authenticateDevice, deviceCredentialFromHeader } from '../auth/device-credentials.ts';
import { findUser, type UserRecord } from '../auth/users.ts';
import type { AppServices } from '../services.ts';
import type { DeviceSession } from '../sync/types.ts';

export const USER_TOKEN_HEADER = 'x-user-token';

const firstHeader = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The enrolled device making the request (`Authorization: Device <id>.<secret>`); 401 otherwise. */
export function requireDevice(services: AppServices, request: FastifyRequest): Promise<DeviceSession> {
  return authenticateDevice(services.db, deviceCredentialFromHeader(request.headers.authorization));
}

/** The device when the request carries a Device credential, null when it carries none. */
export async function optionalDevice(services: AppServices, request: FastifyRequest): Promise<DeviceSession | null> {
  const credential = deviceCredentialFromHeader(request.headers.authorization);
  return credential ? authenticateDevice(services.db, credential) : null;
}

/** An access token from `x-user-token`, or from `Authorization: Bearer` when no device header uses it. */
export function userTokenFrom(request: FastifyRequest): string | null {
  const header = firstHeader(request.headers[USER_TOKEN_HEADER]);
  if (header) return header.trim();
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization?.trim() ?? '');
  return bearer?.[1] ?? null;
}

/**
 * The user of the access token sent alongside a device credential, or null without one. A token
 * issued to another tenant or another device is refused rather than ignored.
 */
export function signedInUserOf(services: AppServices, request: FastifyRequest, device: DeviceSession): string | null {
  const token = userTokenFrom(request);
  if (!token) return null;
  const claims = services.accessTokens.verify(token);
  if (claims.tid !== device.tenantId || (claims.did !== null && claims.did !== device.deviceId)) {
    throw new DomainError('unauthenticated', 'the access token was issued for another device');
  }
  return claims.sub;
}

/** The signed-in user, as the database has them now (role and sites may have changed since sign-in). */
export async function requireUser(services: AppServices, request: FastifyRequest): Promise<UserRecord> {
  const token = userTokenFrom(request);
  if (!token) throw new DomainError('unauthenticated', 'sign in first');
  const claims = services.accessTokens.verify(token);
  const user = await findUser(services.db, claims.tid, claims.sub);
  if (!user?.active) throw new DomainError('unauthenticated', 'this account is no longer active');
  if (claims.did !== null && !(await deviceActive(services, claims.tid, claims.did))) {
    throw new DomainError('unauthenticated', 'the device this session belongs to has been revoked');
  }
  return user;
}

async function deviceActive(services: AppServices, tenantId: string, deviceId: string): Promise<boolean> {
  const result = await services.db.query(
    'SELECT 1 FROM devices WHERE id = $1 AND tenant_id = $2 AND revoked_at IS NULL AND deleted_at IS NULL',
    [deviceId, tenantId],
  );
  return result.rows.length > 0;
}
