import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { DomainError } from '@forecourt/shared';
import { BLOB_CONTENT_TYPES, MAX_BLOB_BYTES } from '@forecourt/shared/domain/blobs/mutations';

export type BlobContentType = (typeof BLOB_CONTENT_TYPES)[number];

export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The counter's files (DESIGN §4.6) in `<data>/blobs/<aa>/<sha256>`: written to a temporary name
 * and renamed, so a crash never leaves half a file under its real name; checked against their
 * hash when read, so a damaged file is noticed (and fetched again) rather than shown. `blob_local`
 * (migration sqlite/0050) records which files this counter holds and whether the server has them.
 */
export class BlobStore {
  readonly #dir: string;
  readonly #db: Database.Database;

  constructor(dataDir: string, db: Database.Database) {
    this.#dir = join(dataDir, 'blobs');
    this.#db = db;
  }

  #path(sha256: string): string {
    return join(this.#dir, sha256.slice(0, 2), sha256);
  }

  /**
   * Stores the bytes (idempotent) and returns their sha256. `priority` orders the uploads: 0 (a
   * thumbnail) goes before 1 (any other file); a file stored twice keeps the more urgent one.
   */
  put(
    bytes: Uint8Array,
    contentType: string,
    now: string,
    options: { uploaded?: boolean; priority?: 0 | 1 } = {},
  ): string {
    if (!(BLOB_CONTENT_TYPES as readonly string[]).includes(contentType)) {
      throw new DomainError('invalid', `a file must be one of ${BLOB_CONTENT_TYPES.join(', ')}`);
    }
    if (bytes.length === 0) throw new DomainError('invalid', 'the file is empty');
    if (bytes.length > MAX_BLOB_BYTES) throw new DomainError('invalid', 'the file is larger than 15 MB');
    const sha256 = sha256Of(bytes);
    const target = this.#path(sha256);
    if (!this.#intact(target, sha256)) {
      mkdirSync(join(this.#dir, sha256.slice(0, 2)), { recursive: true });
      const temporary = `${target}.${randomUUID()}.tmp`;
      writeFileSync(temporary, bytes);
      renameSync(temporary, target);
    }
    this.#db
      .prepare(
        `INSERT INTO blob_local (sha256, stored_at, uploaded_at, priority) VALUES (?, ?, ?, ?)
         ON CONFLICT (sha256) DO UPDATE SET uploaded_at = COALESCE(blob_local.uploaded_at, excluded.uploaded_at),
           priority = min(blob_local.priority, excluded.priority)`,
      )
      .run(sha256, now, options.uploaded ? now : null, options.priority ?? 1);
    return sha256;
  }

  /** The bytes if this counter holds them intact; a damaged file is removed and reported as missing. */
  read(sha256: string): Uint8Array | null {
    const path = this.#path(sha256);
    if (!existsSync(path)) return null;
    const bytes = readFileSync(path);
    if (sha256Of(bytes) !== sha256) {
      rmSync(path, { force: true });
      this.#db.prepare('DELETE FROM blob_local WHERE sha256 = ?').run(sha256);
      return null;
    }
    return new Uint8Array(bytes);
  }

  #intact(path: string, sha256: string): boolean {
    return existsSync(path) && sha256Of(readFileSync(path)) === sha256;
  }

  /** Files the server does not have yet: thumbnails first, then oldest first. */
  pendingUploads(limit = 50): string[] {
    return this.#db
      .prepare<[number], { sha256: string }>(
        'SELECT sha256 FROM blob_local WHERE uploaded_at IS NULL ORDER BY priority, stored_at, sha256 LIMIT ?',
      )
      .all(limit)
      .map((row) => row.sha256);
  }

  /**
   * Thumbnails of photos registered since `since` (newest first) that this counter does not hold:
   * what a sync fetches ahead, so a rental's pictures show on every counter, offline too.
   */
  missingThumbnails(since: string, limit: number): Array<{ sha256: string; contentType: string }> {
    return this.#db
      .prepare<[string, number], { sha256: string; contentType: string }>(
        `SELECT thumb.id AS sha256, thumb.content_type AS contentType
           FROM blobs photo JOIN blobs thumb ON thumb.id = photo.thumbnail_sha256
          WHERE photo.thumbnail_sha256 IS NOT NULL AND photo.created_at >= ?
            AND photo.deleted_at IS NULL AND thumb.deleted_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM blob_local held WHERE held.sha256 = thumb.id)
          ORDER BY photo.created_at DESC, thumb.id LIMIT ?`,
      )
      .all(since, limit);
  }

  markUploaded(sha256: string, now: string): void {
    this.#db.prepare('UPDATE blob_local SET uploaded_at = ?, last_error = NULL WHERE sha256 = ?').run(now, sha256);
  }

  markFailed(sha256: string, error: string): void {
    this.#db
      .prepare('UPDATE blob_local SET attempts = attempts + 1, last_error = ? WHERE sha256 = ?')
      .run(error.slice(0, 300), sha256);
  }

  pendingCount(): number {
    return (
      this.#db.prepare<[], { n: number }>('SELECT count(*) AS n FROM blob_local WHERE uploaded_at IS NULL').get()?.n ??
      0
    );
  }
}
