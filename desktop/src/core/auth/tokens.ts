import Type from 'typebox';
import { Compile } from 'typebox/compile';
import type { Logger } from '../logger.ts';
import { ServerError, type AuthResult } from '../sync/server-api.ts';
import type { SecretStore } from './secret-store.ts';

const StoredTokens = Type.Object({
  userId: Type.String(),
  accessToken: Type.String(),
  refreshToken: Type.String(),
  expiresAtMs: Type.Number(),
});
type StoredTokens = Type.Static<typeof StoredTokens>;
const StoredTokensCheck = Compile(StoredTokens);

/** Refresh this long before the access token expires, so that a push never races the expiry. */
const REFRESH_MARGIN_MS = 60_000;

export function expiryMs(expiresAt: string | number): number {
  if (typeof expiresAt === 'number') return expiresAt < 1e12 ? expiresAt * 1000 : expiresAt;
  const parsed = Date.parse(expiresAt);
  return Number.isNaN(parsed) ? 0 : parsed;
}

export interface TokenKeeperDeps {
  readonly secrets: SecretStore;
  readonly clock: () => number;
  readonly logger: Logger;
  /** POST /auth/refresh with the device credential. */
  readonly refresh: (refreshToken: string) => Promise<AuthResult>;
  /** A refresh also returns the user: their role or sites may have changed. */
  readonly onRefreshed: (result: AuthResult) => void;
}

/**
 * The signed-in user's access and (rotating) refresh token. Refreshes are serialised: two pushes
 * racing to refresh with the same rotating token would get the second one refused.
 */
export class TokenKeeper {
  readonly #deps: TokenKeeperDeps;
  #refreshing: Promise<string | null> | null = null;

  constructor(deps: TokenKeeperDeps) {
    this.#deps = deps;
  }

  save(result: AuthResult): void {
    const tokens: StoredTokens = {
      userId: result.user.id,
      accessToken: result.accessToken,
      refreshToken: result.refreshToken,
      expiresAtMs: expiryMs(result.expiresAt),
    };
    this.#deps.secrets.set('user-tokens', JSON.stringify(tokens));
  }

  clear(): void {
    this.#deps.secrets.delete('user-tokens');
  }

  #stored(): StoredTokens | null {
    const raw = this.#deps.secrets.get('user-tokens');
    if (raw === null) return null;
    try {
      const value: unknown = JSON.parse(raw);
      return StoredTokensCheck.Check(value) ? value : null;
    } catch {
      // Unreadable tokens are as good as none: the user signs in again.
      return null;
    }
  }

  userId(): string | null {
    return this.#stored()?.userId ?? null;
  }

  refreshToken(): string | null {
    return this.#stored()?.refreshToken ?? null;
  }

  /** A usable access token, refreshed first when it is about to expire; null when there is none. */
  async accessToken(): Promise<string | null> {
    const tokens = this.#stored();
    if (!tokens) return null;
    if (tokens.expiresAtMs - REFRESH_MARGIN_MS > this.#deps.clock()) return tokens.accessToken;
    return this.#refreshOnce();
  }

  /** The server refused the access token (401): try one refresh. */
  async rejected(): Promise<string | null> {
    return this.#refreshOnce();
  }

  #refreshOnce(): Promise<string | null> {
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  async #refresh(): Promise<string | null> {
    const tokens = this.#stored();
    if (!tokens) return null;
    try {
      const result = await this.#deps.refresh(tokens.refreshToken);
      this.save(result);
      this.#deps.onRefreshed(result);
      return result.accessToken;
    } catch (error) {
      if (error instanceof ServerError && error.transient) {
        this.#deps.logger.info(
          { failure: error.failure },
          'token refresh failed for now; pushing with the device credential',
        );
        return null;
      }
      // Refused or expired: the tokens are dead. The user stays signed in on this counter and
      // the server still accepts their mutations through the device credential.
      this.#deps.logger.warn(
        { code: error instanceof ServerError ? error.code : 'error' },
        'token refresh refused; tokens dropped',
      );
      this.clear();
      return null;
    }
  }
}
