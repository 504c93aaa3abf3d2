import { PNG } from 'pngjs';

/**
 * Photos are printed as thumbnails (120 × 90 pt), so a PNG photo is scaled down to at most
 * 240 × 180 pixels (144 dpi on paper) before it goes into the PDF: the PDF stays small, and
 * pdfkit's PNG reader (png-js, which copies the compressed data one byte at a time) reads a
 * fraction of the bytes — with 8 photos of ~200 KB that copy was most of the render time.
 * Averaging boxes of source pixels keeps the picture smooth; the result is opaque RGB, which
 * pdfkit embeds without splitting an alpha channel. JPEG photos go in as they are (pdfkit only
 * reads their header). A PNG that cannot be read is left as it is, for pdfkit to judge.
 */
export const THUMBNAIL_MAX = { width: 240, height: 180 } as const;
const WORTH_SCALING_BYTES = 48 * 1024;

function averageBox(source: PNG, x0: number, x1: number, y0: number, y1: number, out: Buffer, at: number): void {
  let r = 0;
  let g = 0;
  let b = 0;
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * source.width + x) * 4;
      // Transparent pixels count as white, as they look on paper.
      const alpha = (source.data[i + 3] ?? 255) / 255;
      r += (source.data[i] ?? 0) * alpha + 255 * (1 - alpha);
      g += (source.data[i + 1] ?? 0) * alpha + 255 * (1 - alpha);
      b += (source.data[i + 2] ?? 0) * alpha + 255 * (1 - alpha);
      n += 1;
    }
  }
  out[at] = Math.round(r / n);
  out[at + 1] = Math.round(g / n);
  out[at + 2] = Math.round(b / n);
}

function scaled(source: PNG, width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor((y * source.height) / height);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * source.height) / height));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor((x * source.width) / width);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * source.width) / width));
      averageBox(source, x0, x1, y0, y1, data, (y * width + x) * 3);
    }
  }
  return data;
}

function readPng(bytes: Uint8Array): PNG | null {
  try {
    return PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  } catch (error) {
    if (error instanceof Error) return null; // damaged or exotic PNG: embedded as it is
    throw error;
  }
}

function writeScaled(source: PNG, scale: number): Buffer {
  const width = Math.max(1, Math.round(source.width * scale));
  const height = Math.max(1, Math.round(source.height * scale));
  const thumbnail = new PNG({ width, height, colorType: 2, inputHasAlpha: false });
  thumbnail.data = scaled(source, width, height);
  // No per-line filter search and light compression: the bytes are read again at once by pdfkit.
  return PNG.sync.write(thumbnail, {
    colorType: 2,
    inputColorType: 2,
    inputHasAlpha: false,
    filterType: 1,
    deflateLevel: 3,
  });
}

/** A smaller PNG of the photo, or null when it is already small or not a PNG pngjs can read. */
export function pngThumbnail(bytes: Uint8Array): Buffer | null {
  if (bytes.length < WORTH_SCALING_BYTES) return null;
  const source = readPng(bytes);
  if (!source) return null;
  const scale = Math.min(THUMBNAIL_MAX.width / source.width, THUMBNAIL_MAX.height / source.height, 1);
  if (scale === 1) return null;
  return writeScaled(source, scale);
}

/**
 * The long edge of a stored photo thumbnail (`blobs.thumbnail_sha256`): the counter screens make
 * them as JPEG with a canvas (`renderer/features/rental/photo-thumbnail.ts`); this is the same
 * size for the headless side, which has no JPEG encoder and makes PNG.
 */
export const STORED_THUMBNAIL_EDGE = 320;

/** A PNG photo scaled to at most `edge` pixels on its long side (opaque RGB), or null when pngjs cannot read it. */
export function pngPhotoThumbnail(bytes: Uint8Array, edge = STORED_THUMBNAIL_EDGE): Buffer | null {
  const source = readPng(bytes);
  if (!source) return null;
  return writeScaled(source, Math.min(edge / Math.max(source.width, source.height), 1));
}
