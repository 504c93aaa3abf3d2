import { crc32, deflateRawSync } from 'node:zlib';
import type { DeflatedEntry } from './sheet-sink.ts';

/**
 * A zip archive of a few in-memory files, deflated with Node's zlib: the container an .xlsx file
 * is. Only what an xlsx needs: no directories, no zip64 (the parts of a 100,000-job export stay
 * far below 4 GB), no data descriptors (sizes and CRCs are known before each header is written).
 */
export type ZipFile =
  | { readonly name: string; readonly data: Buffer }
  /** Already deflated (a sheet written through DeflatingSink). */
  | { readonly name: string; readonly deflated: DeflatedEntry };

const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;

function localHeader(name: Buffer, crc: number, compressed: number, size: number): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
  header.writeUInt16LE(0x0800, 6); // UTF-8 names
  header.writeUInt16LE(8, 8); // deflate
  header.writeUInt16LE(0, 10); // time 00:00
  header.writeUInt16LE(DOS_DATE_1980_01_01, 12);
  header.writeUInt32LE(crc, 14);
  header.writeUInt32LE(compressed, 18);
  header.writeUInt32LE(size, 22);
  header.writeUInt16LE(name.length, 26);
  header.writeUInt16LE(0, 28);
  return Buffer.concat([header, name]);
}

function centralEntry(name: Buffer, crc: number, compressed: number, size: number, offset: number): Buffer {
  const entry = Buffer.alloc(46);
  entry.writeUInt32LE(0x02014b50, 0);
  entry.writeUInt16LE(20, 4); // made by: 2.0
  entry.writeUInt16LE(20, 6);
  entry.writeUInt16LE(0x0800, 8);
  entry.writeUInt16LE(8, 10);
  entry.writeUInt16LE(0, 12);
  entry.writeUInt16LE(DOS_DATE_1980_01_01, 14);
  entry.writeUInt32LE(crc, 16);
  entry.writeUInt32LE(compressed, 20);
  entry.writeUInt32LE(size, 24);
  entry.writeUInt16LE(name.length, 28);
  // extra, comment, disk, internal and external attributes stay 0
  entry.writeUInt32LE(offset, 42);
  return Buffer.concat([entry, name]);
}

export function zipFiles(files: readonly ZipFile[], level = 6): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const entry: DeflatedEntry =
      'data' in file
        ? { crc: crc32(file.data), size: file.data.length, compressed: [deflateRawSync(file.data, { level })] }
        : file.deflated;
    const compressed = entry.compressed.reduce((sum, piece) => sum + piece.length, 0);
    const header = localHeader(name, entry.crc, compressed, entry.size);
    central.push(centralEntry(name, entry.crc, compressed, entry.size, offset));
    parts.push(header, ...entry.compressed);
    offset += header.length + compressed;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}
