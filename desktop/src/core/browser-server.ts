import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AppInfo } from '../common/schemas.ts';
import { createContractGuard } from '../common/validate.ts';
import { createRoutes, SESSION_COOKIE } from './host/browser-routes.ts';
import type { CoreService } from './host/core-service.ts';
import { failure, sendJson } from './host/http-json.ts';
import { createPairing, type Pairing } from './host/pairing.ts';
import {
  allowedHostNames,
  cookieValue,
  hostAllowed,
  isLoopback,
  lanAddresses,
  originAllowed,
} from './host/request-guard.ts';

/**
 * Browser mode (DESIGN §2): the counter core serves the built renderer and the same contract as
 * Electron's IPC — `POST /rpc/<channel>` with the input as JSON, answered with an ApiResult, and
 * the event stream on the WebSocket `/events`. It listens on 127.0.0.1 unless `lan` is set; LAN
 * clients must pair with the code shown on the counter PC first. Every request must name this
 * server in its Host header and, from a browser, come from its own origin.
 */
export interface BrowserServerOptions {
  readonly core: CoreService;
  readonly rendererDir: string;
  readonly port?: number;
  readonly lan?: boolean;
  readonly version: string;
  readonly suggestedEnrolment?: AppInfo['suggestedEnrolment'];
  readonly log: BrowserServerLog;
  readonly pairing?: Pairing;
}

export interface BrowserServerLog {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface BrowserServer {
  readonly url: string;
  readonly lanUrl: string | null;
  readonly port: number;
  pairingCode(): string | null;
  close(): Promise<void>;
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const lan = options.lan === true;
  const pairing = options.pairing ?? createPairing();
  const hostNames = allowedHostNames(lan);
  const sockets = new Set<WebSocket>();
  let port = options.port ?? 0;
  const isTrusted = (req: IncomingMessage) =>
    isLoopback(req.socket.remoteAddress) || pairing.isSession(cookieValue(req, SESSION_COOKIE));
  const routes = createRoutes({
    core: options.core,
    guard: createContractGuard(),
    pairing,
    lan,
    rendererDir: options.rendererDir,
    version: options.version,
    suggestedEnrolment: options.suggestedEnrolment ?? null,
    lanUrl: () => (lan ? lanUrlFor(port) : null),
    isTrusted,
    onBug: (error, context) => options.log.error({ err: error, ...context }, 'browser-mode call failed'),
  });

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!hostAllowed(req, hostNames, port)) return sendJson(res, 421, failure('forbidden', 'unknown host'));
    if (req.method === 'POST' && !originAllowed(req))
      return sendJson(res, 403, failure('forbidden', 'cross-origin request'));
    routes(req, res, path).catch((error: unknown) => {
      options.log.error({ err: error, path }, 'browser-mode request failed');
      if (!res.headersSent) sendJson(res, 500, failure('internal', 'Something went wrong in the counter.'));
      else res.destroy();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  server.on('upgrade', (req, socket, head) => {
    if (req.url !== '/events' || !hostAllowed(req, hostNames, port) || !originAllowed(req) || !isTrusted(req)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachEvents(ws, options.core, sockets));
  });

  port = await listen(server, port, lan ? '0.0.0.0' : '127.0.0.1');
  const url = `http://127.0.0.1:${port}/`;
  options.log.info({ url, lan }, 'browser mode listening');
  return {
    url,
    lanUrl: lan ? lanUrlFor(port) : null,
    port,
    pairingCode: () => (lan ? pairing.currentCode() : null),
    close: () => closeServer(server, wss, sockets),
  };
}

async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen());
  });
  return (server.address() as AddressInfo).port; // listen() on a TCP port always yields an AddressInfo
}

function attachEvents(ws: WebSocket, core: CoreService, sockets: Set<WebSocket>) {
  sockets.add(ws);
  const unsubscribe = core.subscribe((event) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
  });
  ws.on('close', () => {
    unsubscribe();
    sockets.delete(ws);
  });
  // The UI never sends on this socket; anything it does send is ignored.
  ws.on('message', () => undefined);
}

async function closeServer(server: Server, wss: WebSocketServer, sockets: Set<WebSocket>) {
  for (const ws of sockets) ws.terminate();
  wss.close();
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));
}

function lanUrlFor(port: number): string | null {
  const address = lanAddresses()[0];
  return address ? `http://${address}:${port}/` : null;
}
