import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError } from '@forecourt/shared';

const LOCK_FILE = 'forecourt-server.pid';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else; it still holds the folder.
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // kill errors are always ErrnoException
  }
}

/**
 * PGlite is one process's database: a second process opening the same folder would corrupt it.
 * The pid file makes an admin command fail cleanly while a server runs on the folder (and vice
 * versa); a stale file of a dead process is taken over.
 */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, LOCK_FILE);
  const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && processAlive(holder)) {
    throw new DomainError(
      'conflict',
      `the data folder ${dir} is in use by another process (pid ${holder}); stop it first or use DATABASE_URL`,
    );
  }
  await writeFile(file, String(process.pid));
  return async () => {
    await rm(file, { force: true });
  };
}
