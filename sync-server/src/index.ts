/** The sync server's public surface for other workspaces (desktop tests, bench, demo seeding). */
export { buildApp, type ForecourtApp } from './app.ts';
export { startServer, type RunningServer } from './server.ts';
export { loadConfig, type ServerConfig } from './config.ts';
export { createLogger } from './logger.ts';
export { openServerDatabase, MIGRATIONS_DIR } from './open-database.ts';
export type { AppDeps } from './services.ts';
export * from './admin/index.ts';
export { enrolDevice, type EnrolledDevice } from './devices/enrolment.ts';
export { revokeDevice } from './devices/revoke.ts';
export { USER_TOKEN_HEADER } from './http/request-auth.ts';
export { formatDeviceCredential, parseDeviceCredential } from './auth/device-credentials.ts';
