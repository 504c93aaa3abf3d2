import { createStore, type StoreApi } from 'zustand/vanilla';
import { ApiError, type Api } from '../../../common/api.ts';
import type { ChannelInput, ChannelOutput } from '../../../common/contract.ts';
import type { AppInfo } from '../../../common/schemas.ts';

type Identity = ChannelOutput<'device:identity'>;
type User = ChannelOutput<'session:current'>;

/**
 * The path from a fresh install to work: pair (LAN browsers only) → enrol this PC → sign in →
 * ready. Each step is decided by asking the core, so a reload lands on the right screen.
 */
export type SessionPhase = 'loading' | 'unreachable' | 'pairing' | 'enrol' | 'signin' | 'ready';

export interface SessionState {
  readonly phase: SessionPhase;
  readonly info: AppInfo | null;
  readonly identity: Identity;
  readonly user: User;
  readonly problem: string | null;
  boot(): Promise<void>;
  enrol(input: ChannelInput<'device:enrol'>): Promise<void>;
  login(input: ChannelInput<'session:login'>): Promise<void>;
  loginWithPin(input: ChannelInput<'session:loginWithPin'>): Promise<void>;
  setPin(pin: string): Promise<void>;
  logout(): Promise<void>;
  userChanged(user: User): void;
}

export function createSessionStore(api: Api): StoreApi<SessionState> {
  return createStore<SessionState>()((set, get) => ({
    phase: 'loading',
    info: null,
    identity: null,
    user: null,
    problem: null,
    async boot() {
      try {
        const info = await api.call('app:info', null);
        const identity = await api.call('device:identity', null);
        const user = identity ? await api.call('session:current', null) : null;
        set({ info, identity, user, problem: null, phase: !identity ? 'enrol' : user ? 'ready' : 'signin' });
      } catch (error) {
        if (error instanceof ApiError && error.code === 'unauthenticated')
          return set({ phase: 'pairing', problem: null });
        set({ phase: 'unreachable', problem: error instanceof Error ? error.message : String(error) });
      }
    },
    async enrol(input) {
      const identity = await api.call('device:enrol', input);
      set({ identity, phase: 'signin' });
    },
    async login(input) {
      const user = await api.call('session:login', input);
      set({ user, phase: 'ready' });
    },
    async loginWithPin(input) {
      const user = await api.call('session:loginWithPin', input);
      set({ user, phase: 'ready' });
    },
    async setPin(pin) {
      await api.call('session:setPin', { pin });
    },
    async logout() {
      await api.call('session:logout', null);
      set({ user: null, phase: 'signin' });
    },
    userChanged(user) {
      const phase = get().phase;
      if (phase !== 'ready' && phase !== 'signin') return;
      set({ user, phase: user ? 'ready' : 'signin' });
    },
  }));
}
