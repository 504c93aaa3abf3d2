import { DomainError } from '@forecourt/shared';
import type { Queryable } from '../db/database.ts';
import { KEY_ENV, KEY_FILE, loadMasterKey, type MasterKey } from './master-key.ts';
import { isSettingName, type SettingName } from './names.ts';
import { openValue, sealValue, type SealedValue } from './seal.ts';

interface StoredRow {
  key: string;
  ciphertext: Uint8Array;
  iv: Uint8Array;
  auth_tag: Uint8Array;
  key_id: string;
  updated_at: string | Date;
}

export interface StoredSetting {
  readonly name: string;
  readonly sealed: SealedValue;
  readonly updatedAt: string;
}

const iso = (value: string | Date) => (value instanceof Date ? value : new Date(value)).toISOString();

/** Every stored setting, still sealed (no key needed), in name order. */
export async function storedSettings(db: Queryable): Promise<StoredSetting[]> {
  const rows = await db.query<StoredRow>(
    'SELECT key, ciphertext, iv, auth_tag, key_id, updated_at FROM server_secret_settings ORDER BY key',
  );
  return rows.rows.map((row) => ({
    name: row.key,
    sealed: {
      ciphertext: Buffer.from(row.ciphertext),
      iv: Buffer.from(row.iv),
      authTag: Buffer.from(row.auth_tag),
      keyId: row.key_id,
    },
    updatedAt: iso(row.updated_at),
  }));
}

/** Seals and stores one value (replacing the earlier one), with a fresh IV. */
export async function putSetting(
  db: Queryable,
  master: MasterKey,
  name: SettingName,
  value: string,
  now: Date,
): Promise<void> {
  const sealed = sealValue(master, name, value);
  await db.query(
    `INSERT INTO server_secret_settings (key, ciphertext, iv, auth_tag, key_id, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (key) DO UPDATE SET ciphertext = EXCLUDED.ciphertext, iv = EXCLUDED.iv,
       auth_tag = EXCLUDED.auth_tag, key_id = EXCLUDED.key_id, updated_at = EXCLUDED.updated_at`,
    [name, sealed.ciphertext, sealed.iv, sealed.authTag, sealed.keyId, now.toISOString()],
  );
}

export async function deleteSetting(db: Queryable, name: SettingName): Promise<boolean> {
  return (await db.query('DELETE FROM server_secret_settings WHERE key = $1', [name])).rowCount > 0;
}

/**
 * The decrypted settings for the integrations config, read once when the server (or a worker)
 * starts. No stored setting: no key is needed or made. Otherwise every value must open: a
 * missing or wrong master key, or an altered row, stops the start with a message that says which
 * (a provider silently falling back to its sandbox would be worse). Names a newer version may
 * have stored and this one does not know are skipped.
 */
export async function readServerSettings(
  db: Queryable,
  env: NodeJS.ProcessEnv,
  dataDir: string,
): Promise<Partial<Record<SettingName, string>>> {
  const stored = await storedSettings(db);
  if (stored.length === 0) return {};
  const master = await loadMasterKey(env, dataDir, { create: false });
  if (!master) {
    throw new DomainError(
      'invalid',
      `${stored.length} encrypted setting(s) are stored but there is no master key: set ${KEY_ENV}, or restore ${KEY_FILE} in ${dataDir}`,
    );
  }
  const values: Partial<Record<SettingName, string>> = {};
  for (const setting of stored) {
    if (!isSettingName(setting.name)) continue;
    values[setting.name] = openValue(master, setting.name, setting.sealed);
  }
  return values;
}
