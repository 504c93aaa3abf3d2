import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoTenant, demoEnrolmentCode, type DemoTenant } from '../../../scripts/demo-seed.ts';
import { startLocalServer, type LocalServer } from '../../../scripts/local-server.ts';
import type { ApiEvent } from '../../src/common/schemas.ts';
import { startCoreProcess, type CoreProcess, type UtilityProcessLike } from '../../src/main/core-process.ts';
import { freePort } from '../../e2e/support/harness.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const SHIM = join(import.meta.dirname, 'support/utility-process-shim.ts');

/** Electron's utilityProcess.fork, stood in for by a Node child with the same message shapes. */
function forkCore(children: UtilityProcessLike[]): UtilityProcessLike {
  const child = fork(SHIM, [], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: 'ignore' });
  const wrapped: UtilityProcessLike = {
    postMessage: (message) => void child.send(message),
    on: (event: 'message' | 'exit', listener: ((message: unknown) => void) & ((code: number) => void)) => {
      if (event === 'message') child.on('message', listener);
      else child.on('exit', (code) => listener(code ?? 1));
    },
    kill: () => child.kill('SIGKILL'),
  };
  children.push(wrapped);
  return wrapped;
}

/**
 * The core as Electron runs it — its own process, driven over messages by main's CoreProcess —
 * against the real sync server: calls, events, secrets handed back for the keychain, and a crash
 * of the core process that main survives.
 */
describe('the counter core in its own process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'forecourt-core-process-'));
  const secrets = new Map<string, string>();
  const events: ApiEvent[] = [];
  const children: UtilityProcessLike[] = [];
  let server: LocalServer;
  let demo: DemoTenant;
  let core: CoreProcess;

  beforeAll(async () => {
    server = await startLocalServer({
      dataDir: join(dir, 'server'),
      port: await freePort(),
      logger: pino({ level: 'silent' }),
    });
    demo = await seedDemoTenant(server, { jobs: 5 });
    core = startCoreProcess({
      fork: () => forkCore(children),
      config: () => ({
        dataDir: join(dir, 'replica'),
        logFile: join(dir, 'logs', 'core.log'),
        migrationsDir: join(ROOT, 'migrations/sqlite'),
        secrets: Object.fromEntries(secrets),
        suggestedEnrolment: null,
      }),
      onSecret: (name, value) => (value === null ? secrets.delete(name) : secrets.set(name, value)),
      log: { info: () => undefined, error: () => undefined },
      setTimer: (callback, ms) => void setTimeout(callback, Math.min(ms, 200)),
    });
    core.onEvent((event) => events.push(event));
  });
  afterAll(async () => {
    await core.stop();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('enrols, signs in and works through the contract, handing secrets to main', async () => {
    expect(await core.call('device:identity', null)).toEqual({ ok: true, data: null });
    const code = await demoEnrolmentCode(server, demo, demo.sites.main);
    const enrolled = await core.call('device:enrol', { serverUrl: server.url, code, name: 'Front counter' });
    expect(enrolled).toMatchObject({ ok: true, data: { siteId: demo.sites.main, scope: 'site' } });
    expect(secrets.has('device-secret')).toBe(true);

    const login = await core.call('session:login', { email: demo.users.manager.email, password: DEMO_PASSWORD });
    expect(login).toMatchObject({ ok: true, data: { role: 'manager' } });
    expect(secrets.has('user-tokens')).toBe(true);
    expect(await core.call('sync:now', null)).toMatchObject({ ok: true, data: { online: true, pendingCount: 0 } });
    const jobs = await core.call('data:query', { table: 'jobs' });
    expect(jobs.ok && Array.isArray(jobs.data) && jobs.data.length).toBeGreaterThan(0);
    expect(events.some((event) => event.type === 'status')).toBe(true);
  });

  it('issues an enrolment code for another PC as the signed-in manager', async () => {
    const created = await core.call('admin:createEnrolmentCode', { scope: 'site', siteId: demo.sites.main });
    expect(created).toMatchObject({
      ok: true,
      data: { code: expect.any(String), scope: 'site', siteId: demo.sites.main },
    });
  });

  it('restarts a crashed core; the replica, session and keychain secrets carry over', async () => {
    const before = children.length;
    children.at(-1)?.kill();
    await expect.poll(() => children.length, { timeout: 10_000 }).toBe(before + 1);
    await expect.poll(async () => (await core.call('session:current', null)).ok, { timeout: 10_000 }).toBe(true);
    expect(await core.call('session:current', null)).toMatchObject({
      ok: true,
      data: { email: demo.users.manager.email },
    });
    expect(await core.call('sync:now', null)).toMatchObject({ ok: true, data: { online: true } });
  });
});
