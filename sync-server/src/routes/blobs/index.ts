import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '@forecourt/shared';
import { BLOB_CONTENT_TYPES, MAX_BLOB_BYTES } from '@forecourt/shared/domain/blobs/mutations';
import { withTenant } from '../../db/tenant-scope.ts';
import { ok } from '../../http/envelope.ts';
import { requireDevice } from '../../http/request-auth.ts';
import type { AppServices } from '../../services.ts';

const SHA256 = /^[0-9a-f]{64}$/;

function shaParam(params: unknown): string {
  const sha = (params as { sha256?: unknown }).sha256;
  if (typeof sha !== 'string' || !SHA256.test(sha))
    throw new DomainError('invalid', 'a blob is named by its sha256 (64 hex digits)');
  return sha;
}

/**
 * The bytes of content-addressed files (DESIGN §4.6), for enrolled devices of the tenant:
 * `PUT /blobs/:sha256` stores them once the hash of the body matches the name; `HEAD` tells
 * whether the server has them (an interrupted upload is simply sent again: files are at most
 * 15 MB and a retry is idempotent); `GET` returns them. Another tenant's file is a 404 even with
 * the right hash (row-level security on blob_data).
 */
export default async function blobRoutes(app: FastifyInstance, { services }: { services: AppServices }): Promise<void> {
  for (const type of BLOB_CONTENT_TYPES) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: MAX_BLOB_BYTES }, (_request, body, done) =>
      done(null, body),
    );
  }

  app.put('/:sha256', { bodyLimit: MAX_BLOB_BYTES }, async (request) => {
    const device = await requireDevice(services, request);
    const sha256 = shaParam(request.params);
    const contentType = String(request.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim();
    if (!(BLOB_CONTENT_TYPES as readonly string[]).includes(contentType)) {
      throw new DomainError('invalid', `a blob must be one of ${BLOB_CONTENT_TYPES.join(', ')}`);
    }
    const body = request.body;
    if (!Buffer.isBuffer(body) || body.length === 0) throw new DomainError('invalid', 'the upload is empty');
    const actual = createHash('sha256').update(body).digest('hex');
    if (actual !== sha256)
      throw new DomainError('invalid', 'the bytes do not match their sha256 (damaged upload): send them again');
    await withTenant(services.db, device.tenantId, (tx) =>
      tx.query(
        `INSERT INTO blob_data (tenant_id, sha256, content_type, bytes, stored_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, sha256) DO NOTHING`,
        [device.tenantId, sha256, contentType, body, new Date(services.clock()).toISOString()],
      ),
    );
    return ok({ sha256, byteSize: body.length });
  });

  const find = async (tenantId: string, sha256: string, withBytes: boolean) => {
    const result = await withTenant(services.db, tenantId, (tx) =>
      tx.query<{ content_type: string; bytes?: Uint8Array; size: number }>(
        `SELECT content_type, length(bytes) AS size${withBytes ? ', bytes' : ''} FROM blob_data WHERE tenant_id = $1 AND sha256 = $2`,
        [tenantId, sha256],
      ),
    );
    const row = result.rows[0];
    if (!row) throw new DomainError('not-found', 'this file is not on the server (yet)');
    return row;
  };

  app.head('/:sha256', async (request, reply) => {
    const device = await requireDevice(services, request);
    const row = await find(device.tenantId, shaParam(request.params), false);
    return reply.header('content-type', row.content_type).header('content-length', Number(row.size)).send();
  });

  app.get('/:sha256', async (request, reply) => {
    const device = await requireDevice(services, request);
    const sha256 = shaParam(request.params);
    const row = await find(device.tenantId, sha256, true);
    return reply
      .header('content-type', row.content_type)
      .header('cache-control', 'private, max-age=31536000, immutable')
      .header('etag', `"${sha256}"`)
      .send(Buffer.from(row.bytes!));
  });
}
