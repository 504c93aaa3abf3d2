import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * The bytes of one zip entry, deflated as they are written: the sheet XML of a 100,000-job export
 * is about 57 MB, and it is never held whole. Each 1 MiB chunk is deflated on its own and ends with
 * a sync flush (the last with the final block), so the pieces concatenate into one valid deflate
 * stream, as pigz does; the CRC-32 runs over the chunks as they go. Writing is by bytes (constant
 * byte strings, digits, UTF-8 text), so no per-cell JavaScript strings are built.
 */
const CHUNK = 1 << 20;

export interface DeflatedEntry {
  readonly crc: number;
  readonly size: number;
  readonly compressed: readonly Buffer[];
}

export class DeflatingSink {
  readonly #level: number;
  readonly #out: Buffer[] = [];
  readonly #buffer = Buffer.allocUnsafe(CHUNK);
  #used = 0;
  #crc = 0;
  #size = 0;

  constructor(level = 1) {
    this.#level = level;
  }

  /** Room for at least `bytes` more (at most the chunk size). */
  room(bytes: number): void {
    if (this.#used + bytes > CHUNK) this.#flush(false);
  }

  /** A short constant: call room() first. */
  bytes(data: Uint8Array): void {
    const buffer = this.#buffer;
    let used = this.#used;
    for (let i = 0; i < data.length; i += 1) buffer[used++] = data[i] ?? 0;
    this.#used = used;
  }

  /** A non-negative whole number in decimal: call room() first (16 bytes). */
  uint(value: number): void {
    const buffer = this.#buffer;
    let digits = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits += 1;
    let at = this.#used + digits;
    this.#used = at;
    let rest = value;
    do {
      buffer[--at] = 48 + (rest % 10);
      rest = Math.floor(rest / 10);
    } while (rest > 0);
  }

  /** The first `length` bytes of `data` (a reused scratch array): call room() first. */
  prefix(data: Uint8Array, length: number): void {
    const buffer = this.#buffer;
    let used = this.#used;
    for (let i = 0; i < length; i += 1) buffer[used++] = data[i] ?? 0;
    this.#used = used;
  }

  /** One byte: call room() first. */
  byte(value: number): void {
    this.#buffer[this.#used++] = value;
  }

  /** ASCII text such as a formatted number: call room() first. */
  ascii(text: string): void {
    const buffer = this.#buffer;
    let used = this.#used;
    for (let i = 0; i < text.length; i += 1) buffer[used++] = text.charCodeAt(i);
    this.#used = used;
  }

  /** Any text, as UTF-8; makes its own room. */
  text(text: string): void {
    if (text.length * 3 <= CHUNK) {
      this.room(text.length * 3);
      this.#used += this.#buffer.write(text, this.#used, 'utf8');
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
    for (let at = 0; at < bytes.length; at += CHUNK) {
      const piece = bytes.subarray(at, at + CHUNK);
      this.room(piece.length);
      piece.copy(this.#buffer, this.#used);
      this.#used += piece.length;
    }
  }

  finish(): DeflatedEntry {
    this.#flush(true);
    return { crc: this.#crc, size: this.#size, compressed: this.#out };
  }

  #flush(final: boolean): void {
    const data = this.#buffer.subarray(0, this.#used);
    this.#crc = crc32(data, this.#crc);
    this.#size += data.length;
    this.#out.push(
      deflateRawSync(data, {
        level: this.#level,
        finishFlush: final ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
      }),
    );
    this.#used = 0;
  }
}

export const ascii = (text: string): Uint8Array => Buffer.from(text, 'latin1');

/** A whole number's decimal digits into `into`; returns how many. */
export function writeDigits(value: number, into: Uint8Array): number {
  let digits = 1;
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits += 1;
  let at = digits;
  let rest = value;
  do {
    into[--at] = 48 + (rest % 10);
    rest = Math.floor(rest / 10);
  } while (rest > 0);
  return digits;
}
