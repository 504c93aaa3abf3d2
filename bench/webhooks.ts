/**
 * Webhook ingest on one server process: signed Stripe events posted over loopback by a load
 * generator with keep-alive connections; each is verified on its raw bytes, stored in the inbox
 * and enqueued in pg-boss in one transaction before the 2xx. Workers run in another process
 * (INTEGRATIONS_WORKERS=external) so that the figure is ingest alone.
 *
 *   npm run bench:webhooks                       # PostgreSQL at TEST_DATABASE_URL or 127.0.0.1:5432
 *   npm run bench:webhooks -- --db pglite        # embedded PGlite (one process)
 *   BENCH_EVENTS=20000 BENCH_CONCURRENCY=64 npm run bench:webhooks
 *
 * Ends with one line: RESULT webhooks key=value ...
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import Stripe from 'stripe';
import { loadConfig } from '../sync-server/src/config.ts';
import { startServer } from '../sync-server/src/server.ts';

const SECRET = 'whsec_bench_current';
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const WARMUP = Math.min(2_000, Math.floor(EVENTS / 10));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);

async function serve(): Promise<void> {
  const config = loadConfig(process.env, { port: 0, host: '127.0.0.1', logLevel: 'warn' });
  const server = await startServer(config, pino({ level: 'warn' }, pino.destination(2)));
  process.stdout.write(`${JSON.stringify({ url: server.url, database: server.database })}\n`);
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
}

function spawnServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    child.stdout?.once('data', (chunk: Buffer) =>
      resolve({ child, url: (JSON.parse(chunk.toString('utf8')) as { url: string }).url }),
    );
  });
}

function signedEvents(count: number, nowSeconds: number): Array<{ body: string; signature: string }> {
  return Array.from({ length: count }, (_, index) => {
    const body = JSON.stringify({
      id: `evt_bench_${randomUUID()}`,
      object: 'event',
      type: 'payment_intent.succeeded',
      created: nowSeconds,
      livemode: false,
      data: {
        object: {
          id: `pi_bench_${index}`,
          object: 'payment_intent',
          amount: 150_000,
          amount_received: 150_000,
          currency: 'inr',
          metadata: { tenant_id: randomUUID(), site_id: randomUUID() },
        },
      },
    });
    return {
      body,
      signature: Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET, timestamp: nowSeconds }),
    };
  });
}

function post(agent: Agent, url: URL, event: { body: string; signature: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: '/api/v1/webhooks/stripe',
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'stripe-signature': event.signature,
          'content-length': Buffer.byteLength(event.body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(event.body);
  });
}

/** `concurrency` connections each sending its next event as soon as the previous one is answered. */
async function load(url: URL, events: Array<{ body: string; signature: string }>, concurrency: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < events.length) {
        const event = events[next++];
        if (!event) break;
        const t0 = process.hrtime.bigint();
        const status = await post(agent, url, event);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (status !== 200) failures += 1;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { perSecond: events.length / seconds, seconds, p50: at(0.5), p99: at(0.99), max: at(1), failures };
}

async function freshPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl =
    process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `forecourt_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

async function main(): Promise<void> {
  const kind =
    process.argv.includes('--db') && process.argv[process.argv.indexOf('--db') + 1] === 'pglite'
      ? 'pglite'
      : 'postgres';
  const dataDir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'forecourt-bench-')) : null;
  const database = kind === 'postgres' ? await freshPostgres() : null;
  const env: Record<string, string> = {
    STRIPE_WEBHOOK_SECRET: SECRET,
    INTEGRATIONS_WORKERS: 'external',
    LOG_LEVEL: 'warn',
    ...(database ? { DATABASE_URL: database.url } : { DATABASE_URL: '', FORECOURT_DATA_DIR: dataDir ?? '' }),
  };
  if (kind === 'pglite') env.INTEGRATIONS_WORKERS = 'in-process';
  const { child, url } = await spawnServer(env);
  try {
    const events = signedEvents(WARMUP + EVENTS, Math.floor(Date.now() / 1000));
    await load(new URL(url), events.slice(0, WARMUP), CONCURRENCY);
    const result = await load(new URL(url), events.slice(WARMUP), CONCURRENCY);
    const stored = await countStored(database?.url ?? null);
    process.stdout.write(
      `webhooks on ${kind}: ${EVENTS} events, ${CONCURRENCY} connections, ${result.seconds.toFixed(2)} s, ${Math.round(result.perSecond)}/s, ` +
        `p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, max ${result.max.toFixed(1)} ms, non-2xx ${result.failures}, stored ${stored ?? 'n/a'}\n`,
    );
    process.stdout.write(
      `RESULT webhooks db=${kind} events=${EVENTS} concurrency=${CONCURRENCY} per_s=${Math.round(result.perSecond)} p50_ms=${result.p50.toFixed(1)} p99_ms=${result.p99.toFixed(1)} max_ms=${result.max.toFixed(1)} errors=${result.failures} stored=${stored ?? 'n/a'}\n`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Inbox rows with their pg-boss job: proves every 2xx was stored and enqueued. */
async function countStored(url: string | null): Promise<number | null> {
  if (!url) return null;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const result = await client.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM webhook_inbox i JOIN pgboss.job j ON j.name = 'integrations-inbox' AND j.data->>'inboxId' = i.id",
  );
  await client.end();
  return result.rows[0]?.n ?? 0;
}

if (process.argv.includes('--serve')) await serve();
else await main();
