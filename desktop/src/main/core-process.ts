import type { ApiResult, EventListener, Unsubscribe } from '../common/api.ts';
import { isCoreToMain, type CoreStartConfig, type MainToCore } from '../common/core-messages.ts';
import type { AppInfo } from '../common/schemas.ts';

/**
 * The counter core's utilityProcess, seen from main: calls with ids and their answers, events,
 * secrets to store, and a restart with backoff if the process dies (calls in flight then fail
 * with `unavailable`, and the windows keep running).
 */
export interface UtilityProcessLike {
  postMessage(message: MainToCore): void;
  on(event: 'message', listener: (message: unknown) => void): void;
  on(event: 'exit', listener: (code: number) => void): void;
  kill(): boolean;
}

export interface CoreProcessDeps {
  readonly fork: () => UtilityProcessLike;
  readonly config: () => CoreStartConfig;
  readonly onSecret: (name: string, value: string | null) => void;
  readonly log: { info(o: object, m: string): void; error(o: object, m: string): void };
  readonly setTimer: (callback: () => void, ms: number) => void;
}

export interface CoreProcess {
  call(channel: string, input: unknown): Promise<ApiResult<unknown>>;
  onEvent(listener: EventListener): Unsubscribe;
  features(): AppInfo['features'];
  stop(): Promise<void>;
}

const UNAVAILABLE = { code: 'unavailable', message: 'The counter core is restarting. Try again in a moment.' };

export function startCoreProcess(deps: CoreProcessDeps): CoreProcess {
  const inFlight = new Map<number, (result: ApiResult<unknown>) => void>();
  const listeners = new Set<EventListener>();
  let nextId = 1;
  let child: UtilityProcessLike | null = null;
  let features: AppInfo['features'] = { enrolmentCodes: false, printing: true };
  let stopping: (() => void) | null = null;
  let restarts = 0;

  const failInFlight = () => {
    for (const resolve of inFlight.values()) resolve({ ok: false, error: UNAVAILABLE });
    inFlight.clear();
  };
  const spawn = () => {
    const current = deps.fork();
    child = current;
    current.on('message', (message) => {
      if (!isCoreToMain(message)) return;
      if (message.type === 'result') {
        inFlight.get(message.id)?.(message.result);
        inFlight.delete(message.id);
      } else if (message.type === 'event') {
        for (const listener of listeners) listener(message.event);
      } else if (message.type === 'secret') deps.onSecret(message.name, message.value);
      else if (message.type === 'ready') {
        features = message.features;
        restarts = 0;
      } else if (message.type === 'failed')
        deps.log.error({ reason: message.message }, 'the counter core could not open');
      else if (message.type === 'closed') current.kill();
    });
    current.on('exit', (code) => {
      child = null;
      failInFlight();
      if (stopping) return stopping();
      restarts += 1;
      const delay = Math.min(30_000, 500 * 2 ** restarts);
      deps.log.error({ code, restarts, delay }, 'the counter core exited; restarting');
      deps.setTimer(spawn, delay);
    });
    current.postMessage({ type: 'start', config: deps.config() });
  };
  spawn();

  return {
    call(channel, input) {
      const current = child;
      if (!current) return Promise.resolve({ ok: false, error: UNAVAILABLE });
      const id = nextId++;
      return new Promise((resolve) => {
        inFlight.set(id, resolve);
        current.postMessage({ type: 'call', id, channel, input });
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    features: () => features,
    stop() {
      const current = child;
      if (!current) return Promise.resolve();
      return new Promise<void>((resolve) => {
        stopping = resolve;
        current.postMessage({ type: 'shutdown' });
        // A core that does not close within 5 s is killed: quitting must not hang.
        deps.setTimer(() => current.kill(), 5000);
      });
    },
  };
}
