import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * Serves the built renderer. Paths are resolved inside `root` only (a `..` can never leave it);
 * unknown paths without an extension answer index.html, because the UI routes on the client.
 */
export async function serveStatic(root: string, urlPath: string, res: ServerResponse, headers: Record<string, string>) {
  const base = resolve(root);
  const wanted = normalize(decodeURIComponent(urlPath.split('?')[0] ?? '/'));
  let file = resolve(join(base, wanted));
  if (file !== base && !file.startsWith(base + sep)) return notFound(res);
  let info = await stat(file).catch(() => null);
  if (!info || info.isDirectory()) {
    if (extname(wanted) !== '') return notFound(res);
    file = join(base, 'index.html');
    info = await stat(file).catch(() => null);
    if (!info) return notFound(res, 'The UI is not built: run `npm run build:desktop` first.');
  }
  // Hashed assets never change; index.html must always be fetched fresh to pick up a new build.
  const cache = file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
  res.writeHead(200, {
    ...headers,
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': String(info.size),
    'cache-control': cache,
  });
  createReadStream(file).pipe(res);
}

function notFound(res: ServerResponse, message = 'Not found') {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(message);
}
