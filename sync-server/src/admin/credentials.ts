import { DomainError } from '@forecourt/shared';
import { Email } from '@forecourt/shared/domain/common';
import { Value } from 'typebox/value';
import type { Queryable } from '../db/database.ts';
import { assertAcceptablePassword, hashPassword } from '../auth/passwords.ts';
import { isUniqueViolation } from '../unique-violation.ts';

export function normaliseEmail(email: string): string {
  const normalised = email.trim().toLowerCase();
  if (!Value.Check(Email, normalised)) throw new DomainError('invalid', 'email address is not valid');
  return normalised;
}

/** Emails identify users across the whole server (sign-in does not ask for the company). */
export async function assertEmailFree(db: Queryable, email: string): Promise<void> {
  const result = await db.query('SELECT 1 FROM users WHERE lower(email) = lower($1)', [email]);
  if (result.rows.length > 0) throw new DomainError('conflict', 'a user with this email already exists');
}

/**
 * Stores the password hash first and then runs writeUser (which writes the replicated row); if
 * that fails the hash is removed again, and a lost race for the email becomes a `conflict`.
 */
export async function withUserCredentials<T>(
  db: Queryable,
  user: { userId: string; tenantId: string; password: string; nowIso: string },
  writeUser: () => Promise<T>,
): Promise<T> {
  assertAcceptablePassword(user.password);
  const passwordHash = await hashPassword(user.password);
  await db.query(
    'INSERT INTO user_credentials (user_id, tenant_id, password_hash, updated_at) VALUES ($1, $2, $3, $4)',
    [user.userId, user.tenantId, passwordHash, user.nowIso],
  );
  try {
    return await writeUser();
  } catch (error) {
    await db.query('DELETE FROM user_credentials WHERE user_id = $1', [user.userId]);
    if (isUniqueViolation(error)) throw new DomainError('conflict', 'a user with this email already exists');
    throw error;
  }
}

export function requireText(value: string, what: string, maxLength: number): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw new DomainError('invalid', `${what} is required`);
  if (trimmed.length > maxLength) throw new DomainError('invalid', `${what} must have at most ${maxLength} characters`);
  return trimmed;
}
