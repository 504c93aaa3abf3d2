import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DomainError } from '@forecourt/shared';
import type { MasterKey } from './master-key.ts';

export interface SealedValue {
  readonly ciphertext: Buffer;
  readonly iv: Buffer;
  readonly authTag: Buffer;
  readonly keyId: string;
}

const ALGORITHM = 'aes-256-gcm';
/** The setting's name is bound to its ciphertext: a value copied onto another name does not open. */
const aad = (name: string) => Buffer.from(`forecourt-setting\0${name}`, 'utf8');

/** AES-256-GCM with a fresh 96-bit IV per value and a 128-bit tag. */
export function sealValue(master: MasterKey, name: string, value: string): SealedValue {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, master.key, iv, { authTagLength: 16 });
  cipher.setAAD(aad(name));
  const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return { ciphertext, iv, authTag: cipher.getAuthTag(), keyId: master.id };
}

/**
 * The value, or a DomainError that says which of two things went wrong: the value was sealed
 * under another master key (key ids differ), or it was altered (the tag does not verify). Never
 * garbage, and never any part of the value in the message.
 */
export function openValue(master: MasterKey, name: string, sealed: SealedValue): string {
  if (sealed.keyId !== master.id) {
    throw new DomainError(
      'invalid',
      `the setting ${name} was encrypted with master key ${sealed.keyId}, but the master key in use (${master.origin}) is ${master.id}: ` +
        'start with the key it was set with, or set it again',
    );
  }
  if (sealed.iv.length !== 12 || sealed.authTag.length !== 16) throw tampered(name);
  try {
    const decipher = createDecipheriv(ALGORITHM, master.key, sealed.iv, { authTagLength: 16 });
    decipher.setAAD(aad(name));
    decipher.setAuthTag(sealed.authTag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw tampered(name);
  }
}

const tampered = (name: string) =>
  new DomainError(
    'invalid',
    `the setting ${name} failed its integrity check (its stored ciphertext, IV or tag was altered); set it again`,
  );
