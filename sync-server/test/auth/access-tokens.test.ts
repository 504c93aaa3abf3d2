import { describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_LIFETIME_MS, createAccessTokens } from '../../src/auth/access-tokens.ts';
import { createTestClock } from '../support/clock.ts';

const subject = { userId: 'user-1', tenantId: 'tenant-1', deviceId: 'device-1', role: 'staff' as const };
const SECRET = 'a-test-secret-of-reasonable-length-0123456789';

function reencode(token: string, change: (claims: Record<string, unknown>) => void): string {
  const [payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>; // test-only decode
  change(claims);
  return `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

describe('access tokens', () => {
  it('round-trips the claims and expires after 15 minutes', () => {
    const clock = createTestClock();
    const tokens = createAccessTokens(SECRET, clock);
    const issued = tokens.issue(subject);
    expect(issued.expiresAtMs).toBe(clock() + ACCESS_TOKEN_LIFETIME_MS);
    expect(tokens.verify(issued.token)).toEqual({
      sub: 'user-1',
      tid: 'tenant-1',
      did: 'device-1',
      role: 'staff',
      exp: Math.floor(issued.expiresAtMs / 1000),
    });
    clock.advance(ACCESS_TOKEN_LIFETIME_MS - 1000);
    expect(tokens.verify(issued.token).sub).toBe('user-1');
    clock.advance(1000);
    expect(() => tokens.verify(issued.token)).toThrow(/invalid or expired/);
  });

  it('refuses a token whose claims were changed', () => {
    const tokens = createAccessTokens(SECRET, createTestClock());
    const { token } = tokens.issue(subject);
    expect(() => tokens.verify(reencode(token, (claims) => (claims.role = 'owner')))).toThrow(/invalid/);
    expect(() => tokens.verify(reencode(token, (claims) => (claims.exp = Number(claims.exp) + 3600)))).toThrow(
      /invalid/,
    );
  });

  it('refuses a changed signature, another secret and malformed tokens', () => {
    const clock = createTestClock();
    const tokens = createAccessTokens(SECRET, clock);
    const { token } = tokens.issue(subject);
    const [payload, signature = ''] = token.split('.');
    const flipped = `${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    expect(() => tokens.verify(flipped)).toThrow(/invalid/);
    expect(() => createAccessTokens('another-secret-entirely-0123456789abcdef', clock).verify(token)).toThrow(
      /invalid/,
    );
    for (const malformed of ['', 'abc', `${token}.extra`, `${payload}.`, '.sig']) {
      expect(() => tokens.verify(malformed)).toThrow(/invalid/);
    }
  });

  it('refuses a correctly signed payload that is not a claim set', () => {
    const tokens = createAccessTokens(SECRET, createTestClock());
    const { token } = tokens.issue(subject);
    const stripped = reencode(token, (claims) => delete claims.tid);
    expect(() => tokens.verify(stripped)).toThrow(/invalid/);
  });
});
