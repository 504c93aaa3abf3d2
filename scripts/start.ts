/**
 * `npm start`: the whole product on this machine, with demo data.
 *   1. the sync server on embedded PGlite (.data/demo/server), seeded once with a demo tenant;
 *   2. the desktop app built with electron-vite (when the sources are newer than the build);
 *   3. Electron, if it can start here — otherwise browser mode: a counter core enrolled for the
 *      first site serves the UI on http://127.0.0.1:5790/ and the URL and sign-ins are printed.
 * Flags: --browser (skip Electron), --all-sites (an owner's all-sites PC instead of a site
 * counter), --lan (serve tablets on the LAN; they pair with a code shown in Settings → This PC).
 * Environment: FORECOURT_DEMO_DIR, FORECOURT_SERVER_PORT (8787), FORECOURT_UI_PORT (5790).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { runBrowserMode } from '../desktop/src/core/host/browser-mode.ts';
import { electronBinary, ensureDesktopBuilt } from './desktop-build.ts';
import { seedDemoRentalFleet } from './demo-rental.ts';
import { DEMO_PASSWORD, demoEnrolmentCode, seedDemoTenant, type DemoTenant } from './demo-seed.ts';
import { startLocalServer, type LocalServer } from './local-server.ts';

const root = resolve(import.meta.dirname, '..');
const demoDir = process.env.FORECOURT_DEMO_DIR ?? join(root, '.data', 'demo');
const serverPort = Number(process.env.FORECOURT_SERVER_PORT ?? 8787);
const uiPort = Number(process.env.FORECOURT_UI_PORT ?? 5790);
const flags = new Set(process.argv.slice(2));
const allSites = flags.has('--all-sites');

async function main() {
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  mkdirSync(demoDir, { recursive: true });
  console.log('Starting the sync server (PGlite)…');
  const server = await startLocalServer({ dataDir: join(demoDir, 'server'), port: serverPort, logger });
  const demo = await loadOrSeed(server);
  console.log('Building the desktop app…');
  await ensureDesktopBuilt(root);

  const electron = flags.has('--browser') ? { path: null, reason: '--browser was given' } : electronBinary(root);
  if (electron.path) {
    const code = await demoEnrolmentCode(server, demo, allSites ? null : demo.sites.main);
    const exited = await runElectron(electron.path, server.url, code, demo);
    if (exited) return shutdown([server.close()]);
    console.log('Electron did not start; falling back to browser mode.');
  } else {
    console.log(`Electron cannot start here (${electron.reason}); using browser mode.`);
  }
  await runInBrowserMode(server, demo, logger);
}

async function loadOrSeed(server: LocalServer): Promise<DemoTenant> {
  const file = join(demoDir, 'demo.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DemoTenant; // written below by this script
  console.log('Seeding the demo tenant (two sites, four users, 300 jobs, a small rental fleet)…');
  const demo = await seedDemoTenant(server, { jobs: 300 });
  await seedDemoRentalFleet(server, demo);
  writeFileSync(file, JSON.stringify(demo, null, 2));
  return demo;
}

/** Resolves true when Electron ran and exited, false when it could not be started at all. */
function runElectron(binary: string, serverUrl: string, code: string, demo: DemoTenant): Promise<boolean> {
  console.log('Opening the desktop app. The first screen is filled in: press “Connect”, then sign in.');
  printSignIns(demo);
  const child = spawn(binary, [join(root, 'desktop')], {
    stdio: 'inherit',
    env: { ...process.env, FORECOURT_SUGGEST_SERVER: serverUrl, FORECOURT_SUGGEST_CODE: code },
  });
  return new Promise((done) => {
    child.once('error', () => done(false));
    child.once('exit', (status) => done(status === 0 || status === null));
  });
}

async function runInBrowserMode(server: LocalServer, demo: DemoTenant, logger: pino.Logger) {
  const counterDir = join(demoDir, allSites ? 'counter-all-sites' : 'counter');
  const browser = await runBrowserMode({
    dataDir: counterDir,
    rendererDir: join(root, 'desktop', 'out', 'renderer'),
    port: uiPort,
    lan: flags.has('--lan'),
    logger,
  });
  if (!browser.counter.identity()) {
    const code = await demoEnrolmentCode(server, demo, allSites ? null : demo.sites.main);
    await browser.counter.enrol({ serverUrl: server.url, code, name: allSites ? 'Owner’s PC' : 'Front counter' });
    browser.counter.startSync();
  }
  await browser.counter.syncNow();
  console.log(`\nForecourt is running in browser mode.\n\n  Open  ${browser.server.url}`);
  if (browser.server.lanUrl)
    console.log(`  Tablets on the LAN: ${browser.server.lanUrl} (pairing code ${browser.server.pairingCode()})`);
  console.log(`  This counter works for ${allSites ? 'all sites (sign in as the owner)' : 'Koramangala'}.`);
  printSignIns(demo);
  console.log(`  Sync server: ${server.url}   Data: ${demoDir}\n  Press Ctrl+C to stop.\n`);
  const stop = () => void shutdown([browser.close().then(() => server.close())]);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function printSignIns(demo: DemoTenant) {
  console.log(`\n  Sign in with (password ${DEMO_PASSWORD}):`);
  console.log(`    ${demo.users.owner.email.padEnd(34)} owner, every site`);
  console.log(`    ${demo.users.manager.email.padEnd(34)} manager, Koramangala`);
  console.log(`    ${demo.users.staff.email.padEnd(34)} staff, Koramangala`);
  console.log(`    ${demo.users.staffSecond.email.padEnd(34)} staff, Mysuru Road\n`);
}

async function shutdown(closing: Array<Promise<unknown>>) {
  await Promise.allSettled(closing);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
