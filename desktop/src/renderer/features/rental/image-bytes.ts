/** Pictures as bytes: what the blob store keeps for photos and signatures. */
export interface PictureFile {
  readonly id: string;
  readonly name: string;
  readonly mediaType: string;
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** A photo's JPEG thumbnail (`photo-thumbnail.ts`), null when it could not be made; none for signatures. */
  readonly thumbnail?: Uint8Array<ArrayBuffer> | null;
}

export const ACCEPTED_PHOTO_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
/** A phone photo is a few MB; beyond this it is not a photo of a car. */
export const MAX_PHOTO_BYTES = 15 * 1024 * 1024;

export function canvasToPng(canvas: HTMLCanvasElement): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => {
      if (!blob) return reject(new Error('the picture could not be read from the canvas'));
      blob.arrayBuffer().then((buffer) => resolve(new Uint8Array(buffer)), reject);
    }, 'image/png'),
  );
}

/** Why a chosen file cannot be kept as a photo, or null when it can. */
export function photoProblem(file: { name: string; type: string; size: number }): string | null {
  if (!(ACCEPTED_PHOTO_TYPES as readonly string[]).includes(file.type))
    return `${file.name} is not a photo the counter keeps (PNG, JPEG or WebP).`;
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > MAX_PHOTO_BYTES) return `${file.name} is larger than 15 MB.`;
  return null;
}
