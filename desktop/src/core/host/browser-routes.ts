import type { IncomingMessage, ServerResponse } from 'node:http';
import { DomainError } from '@forecourt/shared/errors';
import type { ChannelHandlers, ShellChannel } from '../../common/api.ts';
import { dispatch } from '../../common/dispatch.ts';
import type { AppInfo } from '../../common/schemas.ts';
import type { ContractGuard } from '../../common/validate.ts';
import type { CoreService } from './core-service.ts';
import { failure, isRecord, readJson, SECURITY_HEADERS, sendJson } from './http-json.ts';
import type { Pairing } from './pairing.ts';
import { isLoopback } from './request-guard.ts';
import { serveStatic } from './static-files.ts';

/** The routes of browser mode, once the Host and Origin checks have passed (browser-server.ts). */
export interface RouteContext {
  readonly core: CoreService;
  readonly guard: ContractGuard;
  readonly pairing: Pairing;
  readonly lan: boolean;
  readonly rendererDir: string;
  readonly version: string;
  readonly suggestedEnrolment: AppInfo['suggestedEnrolment'];
  readonly lanUrl: () => string | null;
  readonly isTrusted: (req: IncomingMessage) => boolean;
  readonly onBug: (error: unknown, context: object) => void;
}

export const SESSION_COOKIE = 'forecourt_session';
const NOT_PAIRED = failure('unauthenticated', 'Pair this browser with the counter first.');

export function createRoutes(ctx: RouteContext) {
  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    if (req.method === 'POST' && path.startsWith('/rpc/')) return onRpc(ctx, req, res, path.slice(5));
    if (req.method === 'POST' && path === '/pair') return onPair(ctx, req, res);
    if (req.method === 'GET' && path.startsWith('/documents/')) return onDocument(ctx, req, res, path);
    if (req.method === 'GET' || req.method === 'HEAD') return serveStatic(ctx.rendererDir, path, res, SECURITY_HEADERS);
    sendJson(res, 405, failure('invalid', 'method not allowed'));
  };
}

function shellHandlers(ctx: RouteContext, req: IncomingMessage): ChannelHandlers<ShellChannel> {
  return {
    'app:info': () => ({
      mode: 'browser',
      version: ctx.version,
      // Only the counter PC itself may see the code a tablet needs.
      pairingCode: ctx.lan && isLoopback(req.socket.remoteAddress) ? ctx.pairing.currentCode() : null,
      lanUrl: ctx.lanUrl(),
      suggestedEnrolment: ctx.suggestedEnrolment,
      features: { enrolmentCodes: ctx.core.canIssueEnrolmentCodes, printing: true },
    }),
    'app:openExternal': () => {
      throw new DomainError('invalid', 'in browser mode, links open in the browser itself');
    },
    'app:showDocument': () => {
      throw new DomainError('invalid', 'in browser mode, documents open from /documents/ in the browser itself');
    },
    'app:saveFile': () => {
      throw new DomainError('invalid', 'in browser mode, files are saved by the browser’s download');
    },
  };
}

async function onRpc(ctx: RouteContext, req: IncomingMessage, res: ServerResponse, channel: string) {
  if (!ctx.isTrusted(req)) return sendJson(res, 401, NOT_PAIRED);
  const body = await readJson(req);
  if (!body.ok) return sendJson(res, 400, body);
  const handlers = { ...ctx.core.handlers, ...shellHandlers(ctx, req) };
  sendJson(res, 200, await dispatch(ctx.guard, handlers, channel, body.data, { onBug: ctx.onBug }));
}

async function onPair(ctx: RouteContext, req: IncomingMessage, res: ServerResponse) {
  const body = await readJson(req);
  const code = body.ok && isRecord(body.data) && typeof body.data.code === 'string' ? body.data.code : '';
  const token = ctx.pairing.pair(code);
  if (!token)
    return sendJson(res, 403, failure('forbidden', 'That code is not right. Check the code on the counter PC.'));
  res.setHeader('set-cookie', `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
  sendJson(res, 200, { ok: true, data: null });
}

/** GET /documents/<kind>/<job, contract or reservation id>.pdf: a real URL, so the browser's PDF viewer can print and save it. */
async function onDocument(ctx: RouteContext, req: IncomingMessage, res: ServerResponse, path: string) {
  if (!ctx.isTrusted(req)) return sendJson(res, 401, NOT_PAIRED);
  const [, , kind, file = ''] = path.split('/');
  const ref = decodeURIComponent(file.replace(/\.pdf$/, ''));
  const input = kind === 'job-card' || kind === 'invoice' ? { kind, jobId: ref } : { kind, id: ref };
  const result = await dispatch(ctx.guard, ctx.core.handlers, 'documents:render', input, { onBug: ctx.onBug });
  if (!result.ok) return sendJson(res, result.error.code === 'not-found' ? 404 : 400, result);
  const { fileName, pdfBase64 } = result.data as { fileName: string; pdfBase64: string }; // dispatch checked it against the contract
  const pdf = Buffer.from(pdfBase64, 'base64');
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': 'application/pdf',
    'content-length': String(pdf.length),
    'content-disposition': `inline; filename="${fileName}"`,
    'cache-control': 'no-store',
  });
  res.end(pdf);
}
