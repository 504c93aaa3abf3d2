import type { Queryable } from '../db/database.ts';
import { randomSecret } from './secrets.ts';

const SETTING_KEY = 'access_token_secret';

/**
 * The access-token signing secret: FORECOURT_TOKEN_SECRET when set, otherwise one generated on
 * first start and kept in server_settings, so that tokens survive restarts and every instance on
 * the same database signs alike. The first writer wins when two instances start together.
 */
export async function loadTokenSecret(db: Queryable, configured: string | null): Promise<string> {
  if (configured) return configured;
  await db.query('INSERT INTO server_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
    SETTING_KEY,
    randomSecret(48),
  ]);
  const result = await db.query<{ value: string }>('SELECT value FROM server_settings WHERE key = $1', [SETTING_KEY]);
  const secret = result.rows[0]?.value;
  if (!secret) throw new Error('token secret missing from server_settings');
  return secret;
}
