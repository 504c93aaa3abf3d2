import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError } from '@forecourt/shared';

/** The master key's file in the server's data folder, used when FORECOURT_SETTINGS_KEY is unset. */
export const KEY_FILE = 'settings.key';
export const KEY_ENV = 'FORECOURT_SETTINGS_KEY';

export interface MasterKey {
  readonly key: Buffer;
  /** A hash prefix naming the key (stored beside each value); it reveals nothing of the key. */
  readonly id: string;
  /** Where it came from, for messages: the variable's name or the file's path. */
  readonly origin: string;
}

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('forecourt-settings-key\0').update(key).digest('hex').slice(0, 16);
}

const USAGE = 'must be 32 random bytes in base64 (for example the output of `openssl rand -base64 32`)';

/** Strict: exactly 32 bytes, and canonical base64 (so a typo is not silently another key). */
function parseKey(text: string, origin: string): MasterKey {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== 32 || key.toString('base64') !== trimmed) throw new DomainError('invalid', `${origin} ${USAGE}`);
  return { key, id: keyIdOf(key), origin };
}

/**
 * The master key of the encrypted settings: FORECOURT_SETTINGS_KEY when set (every instance of a
 * deployment must then share it), otherwise `settings.key` in the data folder, which must be
 * readable by its owner only. With `create`, a missing file is made (32 random bytes, mode 0600,
 * never overwriting one that appeared meanwhile); without, a missing key is null.
 */
export async function loadMasterKey(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  options: { create: boolean },
): Promise<MasterKey | null> {
  const configured = env[KEY_ENV];
  if (configured !== undefined && configured.trim() !== '') return parseKey(configured, KEY_ENV);
  const file = join(dataDir, KEY_FILE);
  const existing = await readKeyFile(file);
  if (existing) return existing;
  if (!options.create) return null;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  try {
    await writeFile(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process made it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // fs errors are ErrnoException
  }
  const made = await readKeyFile(file);
  if (!made) throw new DomainError('unavailable', `the master key file ${file} could not be written`);
  return made;
}

async function readKeyFile(file: string): Promise<MasterKey | null> {
  let mode: number;
  try {
    mode = (await stat(file)).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null; // fs errors are ErrnoException
    throw error;
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new DomainError(
      'invalid',
      `the master key file ${file} may be read by other users (mode ${(mode & 0o777).toString(8)}); run chmod 600 on it`,
    );
  }
  return parseKey(await readFile(file, 'utf8'), `the master key file ${file}`);
}
