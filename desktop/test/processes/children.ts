import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const SERVER_BIN = fileURLToPath(new URL('../../../sync-server/bin/forecourt-server.js', import.meta.url));
export const DEVICE_BIN = fileURLToPath(new URL('../../bin/forecourt-device.js', import.meta.url));

/** Polls `check` until it returns a value other than null/false, or fails after `timeoutMs` with `what`. */
export async function until<T>(
  what: string,
  check: () => Promise<T | null | false> | T | null | false,
  timeoutMs: number,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Rejects with `what` when `promise` takes longer than `timeoutMs`. */
export function within<T>(what: string, promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms: ${what}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * One child process: its stdout read as JSON lines, the end of its stderr kept for failure
 * messages. `exited` resolves (never rejects) with the exit code, or the signal that ended it.
 */
export class Child {
  readonly process: ChildProcess;
  readonly exited: Promise<number | string>;
  readonly #lines: unknown[] = [];
  readonly #waiters = new Set<() => void>();
  #stderr = '';
  #partial = '';

  constructor(
    readonly name: string,
    command: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv,
  ) {
    this.process = spawn(command, [...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stdout?.setEncoding('utf8').on('data', (text: string) => this.#onStdout(text));
    this.process.stderr?.setEncoding('utf8').on('data', (text: string) => {
      this.#stderr = (this.#stderr + text).slice(-4000);
    });
    // A child killed while we write to it must not crash the test process with EPIPE.
    this.process.stdin?.on('error', () => undefined);
    this.exited = new Promise((resolve) => {
      this.process.once('exit', (code, signal) => {
        resolve(code ?? signal ?? 'unknown');
        this.#wake();
      });
      this.process.once('error', () => resolve('spawn-failed'));
    });
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  get stderrTail(): string {
    return this.#stderr;
  }

  /** Every JSON line printed so far (lines that are not JSON are kept as strings). */
  get lines(): readonly unknown[] {
    return this.#lines;
  }

  /** Resolves with the line at `index` once printed; fails when the child exits first or time runs out. */
  async line(index: number, timeoutMs: number): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    while (index >= this.#lines.length) {
      if (!this.running) throw new Error(`${this.name} exited (${await this.exited}): ${this.#stderr}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.name}: no output line ${index} after ${timeoutMs} ms: ${this.#stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(wake, left);
        function wake() {
          clearTimeout(timer);
          resolve();
        }
        this.#waiters.add(wake);
      });
    }
    return this.#lines[index];
  }

  write(line: string): void {
    this.process.stdin?.write(`${line}\n`);
  }

  /** kill -9, and wait until the process is gone. */
  async kill9(): Promise<void> {
    if (this.running) this.process.kill('SIGKILL');
    await this.exited;
  }

  /** Closes stdin and sends SIGTERM; kill -9 when it has not exited after `graceMs`. */
  async stop(graceMs = 10_000): Promise<number | string> {
    this.process.stdin?.end();
    if (this.running) this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    const result = await this.exited;
    clearTimeout(timer);
    return result;
  }

  #onStdout(text: string): void {
    const parts = (this.#partial + text).split('\n');
    this.#partial = parts.pop() ?? '';
    for (const part of parts) {
      if (part.trim() === '') continue;
      try {
        this.#lines.push(JSON.parse(part) as unknown);
      } catch {
        this.#lines.push(part);
      }
    }
    this.#wake();
  }

  #wake(): void {
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const wake of waiters) wake();
  }
}

/**
 * Every process a test file starts. `killAll` (afterAll) and the test process's own exit kill
 * whatever is still running, so that no server or device outlives its test.
 */
export class Children {
  readonly #all = new Set<Child>();
  readonly #onExit = () => {
    for (const child of this.#all) if (child.running) child.process.kill('SIGKILL');
  };

  constructor() {
    process.once('exit', this.#onExit);
  }

  start(name: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv): Child {
    const child = new Child(name, command, args, env);
    this.#all.add(child);
    void child.exited.then(() => this.#all.delete(child));
    return child;
  }

  /** Runs a command to its end; kill -9 after `timeoutMs`. */
  async run(name: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number) {
    const child = this.start(name, command, args, env);
    child.process.stdin?.end();
    const timer = setTimeout(() => child.process.kill('SIGKILL'), timeoutMs);
    const code = await child.exited;
    clearTimeout(timer);
    return { code, lines: child.lines, stderr: child.stderrTail };
  }

  async killAll(): Promise<void> {
    await Promise.all([...this.#all].map((child) => child.kill9()));
    process.off('exit', this.#onExit);
  }
}
