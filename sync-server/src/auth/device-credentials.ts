import { DomainError } from '@forecourt/shared';
import type { Queryable } from '../db/database.ts';
import type { DeviceSession } from '../sync/types.ts';
import { constantTimeEqual, randomSecret, sha256Hex } from './secrets.ts';

export interface DeviceCredential {
  readonly deviceId: string;
  readonly secret: string;
}

const CREDENTIAL_PATTERN = /^([0-9a-fA-F-]{36})\.([A-Za-z0-9_-]{20,200})$/;

/** `<deviceId>.<secret>`, as sent after `Authorization: Device ` or in the live channel's `?device=`. */
export function parseDeviceCredential(value: string | undefined): DeviceCredential | null {
  const match = value ? CREDENTIAL_PATTERN.exec(value.trim()) : null;
  if (!match?.[1] || !match[2]) return null;
  return { deviceId: match[1].toLowerCase(), secret: match[2] };
}

/** The credential from an `Authorization: Device <id>.<secret>` header, or null when absent. */
export function deviceCredentialFromHeader(authorization: string | undefined): DeviceCredential | null {
  const match = authorization ? /^Device\s+(\S+)$/i.exec(authorization.trim()) : null;
  return match?.[1] ? parseDeviceCredential(match[1]) : null;
}

export function formatDeviceCredential(credential: DeviceCredential): string {
  return `${credential.deviceId}.${credential.secret}`;
}

/** A new device secret and what is stored of it. */
export function newDeviceSecret(): { secret: string; secretHash: string } {
  const secret = randomSecret(32);
  return { secret, secretHash: sha256Hex(secret) };
}

interface DeviceCredentialRow {
  tenant_id: string;
  site_id: string | null;
  code: string;
  scope: string;
  revoked_at: string | null;
  deleted_at: string | null;
  secret_hash: string;
}

/** The session of a known, unrevoked device whose secret matches; `unauthenticated` otherwise. */
export async function authenticateDevice(db: Queryable, credential: DeviceCredential | null): Promise<DeviceSession> {
  if (!credential) throw new DomainError('unauthenticated', 'device credential required');
  const result = await db.query<DeviceCredentialRow>(
    `SELECT d.tenant_id, d.site_id, d.code, d.scope, d.revoked_at, d.deleted_at, c.secret_hash
       FROM device_credentials c JOIN devices d ON d.id = c.device_id AND d.tenant_id = c.tenant_id
      WHERE c.device_id = $1`,
    [credential.deviceId],
  );
  const row = result.rows[0];
  if (!row || !constantTimeEqual(sha256Hex(credential.secret), row.secret_hash)) {
    throw new DomainError('unauthenticated', 'device credential is not valid');
  }
  if (row.revoked_at !== null || row.deleted_at !== null) {
    throw new DomainError('unauthenticated', 'this device has been revoked; enrol it again');
  }
  return {
    tenantId: row.tenant_id,
    deviceId: credential.deviceId,
    deviceCode: row.code,
    siteId: row.site_id,
    scope: row.scope === 'tenant' ? 'tenant' : 'site',
  };
}
