import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { SyncStatus } from '../../src/core/counter-api.ts';
import { REPLICA_FILE } from '../../src/core/replica/open-replica.ts';
import { DEVICE_BIN, type Child, type Children } from './children.ts';
import { PASSWORD, type Cluster, type ClusterUser } from './cluster.ts';

const SHELL_START_MS = 60_000;
export const COMMAND_MS = 60_000;

export interface Answer {
  readonly value?: unknown;
  readonly error?: { readonly code: string; readonly message: string };
}

/**
 * One counter PC as a `forecourt-device shell` process: its data folder outlives the process, so
 * it can be killed with -9 and started again. Its connections go through its own proxy port.
 */
export class Device {
  deviceCode = '';
  deviceId = '';
  #shell: Child | null = null;
  #answered = 0;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly name: string,
    readonly dataDir: string,
    readonly siteId: string | null,
    readonly user: ClusterUser,
    readonly serverUrl: string,
    private readonly children: Children,
  ) {}

  /** A new counter: a data folder, a proxy port, a shell, enrolled and signed in over the network. */
  static async enrol(cluster: Cluster, name: string, user: ClusterUser, siteId: string | null): Promise<Device> {
    const dataDir = await mkdtemp(join(tmpdir(), `forecourt-proc-${name}-`));
    const port = await cluster.proxy.listen(name);
    const device = new Device(name, dataDir, siteId, user, `http://127.0.0.1:${port}`, cluster.children);
    await device.start();
    const code = await cluster.enrolmentCode(siteId);
    const identity = await device.ok<{ deviceCode: string; deviceId: string }>(
      'enrol',
      '--server',
      device.serverUrl,
      '--code',
      code,
      '--name',
      name,
    );
    device.deviceCode = identity.deviceCode;
    device.deviceId = identity.deviceId;
    await device.ok('login', '--email', user.email, '--password', PASSWORD);
    return device;
  }

  get running(): boolean {
    return this.#shell?.running ?? false;
  }

  /** Starts the shell; FORECOURT_CLOCK_OFFSET_MS shifts its clock; `live` starts background sync. */
  async start(options: { clockOffsetMs?: number; live?: boolean } = {}): Promise<void> {
    const env: NodeJS.ProcessEnv = { ...process.env, FORECOURT_LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn' };
    if (options.clockOffsetMs) env.FORECOURT_CLOCK_OFFSET_MS = String(options.clockOffsetMs);
    else delete env.FORECOURT_CLOCK_OFFSET_MS;
    this.#shell = this.children.start(this.name, process.execPath, [DEVICE_BIN, '--data', this.dataDir, 'shell'], env);
    this.#answered = 0;
    this.#queue = Promise.resolve();
    await this.command(['status'], SHELL_START_MS);
    if (options.live) await this.ok('sync', '--live');
  }

  /** One shell command; commands queue up and are answered in order. */
  command(argv: readonly string[], timeoutMs = COMMAND_MS): Promise<Answer> {
    const shell = this.#shell;
    if (!shell) return Promise.reject(new Error(`${this.name} has no shell`));
    const run = async (): Promise<Answer> => {
      shell.write(JSON.stringify(argv));
      const line = await shell.line(this.#answered, timeoutMs);
      this.#answered += 1;
      return line as Answer; // the shell prints one answer object per command
    };
    const result = this.#queue.then(run);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** A command that must succeed: its value. */
  async ok<T = unknown>(...argv: string[]): Promise<T> {
    const answer = await this.command(argv);
    if (answer.error) throw new Error(`${this.name} ${argv[0]} failed: ${JSON.stringify(answer.error)}`);
    return answer.value as T; // each command's value has the shape its caller names
  }

  async status(): Promise<SyncStatus> {
    return this.ok<SyncStatus>('status');
  }

  /** Push and pull once; the status, whether or not the server could be reached. */
  async sync(timeoutMs = COMMAND_MS): Promise<Answer & { value: SyncStatus }> {
    return (await this.command(['sync'], timeoutMs)) as Answer & { value: SyncStatus }; // sync always answers a status
  }

  /** Sends kill -9 at once (for a proxy trap, which must act synchronously). */
  signalKill(): void {
    this.#shell?.process.kill('SIGKILL');
  }

  async kill9(): Promise<void> {
    await this.#shell?.kill9();
    this.#shell = null;
  }

  /** Ends the shell cleanly (end of input): it stops syncing and closes the replica. */
  async stop(): Promise<void> {
    await this.#shell?.stop();
    this.#shell = null;
  }

  /** Reads the replica file directly (the shell must be stopped): what the core keeps in meta. */
  readMeta(): { clientId: string | null; lastMutationId: number } {
    const db = new Database(join(this.dataDir, REPLICA_FILE), { readonly: true });
    try {
      const get = (key: string) =>
        db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key)?.value ?? null;
      return { clientId: get('client_id'), lastMutationId: Number(get('last_mutation_id') ?? 0) };
    } finally {
      db.close();
    }
  }

  async remove(): Promise<void> {
    await this.kill9();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
