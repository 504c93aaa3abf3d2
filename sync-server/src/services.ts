import type { Logger } from 'pino';
import { createAccessTokens, type AccessTokens } from './auth/access-tokens.ts';
import { createAttemptLimiter, type AttemptLimiter } from './auth/attempt-limiter.ts';
import { loadTokenSecret } from './auth/token-secret.ts';
import type { ServerConfig } from './config.ts';
import type { Database } from './db/database.ts';
import type { SyncEngine } from './sync/types.ts';

/** What buildApp is given: everything with a side effect comes from the caller. */
export interface AppDeps {
  readonly db: Database;
  readonly engine: SyncEngine;
  readonly logger: Logger;
  readonly config: ServerConfig;
  readonly clock: () => number;
}

/** What routes use: the deps plus the auth services built from them. */
export interface AppServices extends AppDeps {
  readonly accessTokens: AccessTokens;
  /** Failed sign-ins per email and client address. */
  readonly loginLimiter: AttemptLimiter;
  /** Failed enrolments per client address: codes are short, so guessing must stay slow. */
  readonly enrolLimiter: AttemptLimiter;
}

/** A shorter HMAC key is guessable offline from any one access token. */
const MIN_SECRET_LENGTH = 32;

export async function createServices(deps: AppDeps): Promise<AppServices> {
  const secret = await loadTokenSecret(deps.db, deps.config.tokenSecret);
  if (deps.config.tokenSecret !== null && deps.config.tokenSecret.length < MIN_SECRET_LENGTH) {
    deps.logger.warn(`FORECOURT_TOKEN_SECRET has fewer than ${MIN_SECRET_LENGTH} characters; use a long random value`);
  }
  const limiterOptions = {
    limit: deps.config.failedAttemptLimit,
    windowMs: deps.config.failedAttemptWindowMs,
    clock: deps.clock,
  };
  return {
    ...deps,
    accessTokens: createAccessTokens(secret, deps.clock),
    loginLimiter: createAttemptLimiter(limiterOptions),
    enrolLimiter: createAttemptLimiter(limiterOptions),
  };
}
