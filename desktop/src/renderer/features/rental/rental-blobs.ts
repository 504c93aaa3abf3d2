import type { Api } from '../../../common/api.ts';

/**
 * Photos and signatures go to the counter's blob store (content-addressed, synced later); the
 * contract keeps their sha256, as the store answers it. The printed contract reads them back from
 * there, so a picture that is only hashed and never stored would be missing from the PDF.
 */
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

type PictureType = 'image/png' | 'image/jpeg' | 'image/webp';

/** The type from the file's first bytes (camera shots and signatures are PNG; uploads may be JPEG or WebP). */
export function pictureType(bytes: Uint8Array): PictureType {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  const riff = bytes[0] === 0x52 && bytes[1] === 0x49 && bytes[2] === 0x46 && bytes[3] === 0x46;
  if (riff && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'image/webp';
  return 'image/png';
}

function base64Of(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode takes its bytes as arguments, and arguments are limited.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Stores each picture (one file per call) and answers their sha256, in order. */
export async function storePictures(api: Api, pictures: ReadonlyArray<Uint8Array<ArrayBuffer>>): Promise<string[]> {
  const stored: string[] = [];
  for (const bytes of pictures) {
    const { sha256 } = await api.call('blobs:put', {
      base64: base64Of(bytes),
      contentType: pictureType(bytes),
      ownerTable: 'rental_contracts',
      role: 'rental_picture',
    });
    stored.push(sha256);
  }
  return stored;
}

/**
 * Stores each photo with its thumbnail (made when the photo was added; a photo without one is
 * stored alone, as before) and answers the photos' sha256, in order.
 */
export async function storePhotos(
  api: Api,
  photos: ReadonlyArray<{ bytes: Uint8Array<ArrayBuffer>; thumbnail?: Uint8Array<ArrayBuffer> | null }>,
): Promise<string[]> {
  const stored: string[] = [];
  for (const photo of photos) {
    const { sha256 } = await api.call('blobs:put', {
      base64: base64Of(photo.bytes),
      contentType: pictureType(photo.bytes),
      ownerTable: 'rental_contracts',
      role: 'rental_picture',
      thumbnail: photo.thumbnail ? { base64: base64Of(photo.thumbnail), contentType: 'image/jpeg' } : null,
    });
    stored.push(sha256);
  }
  return stored;
}
