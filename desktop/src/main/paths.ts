import { join } from 'node:path';

/**
 * Where things live. The replica, logs, secrets and window state go under the app's user-data
 * folder (per OS user); code and resources sit next to the built main bundle, or in the
 * packaged app's resources folder.
 */
export interface AppPaths {
  readonly dataDir: string;
  readonly logDir: string;
  readonly secretsDir: string;
  readonly windowStateFile: string;
  readonly preload: string;
  readonly coreHost: string;
  readonly rendererFile: string;
  readonly migrationsDir: string;
  readonly icon: string | undefined;
}

export function appPaths(input: {
  userData: string;
  mainDir: string;
  resourcesPath: string;
  packaged: boolean;
}): AppPaths {
  const { userData, mainDir } = input;
  return {
    dataDir: join(userData, 'replica'),
    logDir: join(userData, 'logs'),
    secretsDir: join(userData, 'secrets'),
    windowStateFile: join(userData, 'window-state.json'),
    preload: join(mainDir, '../preload/index.cjs'),
    coreHost: join(mainDir, 'core-host.js'),
    rendererFile: join(mainDir, '../renderer/index.html'),
    // Packaged: electron-builder copies migrations/sqlite into resources (see electron-builder.yml).
    migrationsDir: input.packaged
      ? join(input.resourcesPath, 'migrations/sqlite')
      : join(mainDir, '../../../migrations/sqlite'),
    icon: input.packaged ? undefined : join(mainDir, '../../../build/icons/256x256.png'),
  };
}
