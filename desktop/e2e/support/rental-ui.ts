import { deflateSync } from 'node:zlib';
import type { Locator, Page } from 'playwright-core';

/**
 * Rental steps done the way a person does them: photos come from files (a real PNG made here),
 * a signature is drawn with the mouse, a damage is a click on the car diagram.
 */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real RGB PNG of a diagonal gradient in the given tint, so two photos differ in bytes. */
export function makePng(width: number, height: number, tint: [number, number, number]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, no filter method, no interlace
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const shade = (x + y) / (width + height);
      const offset = row + 1 + x * 3;
      raw[offset] = Math.round(tint[0] * shade);
      raw[offset + 1] = Math.round(tint[1] * shade);
      raw[offset + 2] = Math.round(tint[2] * shade);
    }
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Draws a looping signature across the pad with the mouse. */
export async function drawSignature(page: Page, pad: Locator): Promise<void> {
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error('the signature pad is not on screen');
  const at = (fx: number, fy: number) => [box.x + box.width * fx, box.y + box.height * fy] as const;
  const [startX, startY] = at(0.12, 0.6);
  await page.mouse.move(startX, startY);
  await page.mouse.down();
  for (let step = 1; step <= 24; step++) {
    const t = step / 24;
    const [x, y] = at(0.12 + 0.7 * t, 0.6 - 0.25 * Math.sin(t * Math.PI * 3));
    await page.mouse.move(x, y, { steps: 2 });
  }
  await page.mouse.up();
}

/** Clicks the car diagram at a fraction of its size (0,0 = front left). */
export async function clickDiagram(diagram: Locator, fx: number, fy: number): Promise<void> {
  const box = await diagram.boundingBox();
  if (!box) throw new Error('the damage diagram is not on screen');
  await diagram.click({ position: { x: box.width * fx, y: box.height * fy } });
}
