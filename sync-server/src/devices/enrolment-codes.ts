import { randomInt } from 'node:crypto';
import { DomainError } from '@forecourt/shared';
import type { Queryable } from '../db/database.ts';
import { sha256Hex } from '../auth/secrets.ts';
import { canAccessSite, type UserRecord } from '../auth/users.ts';

/** No 0/O, 1/I/L: the code is read off one screen and typed on another. */
export const ENROLMENT_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const ENROLMENT_CODE_LENGTH = 8;
export const ENROLMENT_CODE_LIFETIME_MS = 24 * 60 * 60_000;

export type EnrolmentTarget = { readonly siteId: string } | { readonly tenantId: string; readonly scope: 'tenant' };

export interface EnrolmentCode {
  readonly code: string;
  readonly expiresAt: string;
  readonly tenantId: string;
  readonly siteId: string | null;
  readonly scope: 'site' | 'tenant';
}

export function generateEnrolmentCode(): string {
  let code = '';
  for (let i = 0; i < ENROLMENT_CODE_LENGTH; i++)
    code += ENROLMENT_CODE_ALPHABET[randomInt(ENROLMENT_CODE_ALPHABET.length)];
  return code;
}

/** Accepts what a person types: any case, spaces and dashes (codes may be shown as ABCD-EFGH). */
export function normaliseEnrolmentCode(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

export function hashEnrolmentCode(code: string): string {
  return sha256Hex(normaliseEnrolmentCode(code));
}

async function resolveTarget(db: Queryable, target: EnrolmentTarget) {
  if ('siteId' in target) {
    const site = await db.query<{ tenant_id: string }>(
      'SELECT tenant_id FROM sites WHERE id = $1 AND deleted_at IS NULL',
      [target.siteId],
    );
    const tenantId = site.rows[0]?.tenant_id;
    if (!tenantId) throw new DomainError('not-found', 'site not found');
    return { tenantId, siteId: target.siteId, scope: 'site' as const };
  }
  const tenant = await db.query('SELECT 1 FROM tenants WHERE id = $1 AND deleted_at IS NULL', [target.tenantId]);
  if (tenant.rows.length === 0) throw new DomainError('not-found', 'tenant not found');
  return { tenantId: target.tenantId, siteId: null, scope: 'tenant' as const };
}

/** A single-use code, valid for 24 hours, that enrols one device for a site or the whole tenant. */
export async function createEnrolmentCode(
  deps: { db: Queryable; clock: () => number },
  target: EnrolmentTarget,
  createdBy: UserRecord | null = null,
): Promise<EnrolmentCode> {
  const resolved = await resolveTarget(deps.db, target);
  if (createdBy) assertMayCreateCode(createdBy, resolved);
  const nowMs = deps.clock();
  const expiresAt = new Date(nowMs + ENROLMENT_CODE_LIFETIME_MS).toISOString();
  const code = generateEnrolmentCode();
  await deps.db.query(
    `INSERT INTO enrolment_codes (code_hash, tenant_id, site_id, scope, created_by, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      hashEnrolmentCode(code),
      resolved.tenantId,
      resolved.siteId,
      resolved.scope,
      createdBy?.id ?? null,
      new Date(nowMs).toISOString(),
      expiresAt,
    ],
  );
  return { code, expiresAt, ...resolved };
}

/** Owners enrol for any site or the whole tenant; managers only for their own sites. */
function assertMayCreateCode(user: UserRecord, target: { tenantId: string; siteId: string | null }): void {
  // Another tenant's site is reported as missing, not as forbidden: its id tells nothing then.
  if (user.tenantId !== target.tenantId) throw new DomainError('not-found', 'site not found');
  if (user.role !== 'owner' && user.role !== 'manager') {
    throw new DomainError('forbidden', 'only owners and managers can enrol devices');
  }
  if (target.siteId === null) {
    if (user.role !== 'owner') throw new DomainError('forbidden', 'only owners can enrol an all-sites device');
    return;
  }
  if (!canAccessSite(user, target.siteId))
    throw new DomainError('forbidden', 'you can only enrol devices for your own sites');
}
