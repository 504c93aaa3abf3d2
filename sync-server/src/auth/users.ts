import { ROLES, type Role } from '@forecourt/shared';
import type { Queryable } from '../db/database.ts';

/** A user as authentication sees it (the replicated `users` row plus its password hash). */
export interface UserRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly siteIds: readonly string[];
  /** Active and not deleted: may sign in and act. */
  readonly active: boolean;
}

export interface UserWithPassword extends UserRecord {
  readonly passwordHash: string | null;
}

/** What the API tells a client about a signed-in user. */
export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  siteIds: string[];
}

interface UserRow {
  id: string;
  tenant_id: string;
  email: string;
  name: string;
  role: string;
  site_ids: unknown;
  active: boolean;
  deleted_at: string | null;
  password_hash?: string | null;
}

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

function toUserRecord(row: UserRow): UserRecord {
  const siteIds: unknown = typeof row.site_ids === 'string' ? JSON.parse(row.site_ids) : row.site_ids;
  return {
    id: row.id,
    tenantId: row.tenant_id,
    email: row.email,
    name: row.name,
    // An unknown role in the database grants nothing: treat it as the read-only role.
    role: isRole(row.role) ? row.role : 'viewer',
    siteIds: Array.isArray(siteIds) ? siteIds.filter((id): id is string => typeof id === 'string') : [],
    active: row.active === true && row.deleted_at === null,
  };
}

const USER_COLUMNS = 'u.id, u.tenant_id, u.email, u.name, u.role, u.site_ids, u.active, u.deleted_at';

/** Emails are unique server-wide, case-insensitively (index users_email). */
export async function findUserByEmail(db: Queryable, email: string): Promise<UserWithPassword | null> {
  const result = await db.query<UserRow>(
    `SELECT ${USER_COLUMNS}, c.password_hash FROM users u
       LEFT JOIN user_credentials c ON c.user_id = u.id AND c.tenant_id = u.tenant_id
      WHERE lower(u.email) = lower($1)`,
    [email.trim()],
  );
  const row = result.rows[0];
  return row ? { ...toUserRecord(row), passwordHash: row.password_hash ?? null } : null;
}

export async function findUser(db: Queryable, tenantId: string, userId: string): Promise<UserRecord | null> {
  const result = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1 AND u.tenant_id = $2`, [
    userId,
    tenantId,
  ]);
  const row = result.rows[0];
  return row ? toUserRecord(row) : null;
}

export function publicUser(user: UserRecord): PublicUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role, siteIds: [...user.siteIds] };
}

/** Owners reach every site; everyone else the sites listed on their user row. */
export function canAccessSite(user: UserRecord, siteId: string): boolean {
  return user.role === 'owner' || user.siteIds.includes(siteId);
}
