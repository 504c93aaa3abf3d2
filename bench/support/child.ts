import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs a TypeScript entry in its own Node process (through tsx) and talks to it over IPC, so that
 * a server's CPU or a device's memory is measured on its own. With BENCH_CPU_PROF=<dir> the child
 * writes a V8 CPU profile there when it exits.
 */
export function forkTs(entry: URL, env: Record<string, string> = {}): ChildProcess {
  const profileDir = process.env.BENCH_CPU_PROF;
  const execArgv = ['--import', 'tsx', ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
  return fork(fileURLToPath(entry), [], {
    execArgv,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Sends a request and resolves with the child's next message of the expected type. */
export function request<T extends { type: string }>(
  child: ChildProcess,
  message: object,
  replyType: T['type'],
): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: unknown) => {
      const typed = reply as { type?: unknown; message?: unknown }; // every child message is an object with a type
      if (typed.type === 'error') {
        cleanup();
        reject(new Error(`child failed: ${String(typed.message)}`));
      } else if (typed.type === replyType) {
        cleanup();
        resolve(reply as T); // the child sends this type with this shape
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`child exited with ${code} before answering ${replyType}`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.send(message);
  });
}

/** Resolves when the child has exited (after a stop request). */
export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** In a child: answers requests with handler's result; reports failures instead of dying silently. */
export function serveParent(
  handler: (message: { type: string } & Record<string, unknown>) => Promise<object | null>,
): void {
  process.on('message', (message) => {
    const typed = message as { type: string } & Record<string, unknown>; // the parent only sends typed objects
    handler(typed)
      .then((reply) => {
        if (reply) process.send?.(reply);
      })
      .catch((error: unknown) => {
        process.send?.({
          type: 'error',
          message: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
      });
  });
}
