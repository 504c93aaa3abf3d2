import { DomainError } from '@forecourt/shared';
import type { Database } from '../../../db/database.ts';
import { sha256Hex } from '../hmac.ts';
import { ProviderError } from '../provider-error.ts';
import type { TwilioProvider } from './client.ts';

/** Our own limits, below Twilio's (5 sends, 5 checks per verification), per phone and per client address. */
export const OTP_LIMITS = {
  sendsPerPhone: { count: 3, windowMs: 10 * 60_000 },
  sendsPerAddress: { count: 10, windowMs: 60 * 60_000 },
  checksPerPhone: { count: 5, windowMs: 10 * 60_000 },
  checksPerAddress: { count: 20, windowMs: 60 * 60_000 },
} as const;

type LimitName = keyof typeof OTP_LIMITS;

/** Twilio Verify's errors in words a person at the counter can act on. */
export function otpErrorMessage(error: ProviderError): DomainError {
  switch (error.code) {
    case '60200':
      return new DomainError('invalid', 'this phone number is not valid');
    case '60202':
      return new DomainError('rate-limited', 'too many wrong codes: request a new code');
    case '60203':
      return new DomainError('rate-limited', 'too many codes were sent to this number: try again later');
    case '20404':
      return new DomainError('not-found', 'the code has expired or was already used: request a new one');
    case '60410':
      return new DomainError('forbidden', 'this number cannot receive codes');
    default:
      if (error.status === 429) return new DomainError('rate-limited', 'too many requests: try again in a few minutes');
      return new DomainError('unavailable', 'the verification service did not answer: try again');
  }
}

export interface OtpService {
  start(phone: string, address: string): Promise<{ status: 'pending' }>;
  check(phone: string, code: string, address: string): Promise<{ verified: boolean }>;
}

/**
 * Phone verification with Twilio Verify behind our own rate limit, counted in the database so it
 * holds across server instances. Keys are hashes: no phone number is stored for the limit.
 */
export function otpService(deps: { db: Database; clock: () => number; provider: TwilioProvider }): OtpService {
  const since = (windowMs: number) => new Date(deps.clock() - windowMs).toISOString();
  const keyOf = (kind: string, value: string) => `${kind}:${sha256Hex(value)}`;

  async function consume(limits: ReadonlyArray<[LimitName, string]>): Promise<void> {
    const nowIso = new Date(deps.clock()).toISOString();
    for (const [name, key] of limits) {
      const limit = OTP_LIMITS[name];
      const used = await deps.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM otp_attempts WHERE key = $1 AND kind = $2 AND at > $3',
        [key, name, since(limit.windowMs)],
      );
      if (Number(used.rows[0]?.n ?? 0) >= limit.count) {
        throw new DomainError(
          'rate-limited',
          `too many verification attempts: try again in ${Math.ceil(limit.windowMs / 60_000)} minutes`,
        );
      }
    }
    for (const [name, key] of limits)
      await deps.db.query('INSERT INTO otp_attempts (key, kind, at) VALUES ($1, $2, $3)', [key, name, nowIso]);
    await deps.db.query('DELETE FROM otp_attempts WHERE at < $1', [since(24 * 60 * 60_000)]);
  }

  const viaProvider = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ProviderError) throw otpErrorMessage(error);
      throw error;
    }
  };

  return {
    async start(phone, address) {
      await consume([
        ['sendsPerPhone', keyOf('phone', phone)],
        ['sendsPerAddress', keyOf('address', address)],
      ]);
      await viaProvider(() => deps.provider.startVerification(phone));
      return { status: 'pending' };
    },
    async check(phone, code, address) {
      await consume([
        ['checksPerPhone', keyOf('phone', phone)],
        ['checksPerAddress', keyOf('address', address)],
      ]);
      // A wrong code is HTTP 200 with status `pending`; only `approved` verifies.
      const result = await viaProvider(() => deps.provider.checkVerification(phone, code));
      if (result.status !== 'approved') throw new DomainError('invalid', 'the code is not correct');
      return { verified: true };
    },
  };
}
