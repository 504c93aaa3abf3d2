/**
 * Thumbnails for the rental photo tests and the benchmark: what the counter screens store next
 * to a photo (`blobs:put` with `thumbnail`), made headless. Test support only.
 */
import { THUMBNAIL_ROLE } from '@forecourt/shared/domain/blobs/mutations';
import { pngPhotoThumbnail } from './photo-thumbnails.ts';
import type { RentalReplica } from './rental-fixture.test-support.ts';

export interface Thumbnail {
  readonly bytes: Uint8Array;
  readonly contentType: 'image/png' | 'image/jpeg';
}

/** The headless stand-in for the screen's JPEG thumbnail: a 320 px PNG (pngjs; node has no JPEG encoder). */
export function pngThumbnailOf(photo: Uint8Array): Thumbnail {
  const bytes = pngPhotoThumbnail(photo);
  if (!bytes) throw new Error('not a PNG photo');
  return { bytes, contentType: 'image/png' };
}

/**
 * Stores a thumbnail for a photo already on the counter and registers both through the real
 * `blob.register` (the thumbnail first, then the photo naming it), as the counter core does.
 * Answers the thumbnail's sha256.
 */
export function addThumbnail(rental: RentalReplica, photoSha: string, thumbnail: Thumbnail): string {
  const stamp = new Date(rental.now).toISOString();
  const photo = rental.replica.store().get('blobs', photoSha);
  if (!photo) throw new Error(`no blob ${photoSha}`);
  const thumb = rental.blobs.put(thumbnail.bytes, thumbnail.contentType, stamp, { priority: 0 });
  rental.mutate(rental.staff, 'blob.register', {
    sha256: thumb,
    contentType: thumbnail.contentType,
    byteSize: thumbnail.bytes.length,
    ownerTable: 'blobs',
    ownerId: photoSha,
    role: THUMBNAIL_ROLE,
  });
  rental.mutate(rental.staff, 'blob.register', {
    sha256: photoSha,
    contentType: photo.content_type,
    byteSize: photo.byte_size,
    thumbnailSha256: thumb,
  });
  return thumb;
}

/** Every pickup and return photo of a contract gets a thumbnail made by `make`; answers photo → thumbnail. */
export function addContractThumbnails(
  rental: RentalReplica,
  contractId: string,
  make: (photo: Uint8Array) => Thumbnail = pngThumbnailOf,
): Map<string, string> {
  const contract = rental.replica.store().get('rental_contracts', contractId);
  const shas = [contract?.photos_out, contract?.photos_in].flatMap((list) =>
    Array.isArray(list) ? list.filter((sha): sha is string => typeof sha === 'string') : [],
  );
  const made = new Map<string, string>();
  for (const sha of shas) {
    const bytes = rental.blobs.read(sha);
    if (!bytes) throw new Error(`photo ${sha} is not stored`);
    made.set(sha, addThumbnail(rental, sha, make(bytes)));
  }
  return made;
}
