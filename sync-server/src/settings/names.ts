import { DomainError } from '@forecourt/shared';

/**
 * The provider variables an operator may keep in the server's encrypted settings instead of the
 * environment: credentials and the account identifiers that go with them. Endpoints
 * (`*_API_BASE`) and tuning stay in the environment. `list` variables take comma-separated
 * values, all valid at once (rotation); `secret` ones are reported on the owner's integrations
 * page by source only.
 */
export const SETTINGS = {
  STRIPE_SECRET_KEY: { provider: 'stripe', list: false, secret: true },
  STRIPE_WEBHOOK_SECRET: { provider: 'stripe', list: true, secret: true },
  DOCUSIGN_HMAC_KEYS: { provider: 'docusign', list: true, secret: true },
  DOCUSIGN_ACCESS_TOKEN: { provider: 'docusign', list: false, secret: true },
  DOCUSIGN_ACCOUNT_ID: { provider: 'docusign', list: false, secret: false },
  ENODE_WEBHOOK_SECRET: { provider: 'enode', list: true, secret: true },
  ENODE_CLIENT_ID: { provider: 'enode', list: false, secret: false },
  ENODE_CLIENT_SECRET: { provider: 'enode', list: false, secret: true },
  TWILIO_ACCOUNT_SID: { provider: 'twilio', list: false, secret: false },
  TWILIO_AUTH_TOKEN: { provider: 'twilio', list: true, secret: true },
  TWILIO_FROM_NUMBER: { provider: 'twilio', list: false, secret: false },
  TWILIO_VERIFY_SERVICE_SID: { provider: 'twilio', list: false, secret: false },
} as const satisfies Record<
  string,
  { provider: 'stripe' | 'docusign' | 'enode' | 'twilio'; list: boolean; secret: boolean }
>;

export type SettingName = keyof typeof SETTINGS;
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

export function isSettingName(name: string): name is SettingName {
  return Object.hasOwn(SETTINGS, name);
}

/** The name, or a clear refusal listing the names that are accepted. */
export function settingName(name: string | undefined): SettingName {
  if (name && isSettingName(name)) return name;
  const shown = name ? `"${name.slice(0, 64)}" is not a setting` : 'a setting name is required';
  throw new DomainError('invalid', `${shown}; use one of ${SETTING_NAMES.join(', ')}`);
}

/** Longest value accepted: a comma list of a few rotated secrets or an access token. */
export const MAX_VALUE_LENGTH = 8192;

/**
 * A value as it will be stored: trimmed; refused when empty, too long or holding control
 * characters (a pasted newline in the middle would make a secret that never matches). The
 * refusal never repeats the value.
 */
export function settingValue(name: SettingName, raw: string | undefined): string {
  const value = (raw ?? '').trim();
  if (value === '') throw new DomainError('invalid', `a value for ${name} is required`);
  if (value.length > MAX_VALUE_LENGTH)
    throw new DomainError('invalid', `the value for ${name} is longer than ${MAX_VALUE_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(value))
    throw new DomainError('invalid', `the value for ${name} holds a line break or another control character`);
  if (SETTINGS[name].list && value.split(',').every((part) => part.trim() === ''))
    throw new DomainError('invalid', `the value for ${name} holds no value between its commas`);
  return value;
}

/** What `settings list` may show of a value: its last four characters, and only of a long one. */
export function lastFour(value: string): string | null {
  return value.length >= 12 ? value.slice(-4) : null;
}
