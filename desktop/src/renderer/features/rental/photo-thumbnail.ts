/**
 * A photo's thumbnail, made on the screen that took or chose the photo (the counter core has no
 * JPEG encoder): at most 320 px on the long edge, JPEG at quality 0.8, a few tens of KB. It is
 * stored as its own blob next to the photo (`blobs:put` with `thumbnail`), synced ahead of it,
 * shown in the photo strips and printed in the contract PDF instead of the full photo.
 */
export const THUMBNAIL_EDGE = 320;
const THUMBNAIL_QUALITY = 0.8;

/** The size that fits `edge` on the long side, never larger than the photo. */
export function thumbnailSize(width: number, height: number, edge = THUMBNAIL_EDGE): { width: number; height: number } {
  const scale = Math.min(1, edge / Math.max(width, height, 1));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

function canvasJpeg(canvas: HTMLCanvasElement): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', THUMBNAIL_QUALITY));
}

/**
 * The JPEG thumbnail of a photo (PNG, JPEG or WebP), or null when the browser cannot decode it:
 * the photo is then stored without one, and screens and PDF fall back to the photo itself.
 */
export async function makeThumbnail(
  bytes: Uint8Array<ArrayBuffer>,
  mediaType: string,
): Promise<Uint8Array<ArrayBuffer> | null> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes], { type: mediaType }));
  } catch {
    return null; // not a picture this browser reads
  }
  try {
    const size = thumbnailSize(bitmap.width, bitmap.height);
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const context = canvas.getContext('2d');
    if (!context) return null;
    // A transparent PNG looks as it would on paper: on white.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, size.width, size.height);
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, size.width, size.height);
    const blob = await canvasJpeg(canvas);
    return blob ? new Uint8Array(await blob.arrayBuffer()) : null;
  } finally {
    bitmap.close();
  }
}
