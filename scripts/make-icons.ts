/**
 * Draws the app icon and writes every format electron-builder wants into build/:
 *   build/icon.png (1024), build/icons/<n>x<n>.png (Linux), build/icon.ico (Windows),
 *   build/icon.icns (macOS), and the favicon of the renderer.
 * No image tools needed: the icon is drawn from shapes with 4×4 supersampling and encoded here
 * (PNG with zlib, ICO and ICNS as containers of PNGs).  Run: npx tsx scripts/make-icons.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';

type Rgba = readonly [number, number, number, number];
const TEAL: Rgba = [11, 107, 111, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const AMBER: Rgba = [245, 190, 60, 255];

/** Which colour the point (x, y) in the unit square has; null is transparent. */
function colourAt(x: number, y: number): Rgba | null {
  const inset = 0.06;
  const radius = 0.2;
  const cx = Math.min(Math.max(x, inset + radius), 1 - inset - radius);
  const cy = Math.min(Math.max(y, inset + radius), 1 - inset - radius);
  if ((x - cx) ** 2 + (y - cy) ** 2 > radius ** 2) return null;
  // A bold "F": stem and two bars.
  const inStem = x >= 0.3 && x <= 0.43 && y >= 0.24 && y <= 0.76;
  const inTop = x >= 0.3 && x <= 0.72 && y >= 0.24 && y <= 0.36;
  const inMiddle = x >= 0.3 && x <= 0.64 && y >= 0.45 && y <= 0.56;
  if (inStem || inTop || inMiddle) return WHITE;
  // A number plate's amber strip under it: the forecourt.
  if (x >= 0.53 && x <= 0.74 && y >= 0.66 && y <= 0.76) return AMBER;
  return TEAL;
}

function draw(size: number): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const colour = colourAt((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          if (!colour) continue;
          for (let c = 0; c < 4; c++) sum[c] = (sum[c] ?? 0) + (colour[c] ?? 0);
        }
      }
      const count = samples * samples;
      const alpha = (sum[3] ?? 0) / count;
      const offset = (py * size + px) * 4;
      // Colour channels are averaged over the covered samples only (straight alpha).
      const covered = alpha === 0 ? 1 : (sum[3] ?? 0) / 255;
      for (let c = 0; c < 3; c++) pixels[offset + c] = Math.round((sum[c] ?? 0) / covered);
      pixels[offset + 3] = Math.round(alpha);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
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

export function png(size: number): Buffer {
  const pixels = draw(size);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** ICO holding PNG images (Windows Vista and later read these). */
function ico(sizes: readonly number[]): Buffer {
  const images = sizes.map((size) => ({ size, data: png(size) }));
  const header = Buffer.alloc(6 + images.length * 16);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach((image, index) => {
    const entry = 6 + index * 16;
    header.writeUInt8(image.size >= 256 ? 0 : image.size, entry);
    header.writeUInt8(image.size >= 256 ? 0 : image.size, entry + 1);
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(image.data.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += image.data.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.data)]);
}

/** ICNS with PNG payloads: icp4 16, icp5 32, icp6 64, ic07 128, ic08 256, ic09 512, ic10 1024. */
function icns(): Buffer {
  const types: ReadonlyArray<[string, number]> = [
    ['icp4', 16],
    ['icp5', 32],
    ['icp6', 64],
    ['ic07', 128],
    ['ic08', 256],
    ['ic09', 512],
    ['ic10', 1024],
  ];
  const parts = types.map(([type, size]) => {
    const data = png(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

function main() {
  const root = resolve(import.meta.dirname, '..');
  const build = join(root, 'build');
  mkdirSync(join(build, 'icons'), { recursive: true });
  writeFileSync(join(build, 'icon.png'), png(1024));
  for (const size of [16, 32, 48, 64, 128, 256, 512])
    writeFileSync(join(build, 'icons', `${size}x${size}.png`), png(size));
  writeFileSync(join(build, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256]));
  writeFileSync(join(build, 'icon.icns'), icns());
  mkdirSync(join(root, 'desktop/src/renderer/public'), { recursive: true });
  writeFileSync(join(root, 'desktop/src/renderer/public/icon.png'), png(64));
  console.log('icons written to build/ and desktop/src/renderer/public/icon.png');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();
