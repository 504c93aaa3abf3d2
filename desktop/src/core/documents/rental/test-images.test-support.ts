import { PNG } from 'pngjs';

/**
 * Pictures for the rental document tests and the benchmark, made in code: a "photo" (sky, a car
 * shape, ground, and sensor noise so it compresses like a real picture) and a "signature" (a
 * dark stroke on white). PNG through pngjs; sizes chosen so a 640 × 480 photo is ~200 KB.
 */
function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}

function pixelOf(x: number, y: number, width: number, height: number, seed: number): [number, number, number] {
  const horizon = height * 0.55;
  const inCar = y > height * 0.35 && y < height * 0.75 && x > width * 0.2 && x < width * 0.8;
  if (inCar) return [150 + (seed % 80), 30 + ((x * 3) % 40), 40];
  if (y < horizon) return [110 + (y * 80) / horizon, 160 + (y * 50) / horizon, 230];
  return [90 + ((x + y) % 30), 85, 70];
}

export function photoPng(width: number, height: number, seed: number, noise = 24): Buffer {
  const png = new PNG({ width, height, colorType: 2, inputHasAlpha: false });
  const random = seeded(seed);
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixelOf(x, y, width, height, seed);
      const i = (y * width + x) * 3;
      const jitter = (random() - 0.5) * noise;
      data[i] = Math.max(0, Math.min(255, r + jitter));
      data[i + 1] = Math.max(0, Math.min(255, g + jitter));
      data[i + 2] = Math.max(0, Math.min(255, b + jitter));
    }
  }
  png.data = data;
  return PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false });
}

export function signaturePng(seed: number): Buffer {
  const width = 300;
  const height = 90;
  const png = new PNG({ width, height });
  png.data.fill(255);
  for (let x = 20; x < 280; x++) {
    const y = Math.round(45 + 25 * Math.sin((x + seed * 7) / 18) * Math.cos(x / 41));
    for (let dy = -1; dy <= 1; dy++) {
      const i = ((y + dy) * width + x) * 4;
      png.data[i] = 20;
      png.data[i + 1] = 30;
      png.data[i + 2] = 90;
    }
  }
  return PNG.sync.write(png);
}
