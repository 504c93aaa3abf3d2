export * from './counter-api.ts';
export { CounterCore, openCounter, type OpenCounterOptions } from './counter.ts';
export { MetaSecretStore, type SecretName, type SecretStore } from './auth/secret-store.ts';
export type { Logger } from './logger.ts';
export type { Timers } from './sync/backoff.ts';
export type { LiveSocket, LiveSocketConstructor } from './sync/live-channel.ts';
export type { SyncTuning } from './sync-client.ts';
