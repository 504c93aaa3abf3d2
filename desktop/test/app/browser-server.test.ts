import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { silentLogger } from '../../src/core/logger.ts';
import { runBrowserMode, type BrowserMode } from '../../src/core/host/browser-mode.ts';
import { createPairing } from '../../src/core/host/pairing.ts';
import { lanAddresses } from '../../src/core/host/request-guard.ts';

/** Raw HTTP, so that Host and Origin can be set the way an attacker's page or tool would. */
function send(
  port: number,
  options: {
    method?: string;
    path: string;
    host?: string;
    origin?: string;
    body?: unknown;
    address?: string;
    cookie?: string;
  },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: options.address ?? '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: {
          host: options.host ?? `127.0.0.1:${port}`,
          ...(options.origin ? { origin: options.origin } : {}),
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function makeRenderer(dir: string): string {
  const root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Forecourt</title>');
  writeFileSync(join(root, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  return root;
}

describe('browser mode on 127.0.0.1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'forecourt-browser-'));
  let mode: BrowserMode;
  let port: number;

  beforeAll(async () => {
    mode = await runBrowserMode({
      dataDir: join(dir, 'counter'),
      rendererDir: makeRenderer(dir),
      logger: silentLogger,
    });
    port = mode.server.port;
  });
  afterAll(async () => {
    await mode.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the UI with a strict CSP, client routes fall back to index.html, and nothing outside it', async () => {
    const index = await send(port, { path: '/' });
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect((await send(port, { path: '/jobs/123' })).body).toContain('<title>Forecourt');
    expect((await send(port, { path: '/assets/app-1234.js' })).headers['cache-control']).toContain('immutable');
    expect((await send(port, { path: '/../secret.txt' })).body).not.toContain('outside');
    expect((await send(port, { path: '/%2e%2e/secret.txt' })).body).not.toContain('outside');
    expect((await send(port, { path: '/assets/missing.js' })).status).toBe(404);
  });

  it('answers the contract over POST /rpc/<channel> from the real core', async () => {
    const info = await send(port, {
      method: 'POST',
      path: '/rpc/app:info',
      body: null,
      origin: `http://127.0.0.1:${port}`,
    });
    expect(JSON.parse(info.body)).toMatchObject({ ok: true, data: { mode: 'browser', pairingCode: null } });
    const identity = await send(port, { method: 'POST', path: '/rpc/device:identity', body: null });
    expect(JSON.parse(identity.body)).toEqual({ ok: true, data: null });
    const invalid = await send(port, { method: 'POST', path: '/rpc/session:setPin', body: { pin: 'abc' } });
    expect(JSON.parse(invalid.body)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const unknown = await send(port, { method: 'POST', path: '/rpc/shell:exec', body: null });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const domain = await send(port, {
      method: 'POST',
      path: '/rpc/data:mutate',
      body: { name: 'job.create', args: {} },
    });
    expect(JSON.parse(domain.body)).toMatchObject({
      ok: false,
      error: { code: expect.stringMatching(/invalid|unauthenticated|forbidden/) },
    });
  });

  it('refuses other hosts (DNS rebinding) and pages of other origins', async () => {
    expect((await send(port, { path: '/', host: `evil.example:${port}` })).status).toBe(421);
    const crossOrigin = await send(port, {
      method: 'POST',
      path: '/rpc/app:info',
      body: null,
      origin: 'https://evil.example',
    });
    expect(crossOrigin.status).toBe(403);
    const socket = new WebSocket(`ws://127.0.0.1:${port}/events`, { headers: { origin: 'https://evil.example' } });
    const outcome = await new Promise<string>((resolve) => {
      socket.once('open', () => resolve('open'));
      socket.once('error', () => resolve('refused'));
    });
    expect(outcome).toBe('refused');
  });

  it('opens the event socket for pages of its own origin (the e2e tests watch the events flow)', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/events`, { headers: { origin: `http://127.0.0.1:${port}` } });
    const outcome = await new Promise<string>((resolve) => {
      socket.once('open', () => resolve('open'));
      socket.once('error', () => resolve('refused'));
    });
    socket.close();
    expect(outcome).toBe('open');
  });
});

const lanAddress = lanAddresses()[0];

describe.runIf(lanAddress !== undefined)('browser mode on the LAN', () => {
  const dir = mkdtempSync(join(tmpdir(), 'forecourt-lan-'));
  let mode: BrowserMode;
  let port: number;
  const codes = ['111111', '222222', '333333', '444444'];

  beforeAll(async () => {
    mode = await runBrowserMode({
      dataDir: join(dir, 'counter'),
      rendererDir: makeRenderer(dir),
      logger: silentLogger,
      lan: true,
      pairing: createPairing({ newCode: () => codes.shift() ?? '999999', maxFailures: 3 }),
    });
    port = mode.server.port;
  });
  afterAll(async () => {
    await mode.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes a LAN client pair with the code shown on the counter before it may call anything', async () => {
    const host = `${lanAddress}:${port}`;
    const viaLan = { address: lanAddress, host };
    expect(mode.server.lanUrl).toContain(String(port));
    const refused = await send(port, { ...viaLan, method: 'POST', path: '/rpc/device:identity', body: null });
    expect(refused.status).toBe(401);
    // The counter PC itself sees the code; the tablet does not.
    const local = JSON.parse((await send(port, { method: 'POST', path: '/rpc/app:info', body: null })).body);
    expect(local.data.pairingCode).toBe('111111');
    expect((await send(port, { ...viaLan, method: 'POST', path: '/pair', body: { code: '000000' } })).status).toBe(403);
    const paired = await send(port, { ...viaLan, method: 'POST', path: '/pair', body: { code: '111111' } });
    expect(paired.status).toBe(200);
    const cookie = String(paired.headers['set-cookie']).split(';')[0] ?? '';
    expect(cookie).toMatch(/^forecourt_session=/);
    expect(String(paired.headers['set-cookie'])).toContain('HttpOnly');
    const allowed = await send(port, { ...viaLan, method: 'POST', path: '/rpc/app:info', body: null, cookie });
    expect(JSON.parse(allowed.body)).toMatchObject({ ok: true, data: { pairingCode: null } });
    // Used codes do not work twice: the counter now shows a new one.
    expect((await send(port, { ...viaLan, method: 'POST', path: '/pair', body: { code: '111111' } })).status).toBe(403);
    expect(mode.server.pairingCode()).toBe('222222');
  });

  it('changes the code after a few wrong guesses', async () => {
    const viaLan = { address: lanAddress, host: `${lanAddress}:${port}` };
    const before = mode.server.pairingCode();
    for (let attempt = 0; attempt < 3; attempt++)
      await send(port, { ...viaLan, method: 'POST', path: '/pair', body: { code: '000000' } });
    expect(mode.server.pairingCode()).not.toBe(before);
  });
});
