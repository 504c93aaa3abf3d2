import Type from 'typebox';
import { DomainError } from '../../errors.ts';
import { defineMutation, get, insert, WRITE_ROLES } from '../../mutations/types.ts';
import { OptionalText } from '../common.ts';

export const BLOB_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
/** Largest file accepted, on the counter and by the server: 15 MB (a phone photo, a signed PDF). */
export const MAX_BLOB_BYTES = 15 * 1024 * 1024;
export const SHA256_PATTERN = '^[0-9a-f]{64}$';

/** Records a file the counter has stored: its metadata syncs, its bytes upload separately. */
export const blobRegister = defineMutation({
  name: 'blob.register',
  description: 'Register a stored file (photo, signature, PDF) by its sha256',
  roles: WRITE_ROLES,
  input: Type.Object(
    {
      sha256: Type.String({ pattern: SHA256_PATTERN }),
      contentType: Type.Enum([...BLOB_CONTENT_TYPES]),
      byteSize: Type.Integer({ minimum: 1, maximum: MAX_BLOB_BYTES }),
      ownerTable: OptionalText(40),
      ownerId: OptionalText(64),
      role: OptionalText(40),
    },
    { additionalProperties: false },
  ),
  load: (input) => ({ existing: get('blobs', input.sha256) }),
  decide(input, state, ctx) {
    // The same bytes registered again (two counters, a retake) are the same file.
    if (state.existing) return { changes: [], result: { sha256: input.sha256, existed: true } };
    if (input.ownerTable && !/^[a-z_]+$/.test(input.ownerTable)) throw new DomainError('invalid', 'bad owner table');
    return {
      changes: [
        insert('blobs', {
          id: input.sha256,
          content_type: input.contentType,
          byte_size: input.byteSize,
          owner_table: input.ownerTable ?? null,
          owner_id: input.ownerId ?? null,
          role: input.role ?? null,
          created_by: ctx.actor.userId,
        }),
      ],
      result: { sha256: input.sha256, existed: false },
    };
  },
});
