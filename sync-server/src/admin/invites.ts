import { randomInt } from 'node:crypto';
import { DomainError, uuidv7 } from '@forecourt/shared';
import type { Queryable } from '../db/database.ts';
import { assertAcceptablePassword } from '../auth/passwords.ts';
import { sha256Hex } from '../auth/secrets.ts';
import type { UserRecord } from '../auth/users.ts';
import { ENROLMENT_CODE_ALPHABET, normaliseEnrolmentCode } from '../devices/enrolment-codes.ts';
import { assertEmailFree, normaliseEmail, requireText } from './credentials.ts';
import type { AdminDeps } from './deps.ts';
import { assertOwner } from './owner.ts';
import { createUser } from './users.ts';

/** Longer than a device code: an invite makes an account, and it may travel by message. */
export const INVITE_CODE_LENGTH = 10;
export const INVITE_LIFETIME_MS = 7 * 24 * 60 * 60_000;
export const INVITE_ROLES = ['manager', 'staff'] as const;
export type InviteRole = (typeof INVITE_ROLES)[number];

export interface CreatedInvite {
  readonly id: string;
  /** Shown once, as ABCDE-FGHJK; only its sha256 is stored. */
  readonly code: string;
  readonly siteId: string;
  readonly role: InviteRole;
  readonly expiresAt: string;
}

export interface OpenInvite {
  readonly id: string;
  readonly siteId: string;
  readonly role: InviteRole;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export function isInviteRole(value: string): value is InviteRole {
  return (INVITE_ROLES as readonly string[]).includes(value);
}

export function generateInviteCode(): string {
  let code = '';
  for (let i = 0; i < INVITE_CODE_LENGTH; i++)
    code += ENROLMENT_CODE_ALPHABET[randomInt(ENROLMENT_CODE_ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** Case, spaces and dashes do not matter, as for enrolment codes. */
export function hashInviteCode(code: string): string {
  return sha256Hex(normaliseEnrolmentCode(code));
}

async function assertSiteOfTenant(db: Queryable, tenantId: string, siteId: string): Promise<void> {
  const result = await db.query('SELECT 1 FROM sites WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL', [
    siteId,
    tenantId,
  ]);
  if (result.rows.length === 0) throw new DomainError('not-found', 'site not found');
}

/** A one-time invite for a site and a role (owners only), valid for seven days. */
export async function createInvite(
  deps: Pick<AdminDeps, 'db' | 'clock'>,
  actor: UserRecord,
  input: { siteId: string; role: string },
): Promise<CreatedInvite> {
  assertOwner(actor, 'invite people');
  if (!isInviteRole(input.role)) throw new DomainError('invalid', 'an invite is for a manager or a staff member');
  await assertSiteOfTenant(deps.db, actor.tenantId, input.siteId);
  const nowMs = deps.clock();
  const id = uuidv7(nowMs);
  const code = generateInviteCode();
  const expiresAt = new Date(nowMs + INVITE_LIFETIME_MS).toISOString();
  await deps.db.query(
    `INSERT INTO user_invites (id, code_hash, tenant_id, site_id, role, created_by, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      id,
      hashInviteCode(code),
      actor.tenantId,
      input.siteId,
      input.role,
      actor.id,
      new Date(nowMs).toISOString(),
      expiresAt,
    ],
  );
  return { id, code, siteId: input.siteId, role: input.role, expiresAt };
}

/** Invites not yet used, withdrawn or expired, newest first. */
export async function listOpenInvites(deps: Pick<AdminDeps, 'db' | 'clock'>, actor: UserRecord): Promise<OpenInvite[]> {
  assertOwner(actor, 'see invites');
  const result = await deps.db.query<{
    id: string;
    site_id: string;
    role: string;
    created_at: string;
    expires_at: string;
  }>(
    `SELECT id, site_id, role, created_at, expires_at FROM user_invites
      WHERE tenant_id = $1 AND used_at IS NULL AND withdrawn_at IS NULL AND expires_at > $2
      ORDER BY created_at DESC LIMIT 100`,
    [actor.tenantId, new Date(deps.clock()).toISOString()],
  );
  return result.rows.map((row) => ({
    id: row.id,
    siteId: row.site_id,
    role: isInviteRole(row.role) ? row.role : 'staff',
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  }));
}

/** Withdraws an unused invite; its code stops working at once. Withdrawing twice is harmless. */
export async function withdrawInvite(
  deps: Pick<AdminDeps, 'db' | 'clock'>,
  actor: UserRecord,
  inviteId: string,
): Promise<{ id: string }> {
  assertOwner(actor, 'withdraw invites');
  const result = await deps.db.query(
    `UPDATE user_invites SET withdrawn_at = coalesce(withdrawn_at, $3)
      WHERE id = $1 AND tenant_id = $2 AND used_at IS NULL RETURNING id`,
    [inviteId, actor.tenantId, new Date(deps.clock()).toISOString()],
  );
  if (result.rows.length === 0) throw new DomainError('not-found', 'no unused invite with this id');
  return { id: inviteId };
}

export interface AcceptInviteInput {
  code: string;
  name: string;
  email: string;
  password: string;
}

export interface JoinedUser {
  readonly userId: string;
  readonly email: string;
  readonly tenantId: string;
  readonly siteId: string;
  readonly role: InviteRole;
}

interface InviteRow {
  id: string;
  tenant_id: string;
  site_id: string;
  role: string;
  expires_at: string;
  used_at: string | null;
  withdrawn_at: string | null;
}

/** Why a found invite cannot be used now, or null when it can. */
export function inviteProblem(invite: InviteRow, nowIso: string): DomainError | null {
  if (invite.used_at !== null) return new DomainError('conflict', 'this invite code has already been used');
  if (invite.withdrawn_at !== null) return new DomainError('forbidden', 'this invite code was withdrawn by the owner');
  if (invite.expires_at <= nowIso)
    return new DomainError('forbidden', 'this invite code has expired; ask the owner for a new one');
  return null;
}

export const unknownInviteCode = () =>
  new DomainError('unauthenticated', 'this invite code is not valid; check it or ask the owner for a new one');

async function findInvite(db: Queryable, codeHash: string): Promise<InviteRow | null> {
  const result = await db.query<InviteRow>(
    'SELECT id, tenant_id, site_id, role, expires_at, used_at, withdrawn_at FROM user_invites WHERE code_hash = $1',
    [codeHash],
  );
  return result.rows[0] ?? null;
}

/** Marks the invite used in one statement, so two people racing for one code cannot both join. */
async function claimInvite(
  db: Queryable,
  claim: { invite: InviteRow; codeHash: string; userId: string; nowIso: string },
): Promise<void> {
  const { invite, nowIso } = claim;
  const claimed = await db.query(
    `UPDATE user_invites SET used_at = $2, used_by_user = $3
      WHERE id = $1 AND used_at IS NULL AND withdrawn_at IS NULL AND expires_at > $2 RETURNING id`,
    [invite.id, nowIso, claim.userId],
  );
  if (claimed.rows.length > 0) return;
  // Lost a race (or the clock passed the expiry): say what happened to the code.
  const now = await findInvite(db, claim.codeHash);
  throw (now && inviteProblem(now, nowIso)) ?? unknownInviteCode();
}

/**
 * A person joins with an invite code, choosing their name, email and password. The new user
 * gets the invite's role and site; the code is used up. If creating the user fails (taken
 * email), the code is released again.
 */
export async function acceptInvite(deps: AdminDeps, input: AcceptInviteInput): Promise<JoinedUser> {
  const codeHash = hashInviteCode(input.code);
  const invite = await findInvite(deps.db, codeHash);
  if (!invite) throw unknownInviteCode();
  const nowIso = new Date(deps.clock()).toISOString();
  const problem = inviteProblem(invite, nowIso);
  if (problem) throw problem;
  const name = requireText(input.name, 'your name', 120);
  const email = normaliseEmail(input.email);
  assertAcceptablePassword(input.password);
  await assertEmailFree(deps.db, email);
  const role = isInviteRole(invite.role) ? invite.role : 'staff';
  const placeholder = uuidv7(deps.clock());
  await claimInvite(deps.db, { invite, codeHash, userId: placeholder, nowIso });
  try {
    const { userId } = await createUser(deps, {
      tenantId: invite.tenant_id,
      email,
      password: input.password,
      role,
      siteId: invite.site_id,
      name,
    });
    await deps.db.query('UPDATE user_invites SET used_by_user = $2 WHERE id = $1', [invite.id, userId]);
    return { userId, email, tenantId: invite.tenant_id, siteId: invite.site_id, role };
  } catch (error) {
    await deps.db.query(
      'UPDATE user_invites SET used_at = NULL, used_by_user = NULL WHERE id = $1 AND used_by_user = $2',
      [invite.id, placeholder],
    );
    throw error;
  }
}
