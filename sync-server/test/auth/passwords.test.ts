import { describe, expect, it } from 'vitest';
import { hashPassword, verifyNothing, verifyPassword } from '../../src/auth/passwords.ts';

describe('password hashing', () => {
  it('stores scrypt with its cost, a 16-byte salt and the hash', async () => {
    const stored = await hashPassword('correct horse battery');
    const [scheme, n, r, p, salt, hash] = stored.split('$');
    expect([scheme, n, r, p]).toEqual(['scrypt', '16384', '8', '1']);
    expect(Buffer.from(salt ?? '', 'base64url')).toHaveLength(16);
    expect(Buffer.from(hash ?? '', 'base64url')).toHaveLength(32);
    expect(stored).not.toContain('correct horse');
  });

  it('verifies the right password and refuses others', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    const [first, second] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(first).not.toBe(second);
    expect(await verifyPassword('same password', second)).toBe(true);
  });

  it('refuses damaged or foreign hash formats instead of throwing', async () => {
    const stored = await hashPassword('correct horse battery');
    const parts = stored.split('$');
    const otherHash = Buffer.alloc(32, 7).toString('base64url');
    expect(await verifyPassword('correct horse battery', [...parts.slice(0, 5), otherHash].join('$'))).toBe(false);
    expect(await verifyPassword('correct horse battery', stored.replace('scrypt', 'bcrypt'))).toBe(false);
    expect(await verifyPassword('correct horse battery', 'scrypt$x$8$1$a$b')).toBe(false);
    expect(await verifyPassword('correct horse battery', '')).toBe(false);
  });

  it('has a decoy verification that always fails', async () => {
    expect(await verifyNothing('anything')).toBe(false);
  });
});
