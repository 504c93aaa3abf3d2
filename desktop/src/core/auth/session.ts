import Type from 'typebox';
import { Compile } from 'typebox/compile';
import { DomainError, ROLES, type Role } from '@forecourt/shared';
import type { SessionUser } from '../counter-api.ts';
import type { Logger } from '../logger.ts';
import type { ActorProfile } from '../mutation-context.ts';
import { META } from '../replica/meta.ts';
import type { Replica } from '../replica/replica.ts';
import { ServerError, type AuthResult, type ServerApi } from '../sync/server-api.ts';
import { LocalUsers } from './local-users.ts';
import { assertValidPin, hashPin, verifyPin } from './pin.ts';
import type { TokenKeeper } from './tokens.ts';

const RoleSchema = Type.Union([
  Type.Literal('owner'),
  Type.Literal('manager'),
  Type.Literal('staff'),
  Type.Literal('viewer'),
]);
const SessionCheck = Compile(
  Type.Object({
    userId: Type.String(),
    email: Type.String(),
    name: Type.String(),
    role: RoleSchema,
    siteIds: Type.Array(Type.String()),
    offline: Type.Boolean(),
  }),
);
const Profile = Type.Object({
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  siteIds: Type.Array(Type.String()),
});
type Profile = Type.Static<typeof Profile>;
const ProfileCheck = Compile(Profile);

const MAX_PIN_FAILURES = 5;
const PIN_LOCKOUT_MS = 5 * 60_000;

function isRole(value: unknown): value is Role {
  // Widening the tuple to string[] only so that includes() accepts any string.
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export interface SessionDeps {
  readonly replica: Replica;
  readonly tokens: TokenKeeper;
  readonly clock: () => number;
  readonly logger: Logger;
  /** The server API with the device credential; throws when the device is not enrolled. */
  readonly server: () => { api: ServerApi; device: string };
  readonly onChange: (user: SessionUser | null) => void;
}

/**
 * Who is signed in on this counter. Online sign-in goes to the server; a user who did that here
 * before may sign in offline with a PIN. The session is kept in meta so that every process on
 * this replica (app, CLI) acts as the same user.
 */
export class SessionManager {
  readonly #deps: SessionDeps;
  readonly #localUsers: LocalUsers;
  readonly #pinFailures = new Map<string, { count: number; lockedUntil: number }>();

  constructor(deps: SessionDeps) {
    this.#deps = deps;
    this.#localUsers = new LocalUsers(deps.replica.db);
  }

  current(): SessionUser | null {
    const value = this.#deps.replica.meta.getJson(META.session);
    return SessionCheck.Check(value) ? value : null;
  }

  async login(input: { email: string; password: string }): Promise<SessionUser> {
    const { api, device } = this.#deps.server();
    let result: AuthResult;
    try {
      result = await api.login({ email: input.email.trim(), password: input.password }, { device });
    } catch (error) {
      throw error instanceof ServerError ? error.toDomainError() : error;
    }
    const at = new Date(this.#deps.clock()).toISOString();
    const user: SessionUser = { ...this.#profileOf(result), userId: result.user.id, offline: false };
    this.#deps.replica.db.transaction(() => {
      this.#localUsers.recordOnlineLogin(user.userId, user.email, at);
      this.#deps.replica.meta.setJson(META.profilePrefix + user.userId, this.#profileOf(result));
      this.#deps.tokens.save(result);
      this.#writeSession(user);
    })();
    this.#deps.onChange(user);
    return user;
  }

  loginWithPin(input: { email: string; pin: string }): SessionUser {
    const key = input.email.trim().toLowerCase();
    const now = this.#deps.clock();
    const failures = this.#pinFailures.get(key);
    if (failures && failures.lockedUntil > now) {
      throw new DomainError('rate-limited', 'too many wrong PINs; try again in a few minutes');
    }
    const local = this.#localUsers.findByEmail(key);
    if (!local?.pinHash || !verifyPin(input.pin, local.pinHash)) {
      const count = (failures?.count ?? 0) + 1;
      this.#pinFailures.set(key, { count, lockedUntil: count >= MAX_PIN_FAILURES ? now + PIN_LOCKOUT_MS : 0 });
      if (!local) throw new DomainError('unauthenticated', 'sign in online on this PC once before using a PIN');
      if (!local.pinHash) throw new DomainError('unauthenticated', 'no PIN is set for this user on this PC');
      throw new DomainError('unauthenticated', 'wrong email or PIN');
    }
    this.#pinFailures.delete(key);
    const profile = this.#offlineProfile(local.userId);
    if (!profile) throw new DomainError('forbidden', 'this user can no longer sign in here');
    const ownsTokens = this.#deps.tokens.userId() === local.userId;
    // Another user's tokens must not carry this user's changes to the server.
    if (!ownsTokens) this.#deps.tokens.clear();
    const user: SessionUser = { userId: local.userId, ...profile, offline: !ownsTokens };
    this.#setSession(user);
    return user;
  }

  setPin(pin: string): void {
    const user = this.current();
    if (!user) throw new DomainError('unauthenticated', 'sign in before setting a PIN');
    assertValidPin(pin);
    if (!this.#localUsers.setPinHash(user.userId, hashPin(pin))) {
      throw new DomainError('unauthenticated', 'sign in online on this PC once before setting a PIN');
    }
  }

  async logout(): Promise<void> {
    const refreshToken = this.#deps.tokens.refreshToken();
    this.#deps.tokens.clear();
    this.#setSession(null);
    if (!refreshToken) return;
    try {
      const { api, device } = this.#deps.server();
      await api.logout(refreshToken, { device });
    } catch (error) {
      // Signed out locally either way; the server lets the refresh token expire on its own.
      this.#deps.logger.info(
        { failure: error instanceof ServerError ? error.failure : 'error' },
        'server sign-out failed',
      );
    }
  }

  /**
   * Signs the current user out when the replicated users row says they were deactivated or
   * removed (the server already refuses their sign-in, refresh and pushes; this ends the session
   * on the counter too), and takes over a changed role or site from that row. Queued changes stay
   * in the outbox; the server re-checks them by the users row and refuses them with a reason.
   */
  endIfDeactivated(): void {
    const user = this.current();
    if (!user || !this.#deps.replica.identity()) return;
    const row = this.#deps.replica.store().get('users', user.userId);
    if (!row) return;
    if (row.deleted_at || row.active === false) {
      this.#deps.logger.info({ userId: user.userId }, 'signed out: the user was deactivated');
      this.#deps.tokens.clear();
      this.#setSession(null);
      return;
    }
    // An owner changed their role or site: the session follows the users row at once, as it
    // follows a token refresh (the server already decides by that row).
    const profile = this.#offlineProfile(user.userId);
    if (!profile) return;
    const sameSites =
      profile.siteIds.length === user.siteIds.length && profile.siteIds.every((id, i) => id === user.siteIds[i]);
    if (profile.role === user.role && sameSites) return;
    this.#deps.logger.info({ userId: user.userId, role: profile.role }, 'session follows a changed role or site');
    this.#setSession({ ...user, role: profile.role, siteIds: profile.siteIds });
  }

  /** The signed-in user as a mutation actor, or null when nobody is signed in. */
  currentActor(): ActorProfile | null {
    const user = this.current();
    return user ? { userId: user.userId, role: user.role, siteIds: user.siteIds } : null;
  }

  /**
   * The role and sites of any user whose mutation is re-run in a rebase: the signed-in user's
   * session, else the replicated users row, else their last online sign-in here.
   */
  actorProfile(userId: string): ActorProfile | null {
    const current = this.current();
    if (current?.userId === userId) return { userId, role: current.role, siteIds: current.siteIds };
    const profile = this.#offlineProfile(userId);
    return profile ? { userId, role: profile.role, siteIds: profile.siteIds } : null;
  }

  /** A token refresh brings the user's current role and sites. */
  applyRefreshedUser(result: AuthResult): void {
    const current = this.current();
    if (current?.userId !== result.user.id) return;
    this.#deps.replica.meta.setJson(META.profilePrefix + current.userId, this.#profileOf(result));
    this.#setSession({ ...current, ...this.#profileOf(result), offline: false });
  }

  #profileOf(result: AuthResult): Profile {
    const { email, name, role, siteIds } = result.user;
    return { email, name, role, siteIds };
  }

  /** From the replicated users row when it is there (it follows the server), else the last online sign-in. */
  #offlineProfile(userId: string): Profile | null {
    const identity = this.#deps.replica.identity();
    const row = identity ? this.#deps.replica.store().get('users', userId) : null;
    if (row) {
      if (row.deleted_at || row.active === false || !isRole(row.role)) return null;
      const siteIds = Array.isArray(row.site_ids) ? row.site_ids.filter((id) => typeof id === 'string') : [];
      return { email: String(row.email), name: String(row.name), role: row.role, siteIds };
    }
    const stored = this.#deps.replica.meta.getJson(META.profilePrefix + userId);
    return ProfileCheck.Check(stored) ? stored : null;
  }

  #writeSession(user: SessionUser | null): void {
    if (user) this.#deps.replica.meta.setJson(META.session, user);
    else this.#deps.replica.meta.delete(META.session);
  }

  #setSession(user: SessionUser | null): void {
    this.#writeSession(user);
    this.#deps.onChange(user);
  }
}
