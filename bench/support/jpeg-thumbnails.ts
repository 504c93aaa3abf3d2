import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Photo thumbnails as the counter screens make them (renderer/features/rental/photo-thumbnail.ts:
 * createImageBitmap, a canvas at most 320 px on the long edge, JPEG quality 0.8), made in the
 * same engine: Debian's Chromium, headless. Node has no JPEG encoder, and the contract PDF embeds
 * a JPEG without decoding it, so a PNG stand-in would measure something the counter never does.
 */
const CHROMIUM = '/usr/bin/chromium';

/** In the page: PNG/JPEG/WebP bytes (base64) → JPEG thumbnail bytes (base64). Kept as text: tsx helpers do not exist there. */
const MAKE_THUMBNAIL = `async ([base64, type, edge, quality]) => {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], { type }));
  const scale = Math.min(1, edge / Math.max(bitmap.width, bitmap.height, 1));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const blob = await new Promise((done) => canvas.toBlob(done, 'image/jpeg', quality));
  const out = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < out.length; i += 0x8000) binary += String.fromCharCode(...out.subarray(i, i + 0x8000));
  return btoa(binary);
}`;

export interface JpegThumbnailer {
  make(photo: Uint8Array, type: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** null when Chromium is not installed (the caller says so and measures without). */
export async function openJpegThumbnailer(): Promise<JpegThumbnailer | null> {
  if (!existsSync(CHROMIUM)) return null;
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  const page = await browser.newPage();
  await page.setContent('<!doctype html><title>thumbnails</title>');
  return {
    async make(photo, type) {
      const base64 = await page.evaluate(
        `(${MAKE_THUMBNAIL})(${JSON.stringify([Buffer.from(photo).toString('base64'), type, 320, 0.8])})`,
      );
      return new Uint8Array(Buffer.from(String(base64), 'base64'));
    },
    close: () => browser.close(),
  };
}
