import { SETTING_NAMES, SETTINGS, type SettingName } from './names.ts';

/** Where a provider variable's value comes from, as the owner's integrations page shows it. */
export type SettingSource = 'env' | 'settings' | 'env+settings' | 'unset';

const split = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);

/**
 * The environment the integrations config is read from: the process environment with the stored
 * settings filled in. A single-valued variable takes the environment's value when it is set and
 * the setting's otherwise; a comma-list secret takes both (environment first, duplicates once),
 * so an old secret in one place and a new one in the other are valid together while rotating.
 */
export function withSettings(
  env: NodeJS.ProcessEnv,
  settings: Partial<Record<SettingName, string>>,
): { env: NodeJS.ProcessEnv; sources: Record<SettingName, SettingSource> } {
  const merged: NodeJS.ProcessEnv = { ...env };
  const sources = {} as Record<SettingName, SettingSource>;
  for (const name of SETTING_NAMES) {
    const fromEnv = (env[name] ?? '').trim();
    const fromSettings = (settings[name] ?? '').trim();
    if (SETTINGS[name].list) {
      const values = [...new Set([...split(fromEnv), ...split(fromSettings)])];
      if (values.length > 0) merged[name] = values.join(',');
      sources[name] = sourceOf(split(fromEnv).length > 0, split(fromSettings).length > 0);
    } else if (fromEnv !== '') {
      sources[name] = 'env';
    } else if (fromSettings !== '') {
      merged[name] = fromSettings;
      sources[name] = 'settings';
    } else {
      sources[name] = 'unset';
    }
  }
  return { env: merged, sources };
}

function sourceOf(inEnv: boolean, inSettings: boolean): SettingSource {
  if (inEnv && inSettings) return 'env+settings';
  if (inEnv) return 'env';
  return inSettings ? 'settings' : 'unset';
}
