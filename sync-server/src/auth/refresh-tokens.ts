import { DomainError, uuidv7 } from '@forecourt/shared';
import type { Database, Queryable } from '../db/database.ts';
import { randomSecret, sha256Hex } from './secrets.ts';

export const REFRESH_TOKEN_LIFETIME_MS = 30 * 24 * 60 * 60_000;

export interface RefreshTokenOwner {
  readonly tenantId: string;
  readonly userId: string;
  readonly deviceId: string | null;
}

export interface IssuedRefreshToken {
  readonly token: string;
  readonly familyId: string;
  readonly expiresAtMs: number;
}

interface RefreshTokenRow {
  tenant_id: string;
  user_id: string;
  device_id: string | null;
  family_id: string;
  expires_at: string;
  rotated_at: string | null;
  revoked_at: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();
const rejected = () => new DomainError('unauthenticated', 'refresh token is invalid, expired or revoked');

/** A new token; without familyId it starts a new family (a sign-in). Only its sha256 is stored. */
export async function issueRefreshToken(
  db: Queryable,
  owner: RefreshTokenOwner,
  nowMs: number,
  familyId: string = uuidv7(nowMs),
): Promise<IssuedRefreshToken> {
  const token = randomSecret(32);
  const expiresAtMs = nowMs + REFRESH_TOKEN_LIFETIME_MS;
  await db.query(
    `INSERT INTO refresh_tokens (token_hash, tenant_id, user_id, device_id, family_id, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [sha256Hex(token), owner.tenantId, owner.userId, owner.deviceId, familyId, iso(nowMs), iso(expiresAtMs)],
  );
  return { token, familyId, expiresAtMs };
}

async function revokeFamily(db: Queryable, familyId: string, nowMs: number): Promise<void> {
  await db.query('UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL', [
    familyId,
    iso(nowMs),
  ]);
}

type RotationOutcome<T> =
  { kind: 'rotated'; owner: RefreshTokenOwner; issued: IssuedRefreshToken; accepted: T } | { kind: 'rejected' };

/**
 * Exchanges a refresh token for a new one of the same family. A token presented a second time
 * (already rotated) means it was copied: the whole family is revoked, so the thief's and the
 * owner's sessions both end and the owner signs in again. `accept` returns what the caller
 * needs to continue (the current user) or null to veto the rotation (a deactivated user, a
 * revoked device), which also revokes the family.
 */
export async function rotateRefreshToken<T>(
  db: Database,
  token: string,
  nowMs: number,
  accept: (tx: Queryable, owner: RefreshTokenOwner) => Promise<T | null>,
): Promise<{ owner: RefreshTokenOwner; issued: IssuedRefreshToken; accepted: T }> {
  const outcome = await db.transaction(async (tx): Promise<RotationOutcome<T>> => {
    const found = await tx.query<RefreshTokenRow>(
      `SELECT tenant_id, user_id, device_id, family_id, expires_at, rotated_at, revoked_at
         FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE`,
      [sha256Hex(token)],
    );
    const row = found.rows[0];
    if (!row || row.revoked_at !== null || Date.parse(row.expires_at) <= nowMs) {
      return { kind: 'rejected' };
    }
    const owner = { tenantId: row.tenant_id, userId: row.user_id, deviceId: row.device_id };
    const accepted = row.rotated_at === null ? await accept(tx, owner) : null;
    if (accepted === null) {
      await revokeFamily(tx, row.family_id, nowMs);
      return { kind: 'rejected' };
    }
    await tx.query('UPDATE refresh_tokens SET rotated_at = $2 WHERE token_hash = $1', [sha256Hex(token), iso(nowMs)]);
    const issued = await issueRefreshToken(tx, owner, nowMs, row.family_id);
    return { kind: 'rotated', owner, issued, accepted };
  });
  // Thrown after the commit: the family revocation above must persist.
  if (outcome.kind === 'rejected') throw rejected();
  return { owner: outcome.owner, issued: outcome.issued, accepted: outcome.accepted };
}

/** Sign-out: ends the token's whole family. Unknown tokens are ignored (sign-out is idempotent). */
export async function revokeRefreshTokenFamily(db: Queryable, token: string, nowMs: number): Promise<void> {
  const found = await db.query<{ family_id: string }>('SELECT family_id FROM refresh_tokens WHERE token_hash = $1', [
    sha256Hex(token),
  ]);
  const familyId = found.rows[0]?.family_id;
  if (familyId) await revokeFamily(db, familyId, nowMs);
}

/** A revoked device's sessions end with it. */
export async function revokeDeviceRefreshTokens(db: Queryable, deviceId: string, nowMs: number): Promise<void> {
  await db.query('UPDATE refresh_tokens SET revoked_at = $2 WHERE device_id = $1 AND revoked_at IS NULL', [
    deviceId,
    iso(nowMs),
  ]);
}
