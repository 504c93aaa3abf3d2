import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/core/cli/commands.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { FakeServer, SITE_ID } from './support/fake-server.ts';
import { FakeTimers } from './support/fake-timers.ts';

const BIN = fileURLToPath(new URL('../../bin/forecourt-device.js', import.meta.url));

describe('forecourt-device (in process)', () => {
  let dataDir: string;
  let server: FakeServer;
  let timers: FakeTimers;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'forecourt-cli-'));
    timers = new FakeTimers();
    server = new FakeServer(timers.clock);
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  async function cli(...argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      env: {},
      untilStopped: async () => timers.advance(1000),
      logger: silentLogger,
      counterOptions: { fetch: server.fetch, clock: timers.clock, timers, WebSocket: null },
    });
    const lines = stdout.trim().split('\n').filter(Boolean);
    return { code, out: lines.length ? JSON.parse(lines.at(-1) ?? 'null') : null, lines, err: stderr.trim() };
  }

  it('enrols, signs in, mutates offline, queries and syncs, with --data before or after the command', async () => {
    const enrolled = await cli(
      'enrol',
      '--server',
      'http://sync.test/',
      '--code',
      'AB12CD34',
      '--name',
      'Counter 1',
      '--data',
      dataDir,
    );
    expect(enrolled).toMatchObject({
      code: 0,
      out: { deviceCode: 'BLR1A', serverUrl: 'http://sync.test', scope: 'site' },
    });
    expect(server.requestsTo('/devices/enrol')[0]?.body).toEqual({ code: 'AB12CD34', name: 'Counter 1' });
    expect((await cli('--data', dataDir, 'login', '--email', 'staff@demo.in', '--password', 'pw')).out).toMatchObject({
      role: 'staff',
    });
    server.unreachable = true;
    const created = await cli('--data', dataDir, 'mutate', 'customer.create', '{"name":"Asha Rao"}');
    expect(created.code).toBe(0);
    expect(created.out).toEqual({ customerId: expect.any(String) });
    const rows = await cli('query', 'customers', `--data=${dataDir}`, '--where', JSON.stringify({ site_id: SITE_ID }));
    expect(rows.out).toEqual([expect.objectContaining({ id: created.out.customerId, name: 'Asha Rao' })]);
    expect((await cli('status', '--data', dataDir)).out).toMatchObject({ pendingCount: 1 });
    const offline = await cli('sync', '--data', dataDir);
    expect(offline.code).toBe(1);
    expect(offline.out).toMatchObject({ pendingCount: 1, online: false });
    expect(JSON.parse(offline.err)).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
    server.unreachable = false;
    const synced = await cli('sync', '--data', dataDir);
    expect(synced).toMatchObject({ code: 0, out: { pendingCount: 0, online: true, lastError: null } });
  });

  it('prints one status line per change with sync --live and stops when asked', async () => {
    await cli('enrol', '--server', 'http://sync.test', '--code', 'X', '--name', 'C', '--data', dataDir);
    const live = await cli('sync', '--live', '--data', dataDir);
    expect(live.code).toBe(0);
    expect(live.lines.length).toBeGreaterThan(2);
    expect(live.out).toMatchObject({ phase: 'stopped' });
    expect(server.requestsTo('/sync/pull').length).toBeGreaterThan(0);
  });

  it('reports errors as JSON on stderr with exit code 1', async () => {
    expect(await cli('mutate', 'customer.create', '{}')).toMatchObject({
      code: 1,
      err: JSON.stringify({ error: { code: 'invalid', message: '--data DIR is required (or set FORECOURT_DATA)' } }),
    });
    const notEnrolled = await cli('--data', dataDir, 'mutate', 'customer.create', '{"name":"x"}');
    expect(JSON.parse(notEnrolled.err)).toEqual({
      error: { code: 'unauthenticated', message: 'this device is not enrolled yet' },
    });
    const badJson = await cli('--data', dataDir, 'mutate', 'customer.create', '{name');
    expect(JSON.parse(badJson.err).error.code).toBe('invalid');
    const badTable = await cli('--data', dataDir, 'query', 'spaceships');
    expect(JSON.parse(badTable.err).error).toEqual({ code: 'invalid', message: 'unknown table spaceships' });
    expect((await cli('--data', dataDir, 'fly')).code).toBe(1);
  });

  it('lists the registered mutations with their input schemas', async () => {
    const { out } = await cli('mutations');
    expect(out).toContainEqual(
      expect.objectContaining({
        name: 'customer.create',
        roles: ['owner', 'manager', 'staff'],
        input: expect.objectContaining({ type: 'object' }),
      }),
    );
  });
});

describe('forecourt-device (the real executable)', () => {
  it('runs offline commands through tsx and reports errors on stderr', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'forecourt-bin-'));
    try {
      const run = promisify(execFile);
      const status = await run(BIN, ['status', '--data', dataDir]);
      expect(JSON.parse(status.stdout)).toMatchObject({ pendingCount: 0, cursor: 0, phase: 'idle' });
      const failed = await run(BIN, ['--data', dataDir, 'query', 'customers']).catch((error: unknown) => error);
      expect(failed).toMatchObject({ code: 1 });
      // execFile rejects with an Error carrying the child's stderr.
      const stderr = (failed as { stderr: string }).stderr.trim().split('\n').at(-1) ?? '';
      expect(JSON.parse(stderr)).toEqual({
        error: { code: 'unauthenticated', message: 'this device is not enrolled yet' },
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
