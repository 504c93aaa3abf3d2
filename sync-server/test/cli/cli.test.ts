import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFreshPostgres, databaseKinds } from '../support/databases.ts';

const BIN = fileURLToPath(new URL('../../bin/forecourt-server.js', import.meta.url));

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real bin as a user would; one database per kind, PGlite in a temp folder. */
for (const kind of databaseKinds()) {
  describe(`forecourt-server CLI (${kind.name})`, () => {
    let dataDir: string;
    let env: NodeJS.ProcessEnv;
    let dropDatabase: () => Promise<void> = async () => undefined;

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'forecourt-cli-'));
      env = { ...process.env, LOG_LEVEL: 'warn' };
      delete env.DATABASE_URL;
      delete env.FORECOURT_DATA_DIR;
      if (kind.name === 'postgres') {
        const fresh = await createFreshPostgres();
        env.DATABASE_URL = fresh.url;
        dropDatabase = fresh.drop;
      }
    });
    afterAll(async () => {
      await dropDatabase();
      await rm(dataDir, { recursive: true, force: true });
    });

    const run = (...args: string[]) =>
      new Promise<CliResult>((resolve) => {
        execFile(BIN, [...args, '--data', dataDir], { env }, (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        );
      });
    const json = (result: CliResult) => {
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as Record<string, string>; // the CLI prints one JSON object
    };

    it('creates a tenant, a site, a user and an enrolment code', { timeout: 120_000 }, async () => {
      const email = `owner.${kind.name}.${Date.now()}@example.test`;
      const tenant = json(
        await run(
          'admin',
          'create-tenant',
          '--name',
          'Shree Motors',
          '--country',
          'IN',
          '--owner-email',
          email,
          '--owner-password',
          'correct horse battery',
        ),
      );
      expect(tenant).toEqual({ tenantId: expect.any(String), ownerId: expect.any(String) });
      const site = json(
        await run('admin', 'create-site', '--tenant', tenant.tenantId ?? '', '--name', 'Bengaluru', '--code', 'BLR1'),
      );
      expect(site).toEqual({ siteId: expect.any(String) });
      const user = json(
        await run(
          'admin',
          'create-user',
          '--tenant',
          tenant.tenantId ?? '',
          '--email',
          `staff.${email}`,
          '--password',
          'correct horse battery',
          '--role',
          'staff',
          '--site',
          site.siteId ?? '',
        ),
      );
      expect(user).toEqual({ userId: expect.any(String) });
      const code = json(await run('admin', 'enrol-code', '--site', site.siteId ?? ''));
      expect(code.code).toMatch(/^[A-Z2-9]{8}$/);
      const hq = json(await run('admin', 'enrol-code', '--tenant', tenant.tenantId ?? '', '--all-sites'));
      expect(hq.code).toMatch(/^[A-Z2-9]{8}$/);

      const duplicate = await run(
        'admin',
        'create-site',
        '--tenant',
        tenant.tenantId ?? '',
        '--name',
        'Again',
        '--code',
        'BLR1',
      );
      expect(duplicate.code).toBe(1);
      expect(JSON.parse(duplicate.stderr.trim().split('\n').at(-1) ?? '')).toEqual({
        error: { code: 'conflict', message: expect.any(String) },
      });
      expect(duplicate.stdout).toBe('');
    });

    it('reports unknown commands and missing options as JSON errors', async () => {
      const unknown = await run('admin', 'drop-everything');
      expect(unknown.code).toBe(1);
      expect(JSON.parse(unknown.stderr)).toEqual({
        error: { code: 'invalid', message: expect.stringContaining('create-tenant') },
      });
      const missing = await run('admin', 'create-site', '--name', 'X');
      expect(JSON.parse(missing.stderr)).toEqual({ error: { code: 'invalid', message: '--tenant is required' } });
    });

    it('starts, answers health, and stops on SIGTERM', { timeout: 60_000 }, async () => {
      const child = spawn(BIN, ['start', '--port', '0', '--data', dataDir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      try {
        const firstLine = await new Promise<string>((resolve, reject) => {
          createInterface({ input: child.stdout }).once('line', resolve);
          child.once('exit', () => reject(new Error('the server exited before listening')));
        });
        const ready = JSON.parse(firstLine) as { listening: string; database: string }; // the start line is JSON
        expect(ready.database).toBe(kind.name);
        const health = await fetch(`${ready.listening}/api/v1/health`);
        expect(await health.json()).toEqual({
          data: { status: 'ok', database: kind.name, version: expect.any(String), protocol: 1 },
          error: null,
        });
      } finally {
        child.kill('SIGTERM');
      }
      expect(await exited).toBe(0);
    });
  });
}
