import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openCounter, type CounterCore } from '../../src/core/counter.ts';
import { runBrowserMode, type BrowserMode } from '../../src/core/host/browser-mode.ts';
import { seedDemoTenant, demoEnrolmentCode, DEMO_PASSWORD, type DemoTenant } from '../../../scripts/demo-seed.ts';
import { ensureDesktopBuilt } from '../../../scripts/desktop-build.ts';
import { startLocalServer, type LocalServer } from '../../../scripts/local-server.ts';

/**
 * The end-to-end setting: the real sync server (PGlite, in this process), real counter cores in
 * browser mode, and Debian's Chromium driven by Playwright. Nothing is mocked; "the server goes
 * down" is the server closing, and coming back is a new server on the same folder and port.
 */
export const ROOT = resolve(import.meta.dirname, '../../..');
export const RENDERER_DIR = join(ROOT, 'desktop/out/renderer');
export const SCREENSHOT_DIR = join(ROOT, 'desktop/e2e/screenshots');
export { DEMO_PASSWORD };

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Fast sync cycles so the tests do not wait for the 30-second production pull. */
const SYNC_TUNING = { periodicPullMs: 1000 };
const run = promisify(execFile);
export const quietLogger = pino({ level: process.env.E2E_LOG_LEVEL ?? 'silent' });

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

export class Harness {
  readonly dir = mkdtempSync(join(tmpdir(), 'forecourt-e2e-'));
  server: LocalServer | null = null;
  demo!: DemoTenant;
  browser!: Browser;
  private serverPort = 0;
  private readonly closers: Array<() => Promise<unknown>> = [];

  constructor(readonly name: string) {}

  async start(options: { jobs: number }): Promise<void> {
    await ensureDesktopBuilt(ROOT);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    this.serverPort = await freePort();
    await this.startServer();
    this.demo = await seedDemoTenant(this.requireServer(), { jobs: options.jobs });
    this.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }

  get serverUrl(): string {
    return `http://127.0.0.1:${this.serverPort}`;
  }

  requireServer(): LocalServer {
    if (!this.server) throw new Error('the sync server is stopped');
    return this.server;
  }

  async startServer(): Promise<void> {
    this.server = await startLocalServer({
      dataDir: join(this.dir, 'server'),
      port: this.serverPort,
      logger: quietLogger,
    });
  }

  async stopServer(): Promise<void> {
    await this.server?.close();
    this.server = null;
  }

  enrolmentCode(siteId: string | null): Promise<string> {
    return demoEnrolmentCode(this.requireServer(), this.demo, siteId);
  }

  /** A counter core serving the UI, as on a counter PC in browser mode. */
  async counterInBrowserMode(name: string): Promise<BrowserMode> {
    const mode = await runBrowserMode({
      dataDir: join(this.dir, name),
      rendererDir: RENDERER_DIR,
      logger: quietLogger,
      counter: { syncTuning: SYNC_TUNING },
    });
    this.closers.push(() => mode.close());
    return mode;
  }

  /**
   * A counter in browser mode, enrolled for a site (null: an owner's all-sites PC) under the PC
   * name `pcName`, and syncing. Tests that drive the enrolment itself use counterInBrowserMode.
   */
  async enrolledCounter(name: string, siteId: string | null, pcName: string): Promise<BrowserMode> {
    const mode = await this.counterInBrowserMode(name);
    await mode.counter.enrol({ serverUrl: this.serverUrl, code: await this.enrolmentCode(siteId), name: pcName });
    mode.counter.startSync();
    return mode;
  }

  /** A counter core without a UI (another PC), enrolled for the site and signed in. */
  async headlessCounter(name: string, siteId: string, email: string): Promise<CounterCore> {
    const counter = openCounter({ dataDir: join(this.dir, name), logger: quietLogger, syncTuning: SYNC_TUNING });
    this.closers.push(() => counter.close());
    await counter.enrol({ serverUrl: this.serverUrl, code: await this.enrolmentCode(siteId), name });
    await counter.login({ email, password: DEMO_PASSWORD });
    await counter.syncNow();
    return counter;
  }

  async page(url: string): Promise<Page> {
    const page = await this.browser.newPage({
      viewport: { width: 1366, height: 820 },
      locale: 'en-IN',
      timezoneId: 'Asia/Kolkata',
    });
    page.on('pageerror', (error) => console.error(`[${this.name}] page error:`, error.message));
    await page.goto(url);
    return page;
  }

  /** Keeps a screenshot of a key screen in desktop/e2e/screenshots/ for a person to look at. */
  async shot(page: Page, step: string): Promise<void> {
    await page.waitForTimeout(150); // let toasts and focus rings settle so the picture shows the real state
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${this.name}-${step}.png`) });
  }

  /** The PDF's text (pdftotext), and its first page kept as a PNG beside the screenshots. */
  async pdfText(pdf: Buffer, step: string): Promise<string> {
    const file = join(this.dir, `${step}.pdf`);
    writeFileSync(file, pdf);
    await run('pdftoppm', ['-png', '-r', '60', '-singlefile', file, join(SCREENSHOT_DIR, `${this.name}-${step}`)]);
    return (await run('pdftotext', ['-layout', file, '-'])).stdout;
  }

  async close(): Promise<void> {
    for (const close of this.closers.reverse()) await close().catch(() => undefined);
    await this.browser?.close();
    await this.stopServer();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
