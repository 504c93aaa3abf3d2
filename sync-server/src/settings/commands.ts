import { DomainError, isDomainError } from '@forecourt/shared';
import type { Logger } from 'pino';
import type { ServerConfig } from '../config.ts';
import { openServerDatabase } from '../open-database.ts';
import { loadMasterKey } from './master-key.ts';
import { withSettings } from './merge.ts';
import { SETTING_NAMES, lastFour, settingName, settingValue, type SettingName } from './names.ts';
import { openValue } from './seal.ts';
import { deleteSetting, putSetting, storedSettings } from './store.ts';

export const RESTART_NOTE =
  'a running server reads settings when it starts: restart it (and external workers) to apply';

export interface SettingsCommandDeps {
  readonly config: ServerConfig;
  readonly env: NodeJS.ProcessEnv;
  readonly logger: Logger;
  readonly clock: () => number;
  /** The value when the command line gives none (piped in, so it stays out of the shell history). */
  readonly readValue: () => Promise<string>;
}

/**
 * `forecourt-server settings set NAME [VALUE] | list | unset NAME`. The answer never holds a
 * value: `set` and `list` show at most its last four characters. Arguments are checked before
 * the database is opened.
 */
export async function runSettingsCommand(
  args: readonly string[],
  deps: SettingsCommandDeps,
): Promise<Record<string, unknown>> {
  const [sub, rawName, rawValue, ...extra] = args;
  if (sub === 'set') {
    if (extra.length > 0) throw new DomainError('invalid', 'settings set takes NAME and one VALUE (quote it)');
    const name = settingName(rawName);
    const value = settingValue(name, rawValue ?? (await deps.readValue()));
    return withDatabase(deps, async (db) => {
      const master = await loadMasterKey(deps.env, deps.config.dataDir, { create: true });
      if (!master) throw new DomainError('unavailable', 'no master key');
      const others = (await storedSettings(db)).filter((row) => row.name !== name && row.sealed.keyId !== master.id);
      await putSetting(db, master, name, value, new Date(deps.clock()));
      return {
        set: name,
        last4: lastFour(value),
        keyId: master.id,
        note: RESTART_NOTE,
        ...(others.length
          ? {
              warning: `${others.map((row) => row.name).join(', ')} were encrypted with another master key; the server will not start until they are set again or unset`,
            }
          : {}),
      };
    });
  }
  if (sub === 'unset') {
    if (rawValue !== undefined) throw new DomainError('invalid', 'settings unset takes only NAME');
    const name = settingName(rawName);
    return withDatabase(deps, async (db) => ({
      unset: name,
      removed: await deleteSetting(db, name),
      note: RESTART_NOTE,
    }));
  }
  if (sub === 'list') {
    if (rawName !== undefined) throw new DomainError('invalid', 'settings list takes no arguments');
    return withDatabase(deps, async (db) => ({ settings: await listSettings(db, deps), note: RESTART_NOTE }));
  }
  throw new DomainError('invalid', 'use settings set NAME [VALUE], settings list, or settings unset NAME');
}

async function withDatabase<T>(
  deps: SettingsCommandDeps,
  action: (db: Awaited<ReturnType<typeof openServerDatabase>>) => Promise<T>,
): Promise<T> {
  const db = await openServerDatabase(deps.config, deps.logger);
  try {
    return await action(db);
  } finally {
    await db.close();
  }
}

interface ListedSetting {
  name: SettingName;
  /** As this command's own environment sees it (the server's may differ). */
  source: string;
  /** Of the stored value when there is one, else of the environment's. */
  last4: string | null;
  updatedAt: string | null;
  error?: string;
}

/** Every provider variable set in either place; a stored value that cannot be opened says why. */
async function listSettings(db: Parameters<typeof storedSettings>[0], deps: SettingsCommandDeps) {
  const stored = await storedSettings(db);
  const master = stored.length ? await loadMasterKey(deps.env, deps.config.dataDir, { create: false }) : null;
  const values: Partial<Record<SettingName, string>> = {};
  const errors: Partial<Record<SettingName, string>> = {};
  for (const row of stored) {
    const name = SETTING_NAMES.find((known) => known === row.name);
    if (!name) continue;
    if (!master) {
      errors[name] = 'no master key (FORECOURT_SETTINGS_KEY or settings.key) to read it';
      continue;
    }
    try {
      values[name] = openValue(master, name, row.sealed);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      errors[name] = error.message;
    }
  }
  const { sources } = withSettings(deps.env, values);
  const listed: ListedSetting[] = [];
  for (const name of SETTING_NAMES) {
    const row = stored.find((entry) => entry.name === name);
    if (!row && sources[name] === 'unset') continue;
    const value = values[name] ?? (row ? undefined : deps.env[name]?.trim());
    listed.push({
      name,
      source:
        row && errors[name] ? (sources[name] === 'unset' ? 'settings' : `${sources[name]}+settings`) : sources[name],
      last4: value ? lastFour(value) : null,
      updatedAt: row?.updatedAt ?? null,
      ...(errors[name] ? { error: errors[name] } : {}),
    });
  }
  return listed;
}
