import { TABLE_NAMES } from '@forecourt/shared/schema/tables';
import { ApiError, unwrapResult, type Api, type ApiResult, type EventListener } from '../../common/api.ts';
import type { Channel, ChannelInput, ChannelOutput } from '../../common/contract.ts';
import { isAllowedExternalUrl } from '../../common/external-links.ts';
import type { ApiEvent } from '../../common/schemas.ts';

export interface HttpApiDeps {
  /** Where the core serves the contract, e.g. `http://127.0.0.1:5790/`. */
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
  readonly createSocket: (url: string) => WebSocket;
  readonly openWindow: (url: string) => void;
  readonly setTimer: (callback: () => void, ms: number) => unknown;
}

const UNREACHABLE = 'The counter is not answering. Is Forecourt still running on this PC?';

/**
 * The UI's Api in browser mode: the same contract as Electron's IPC, as `POST /rpc/<channel>` and
 * a WebSocket of events. After the socket reconnects, every table is announced as changed, since
 * events may have been missed while it was down.
 */
export function createHttpApi(deps: HttpApiDeps): Api {
  const listeners = new Set<EventListener>();
  const events = eventSocket(deps, (event) => {
    for (const listener of [...listeners]) listener(event);
  });

  async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
    if (channel === 'app:openExternal') return openExternal(deps, input) as ChannelOutput<C>; // null for this channel
    if (channel === 'app:showDocument') return showDocument(deps, input) as ChannelOutput<C>; // null for this channel
    let response: Response;
    try {
      response = await deps.fetch(new URL(`rpc/${channel}`, deps.baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input ?? null),
        credentials: 'same-origin',
      });
    } catch {
      throw new ApiError({ code: 'unavailable', message: UNREACHABLE });
    }
    const body = (await response.json().catch(() => null)) as ApiResult<ChannelOutput<C>> | null; // the server answers ApiResult
    if (!body || typeof body !== 'object' || !('ok' in body))
      throw new ApiError({ code: 'unavailable', message: UNREACHABLE });
    return unwrapResult(body);
  }

  return {
    call,
    onEvent(listener) {
      listeners.add(listener);
      events.retain();
      return () => {
        if (listeners.delete(listener)) events.release();
      };
    },
  };
}

function openExternal(deps: HttpApiDeps, input: unknown): null {
  const url = typeof input === 'object' && input !== null && 'url' in input ? String(input.url) : '';
  if (!isAllowedExternalUrl(url)) throw new ApiError({ code: 'forbidden', message: 'That link is not allowed.' });
  deps.openWindow(url);
  return null;
}

/** Documents named by their own id (rental ones and the garage's credit notes), not by a job's. */
const RENTAL_DOCUMENTS = new Set(['contract', 'rental-invoice', 'reservation', 'credit-note']);

/** Opened at once, inside the click: a window opened after an await would meet the popup blocker. */
function showDocument(deps: HttpApiDeps, input: unknown): null {
  const { kind, jobId, id } = (input ?? {}) as { kind?: unknown; jobId?: unknown; id?: unknown }; // checked just below
  const ref = kind === 'job-card' || kind === 'invoice' ? jobId : RENTAL_DOCUMENTS.has(String(kind)) ? id : null;
  if (typeof ref !== 'string') throw new ApiError({ code: 'invalid', message: 'unknown document' });
  deps.openWindow(new URL(`documents/${String(kind)}/${encodeURIComponent(ref)}.pdf`, deps.baseUrl).toString());
  return null;
}

function eventSocket(deps: HttpApiDeps, emit: (event: ApiEvent) => void) {
  let users = 0;
  let socket: WebSocket | null = null;
  let retryMs = 500;
  let hadConnection = false;

  const connect = () => {
    if (users === 0 || socket) return;
    const url = new URL('events', deps.baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = deps.createSocket(url.toString());
    socket = ws;
    ws.onopen = () => {
      retryMs = 500;
      if (hadConnection) emit({ type: 'data', tables: TABLE_NAMES });
      hadConnection = true;
    };
    ws.onmessage = (message) => {
      const event = parseEvent(message.data);
      if (event) emit(event);
    };
    ws.onclose = () => {
      socket = null;
      retryMs = Math.min(retryMs * 2, 5000);
      deps.setTimer(connect, retryMs);
    };
  };
  return {
    retain() {
      users += 1;
      connect();
    },
    release() {
      users -= 1;
      if (users === 0 && socket) {
        socket.onclose = null;
        socket.close();
        socket = null;
      }
    },
  };
}

function parseEvent(data: unknown): ApiEvent | null {
  if (typeof data !== 'string') return null;
  try {
    const value: unknown = JSON.parse(data);
    // The core is the only sender on this socket and sends contract events only.
    return typeof value === 'object' && value !== null && 'type' in value ? (value as ApiEvent) : null;
  } catch {
    return null;
  }
}

/** Browser mode on the LAN: exchanges the code shown on the counter PC for a session cookie. */
export async function pairBrowser(fetcher: typeof fetch, baseUrl: string, code: string): Promise<void> {
  const response = await fetcher(new URL('pair', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
    credentials: 'same-origin',
  });
  const body = (await response.json().catch(() => null)) as ApiResult<null> | null; // the server answers ApiResult
  if (!body) throw new ApiError({ code: 'unavailable', message: UNREACHABLE });
  unwrapResult(body);
}
