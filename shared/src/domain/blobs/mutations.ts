import Type from 'typebox';
import { DomainError } from '../../errors.ts';
import { defineMutation, get, insert, update, WRITE_ROLES } from '../../mutations/types.ts';
import { OptionalText } from '../common.ts';

export const BLOB_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
/** Largest file accepted, on the counter and by the server: 15 MB (a phone photo, a signed PDF). */
export const MAX_BLOB_BYTES = 15 * 1024 * 1024;
export const SHA256_PATTERN = '^[0-9a-f]{64}$';
/** A photo's thumbnail is its own blob with this role, owned by the photo's `blobs` row. */
export const THUMBNAIL_ROLE = 'thumbnail';
/** A thumbnail is a few tens of KB; one this large is not a thumbnail. */
export const MAX_THUMBNAIL_BYTES = 512 * 1024;
const IMAGE_TYPES: readonly string[] = ['image/jpeg', 'image/png', 'image/webp'];

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
      /** A photo's thumbnail, registered before it (its own `blob.register`, role 'thumbnail'). */
      thumbnailSha256: Type.Optional(Type.Union([Type.String({ pattern: SHA256_PATTERN }), Type.Null()])),
    },
    { additionalProperties: false },
  ),
  load: (input) => ({
    existing: get('blobs', input.sha256),
    thumbnail: get('blobs', input.thumbnailSha256),
  }),
  decide(input, state, ctx) {
    const thumbnailSha256 = input.thumbnailSha256 ?? null;
    if (thumbnailSha256) {
      if (!IMAGE_TYPES.includes(input.contentType)) throw new DomainError('invalid', 'only a photo has a thumbnail');
      if (thumbnailSha256 === input.sha256) throw new DomainError('invalid', 'a photo is not its own thumbnail');
      const thumbnail = state.thumbnail;
      if (!thumbnail || thumbnail.deleted_at)
        throw new DomainError('invalid', 'the thumbnail is not registered; register it before the photo');
      if (!IMAGE_TYPES.includes(String(thumbnail.content_type)) || Number(thumbnail.byte_size) > MAX_THUMBNAIL_BYTES)
        throw new DomainError('invalid', 'the thumbnail must be a JPEG, PNG or WebP of at most 512 KB');
    }
    // The same bytes registered again (two counters, a retake) are the same file. An older photo
    // registered without a thumbnail takes the first one offered; a thumbnail it has stays.
    if (state.existing) {
      const adopt = thumbnailSha256 !== null && !state.existing.thumbnail_sha256;
      return {
        changes: adopt ? [update('blobs', input.sha256, { thumbnail_sha256: thumbnailSha256 })] : [],
        result: {
          sha256: input.sha256,
          existed: true,
          thumbnailSha256: adopt ? thumbnailSha256 : (state.existing.thumbnail_sha256 ?? null),
        },
      };
    }
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
          thumbnail_sha256: thumbnailSha256,
        }),
      ],
      result: { sha256: input.sha256, existed: false, thumbnailSha256 },
    };
  },
});
