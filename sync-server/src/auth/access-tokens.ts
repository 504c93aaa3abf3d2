import { createHmac } from 'node:crypto';
import { DomainError, type Role } from '@forecourt/shared';
import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { constantTimeEqual } from './secrets.ts';

export const ACCESS_TOKEN_LIFETIME_MS = 15 * 60_000;

const Claims = Type.Object({
  sub: Type.String({ minLength: 1 }),
  tid: Type.String({ minLength: 1 }),
  did: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  role: Type.Union([Type.Literal('owner'), Type.Literal('manager'), Type.Literal('staff'), Type.Literal('viewer')]),
  /** Expiry, seconds since the epoch (as in JWT). */
  exp: Type.Integer(),
});
const claimsCheck = Compile(Claims);

export type AccessTokenClaims = Static<typeof Claims>;
const roleClaim = (role: Role): AccessTokenClaims['role'] => role;

export interface IssuedAccessToken {
  readonly token: string;
  readonly expiresAtMs: number;
}

export interface AccessTokens {
  issue(subject: { userId: string; tenantId: string; deviceId: string | null; role: Role }): IssuedAccessToken;
  /** The claims of a valid, unexpired token; a DomainError `unauthenticated` otherwise. */
  verify(token: string): AccessTokenClaims;
}

const rejected = () => new DomainError('unauthenticated', 'access token is invalid or expired');

/** Compact HMAC-SHA256 tokens: `base64url(JSON claims).base64url(signature)`. */
export function createAccessTokens(secret: string, clock: () => number): AccessTokens {
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');
  return {
    issue({ userId, tenantId, deviceId, role }) {
      const expiresAtMs = clock() + ACCESS_TOKEN_LIFETIME_MS;
      const claims: AccessTokenClaims = {
        sub: userId,
        tid: tenantId,
        did: deviceId,
        role: roleClaim(role),
        exp: Math.floor(expiresAtMs / 1000),
      };
      const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
      return { token: `${payload}.${sign(payload)}`, expiresAtMs: claims.exp * 1000 };
    },
    verify(token) {
      const [payload, signature, extra] = token.split('.');
      if (!payload || !signature || extra !== undefined) throw rejected();
      if (!constantTimeEqual(sign(payload), signature)) throw rejected();
      const claims = parseClaims(payload);
      if (claims.exp * 1000 <= clock()) throw rejected();
      return claims;
    },
  };
}

function parseClaims(payload: string): AccessTokenClaims {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    // A correctly signed token always holds JSON: this branch means a forged or damaged token.
    throw rejected();
  }
  if (!claimsCheck.Check(decoded)) throw rejected();
  return decoded;
}
