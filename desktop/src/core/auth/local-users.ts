import type Database from 'better-sqlite3';

export interface LocalUser {
  readonly userId: string;
  readonly email: string;
  readonly pinHash: string | null;
  readonly lastLoginAt: string;
}

interface LocalUserRecord {
  user_id: string;
  email: string;
  pin_hash: string | null;
  last_login_at: string;
}

/** Users who signed in online on this PC: the only ones who may sign in here offline with a PIN. */
export class LocalUsers {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  recordOnlineLogin(userId: string, email: string, at: string): void {
    this.#db
      .prepare(
        `INSERT INTO local_users (user_id, email, pin_hash, last_login_at) VALUES (?, ?, NULL, ?)
         ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, last_login_at = excluded.last_login_at`,
      )
      .run(userId, email, at);
  }

  /** Emails compare case-insensitively; the most recent sign-in wins if an address moved users. */
  findByEmail(email: string): LocalUser | null {
    const row = this.#db
      .prepare<[string], LocalUserRecord>(
        'SELECT * FROM local_users WHERE lower(email) = lower(?) ORDER BY last_login_at DESC LIMIT 1',
      )
      .get(email.trim());
    return row
      ? { userId: row.user_id, email: row.email, pinHash: row.pin_hash, lastLoginAt: row.last_login_at }
      : null;
  }

  setPinHash(userId: string, pinHash: string): boolean {
    return this.#db.prepare('UPDATE local_users SET pin_hash = ? WHERE user_id = ?').run(pinHash, userId).changes > 0;
  }
}
