import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * Pairing of a browser on the LAN (a tablet in the bay) with this counter: the counter shows a
 * six-digit code, the tablet enters it once and keeps a session cookie. The code changes after
 * every successful pairing and after a few wrong guesses, so it cannot be guessed by trying.
 */
export interface Pairing {
  /** The code to show on the counter PC. */
  currentCode(): string;
  /** A new session token when the code is right, otherwise null. */
  pair(code: string): string | null;
  isSession(token: string | undefined): boolean;
}

export interface PairingDeps {
  readonly newCode?: () => string;
  readonly newToken?: () => string;
  readonly maxFailures?: number;
}

const sixDigits = () => String(randomInt(0, 1_000_000)).padStart(6, '0');
const sessionToken = () => randomBytes(32).toString('base64url');

export function createPairing(deps: PairingDeps = {}): Pairing {
  const newCode = deps.newCode ?? sixDigits;
  const newToken = deps.newToken ?? sessionToken;
  const maxFailures = deps.maxFailures ?? 5;
  const sessions = new Set<string>();
  let code = newCode();
  let failures = 0;

  const rotate = () => {
    code = newCode();
    failures = 0;
  };
  return {
    currentCode: () => code,
    pair(attempt) {
      const expected = Buffer.from(code);
      const given = Buffer.from(attempt.trim());
      if (given.length === expected.length && timingSafeEqual(given, expected)) {
        rotate();
        const token = newToken();
        sessions.add(token);
        return token;
      }
      failures += 1;
      if (failures >= maxFailures) rotate();
      return null;
    },
    isSession: (token) => token !== undefined && sessions.has(token),
  };
}
