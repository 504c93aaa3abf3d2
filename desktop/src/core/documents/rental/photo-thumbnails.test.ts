import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadContractPictures, loadContractRecord, rentalDocumentPdf } from './index.ts';
import { pngPhotoThumbnail, STORED_THUMBNAIL_EDGE } from './photo-thumbnails.ts';
import { addContractThumbnails, addThumbnail, pngThumbnailOf } from './photo-thumbnails.test-support.ts';
import { createRentalReplica, openContract, type RentalReplica } from './rental-fixture.test-support.ts';
import type { BlobReader } from './rental-records.ts';
import { photoPng } from './test-images.test-support.ts';

/**
 * Photo thumbnails (issue #7): a photo's `blobs` row names its thumbnail, itself a blob, through
 * the real `blob.register` on a real replica; the contract PDF prints the stored thumbnail and
 * never reads the full photo, and falls back to the photo for older ones.
 */
const dir = mkdtempSync(join(tmpdir(), 'forecourt-thumbs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pdfText(pdf: Buffer, name: string): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** A plain picture (one colour), small enough that the PDF embeds it as it is. */
function plainPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const png = new PNG({ width, height, colorType: 2, inputHasAlpha: false });
  const data = Buffer.alloc(width * height * 3);
  for (let i = 0; i < data.length; i += 3) data.set(rgb, i);
  png.data = data;
  return PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false });
}

/** The blob reader, recording which files the PDF asked for. */
function spying(readBlob: BlobReader): { readBlob: BlobReader; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    readBlob: (sha256) => {
      asked.push(sha256);
      return readBlob(sha256);
    },
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

describe('photo thumbnails', () => {
  let rental: RentalReplica;
  beforeEach(() => {
    rental = createRentalReplica();
  });
  afterEach(() => rental.close());
  const stamp = () => new Date(rental.now).toISOString();
  const register = (args: Record<string, unknown>) => rental.mutate(rental.staff, 'blob.register', args);
  const blobRow = (sha: string) => rental.replica.store().get('blobs', sha);

  it('registers a photo naming its thumbnail, and refuses a thumbnail that is not one', () => {
    const photo = photoPng(640, 480, 1);
    const thumb = pngPhotoThumbnail(photo)!;
    const thumbSha = rental.blobs.put(thumb, 'image/png', stamp(), { priority: 0 });
    const photoSha = rental.blobs.put(photo, 'image/png', stamp());
    const photoArgs = { sha256: photoSha, contentType: 'image/png', byteSize: photo.length };

    // The thumbnail must be registered first.
    expect(() => register({ ...photoArgs, thumbnailSha256: thumbSha })).toThrow(/register it before the photo/);
    expect(blobRow(photoSha)).toBeNull();
    register({ sha256: thumbSha, contentType: 'image/png', byteSize: thumb.length, role: 'thumbnail' });
    expect(() => register({ ...photoArgs, thumbnailSha256: photoSha })).toThrow(/not its own thumbnail/);
    const pdfSha = 'a'.repeat(64);
    expect(() =>
      register({ sha256: pdfSha, contentType: 'application/pdf', byteSize: 10, thumbnailSha256: thumbSha }),
    ).toThrow(/only a photo has a thumbnail/);
    const hugeSha = 'b'.repeat(64);
    register({ sha256: hugeSha, contentType: 'image/jpeg', byteSize: 600 * 1024 });
    expect(() => register({ ...photoArgs, thumbnailSha256: hugeSha })).toThrow(/at most 512 KB/);
    expect(blobRow(photoSha)).toBeNull();

    const result = register({ ...photoArgs, thumbnailSha256: thumbSha });
    expect(result).toMatchObject({ sha256: photoSha, existed: false, thumbnailSha256: thumbSha });
    expect(blobRow(photoSha)?.thumbnail_sha256).toBe(thumbSha);
    expect(blobRow(thumbSha)?.thumbnail_sha256).toBeNull();
    // The thumbnail is a fraction of the photo, and 320 px on its long edge.
    const read = PNG.sync.read(thumb);
    expect([read.width, read.height]).toEqual([STORED_THUMBNAIL_EDGE, 240]);
    expect(thumb.length).toBeLessThan(photo.length / 2);
  });

  it('gives an older photo the first thumbnail offered, and keeps it after that', () => {
    const photoSha = rental.putPicture(photoPng(320, 240, 2), 'image/png'); // stored before thumbnails
    expect(blobRow(photoSha)?.thumbnail_sha256).toBeNull();
    const first = addThumbnail(rental, photoSha, { bytes: plainPng(32, 24, [200, 0, 0]), contentType: 'image/png' });
    expect(blobRow(photoSha)?.thumbnail_sha256).toBe(first);
    // The same photo from another counter, with a thumbnail of its own: the row keeps the first.
    const second = addThumbnail(rental, photoSha, { bytes: plainPng(32, 24, [0, 0, 200]), contentType: 'image/png' });
    expect(second).not.toBe(first);
    expect(blobRow(photoSha)?.thumbnail_sha256).toBe(first);
    expect(
      register({ sha256: photoSha, contentType: 'image/png', byteSize: 1, thumbnailSha256: second }),
    ).toMatchObject({ existed: true, thumbnailSha256: first });
  });

  it('prints the stored thumbnails in the contract and never reads the full photos', async () => {
    const { contractId } = openContract(rental, { photos: 3, returnIt: true });
    const contract = rental.replica.store().get('rental_contracts', contractId)!;
    const photos = [...(contract.photos_out as string[]), ...(contract.photos_in as string[])];
    // Plain thumbnails (a few hundred bytes each), so the PDF embeds exactly their bytes.
    const thumbs = new Map(
      photos.map((sha, i) => [
        sha,
        addThumbnail(rental, sha, { bytes: plainPng(160, 120, [i * 40, 90, 200]), contentType: 'image/png' }),
      ]),
    );
    const spy = spying(rental.readBlob);
    const pictures = await loadContractPictures(loadContractRecord(rental.replica.store(), contractId), spy.readBlob);
    for (const photo of photos) expect(spy.asked).not.toContain(photo);
    expect(spy.asked).toEqual(expect.arrayContaining([...thumbs.values()]));
    expect(pictures.photosOut.map((picture) => picture.sha256)).toEqual(contract.photos_out);
    for (const picture of [...pictures.photosOut, ...pictures.photosIn]) {
      const thumb = rental.blobs.read(thumbs.get(picture.sha256)!)!;
      expect(picture.dataUrl).toBe(`data:image/png;base64,${Buffer.from(thumb).toString('base64')}`);
    }
    // The damage photo (d1 carries pickup photo 1) comes from its thumbnail too.
    expect(pictures.damagePhotos.get(photos[0]!)?.dataUrl).toBe(pictures.photosOut[0]?.dataUrl);

    const { pdf } = await rentalDocumentPdf(rental.replica.store(), 'contract', contractId, {
      now: stamp(),
      readBlob: spy.readBlob,
    });
    const text = pdfText(pdf, 'with-thumbnails');
    expect(text).toContain('Photos at pickup (3)');
    expect(text).toContain('Photos at return (1)');
    expect(text).not.toContain('not on this counter yet');
    for (const photo of photos) expect(spy.asked).not.toContain(photo);
  });

  it('falls back to the photo when its thumbnail is missing here, and prints older photos as before', async () => {
    const { contractId } = openContract(rental, { photos: 2, returnIt: true });
    const contract = rental.replica.store().get('rental_contracts', contractId)!;
    const [withThumb, older] = contract.photos_out as [string, string];
    const thumb = addThumbnail(rental, withThumb, pngThumbnailOf(rental.blobs.read(withThumb)!));
    // The thumbnail's row arrived, its bytes did not (another counter's upload still pending).
    rmSync(join(rental.dir, 'blobs', thumb.slice(0, 2), thumb));
    const spy = spying(rental.readBlob);
    const pictures = await loadContractPictures(loadContractRecord(rental.replica.store(), contractId), spy.readBlob);
    expect(spy.asked).toEqual(expect.arrayContaining([thumb, withThumb, older]));
    expect(pictures.photosOut.every((picture) => picture.dataUrl?.startsWith('data:image/png;base64,'))).toBe(true);
    const { pdf } = await rentalDocumentPdf(rental.replica.store(), 'contract', contractId, {
      now: stamp(),
      readBlob: rental.readBlob,
    });
    expect(pdfText(pdf, 'fallback')).not.toContain('not on this counter yet');
  });

  it('prints a WebP photo from its thumbnail (PDF has no WebP)', async () => {
    // A WebP "photo" (only its header matters here: nothing decodes it) with a PNG thumbnail.
    const webp = Buffer.concat([Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'), Buffer.alloc(64, 7)]);
    const webpSha = rental.blobs.put(webp, 'image/webp', stamp());
    register({ sha256: webpSha, contentType: 'image/webp', byteSize: webp.length });
    const plainOpen = openContract(rental, { photos: 1 });
    const contract = rental.replica.store().get('rental_contracts', plainOpen.contractId)!;
    rental.replica.store().put('rental_contracts', { ...contract, photos_out: [webpSha] });
    const render = async () =>
      pdfText(
        (
          await rentalDocumentPdf(rental.replica.store(), 'contract', plainOpen.contractId, {
            now: stamp(),
            readBlob: rental.readBlob,
          })
        ).pdf,
        'webp',
      );
    expect(await render()).toContain('image/webp cannot be printed');
    addThumbnail(rental, webpSha, { bytes: plainPng(160, 120, [10, 120, 10]), contentType: 'image/png' });
    expect(await render()).not.toContain('cannot be printed');
  });

  it('builds the contract PDF faster from stored thumbnails than from the full photos', async () => {
    // The benchmark's contract: 8 pickup photos of ~200 KB and one return photo.
    const { contractId } = openContract(rental, {
      photos: 8,
      photo: { width: 512, height: 384, noise: 4 },
      returnIt: true,
    });
    const options = { now: stamp(), readBlob: rental.readBlob };
    const render = () => rentalDocumentPdf(rental.replica.store(), 'contract', contractId, options);
    const measure = async () => {
      for (let i = 0; i < 2; i++) await render();
      const cpu: number[] = [];
      const wall: number[] = [];
      let kb = 0;
      for (let i = 0; i < 7; i++) {
        const usage = process.cpuUsage();
        const start = performance.now();
        kb = (await render()).pdf.length / 1024;
        wall.push(performance.now() - start);
        const used = process.cpuUsage(usage);
        cpu.push((used.user + used.system) / 1000);
      }
      return { cpuMs: median(cpu), wallMs: median(wall), kb };
    };
    const full = await measure();
    // The screen's JPEG thumbnail goes into the PDF without being decoded. Node has no JPEG
    // encoder, so the stand-in is a PNG small enough that the PDF embeds it as it is (< 48 KB).
    const made = addContractThumbnails(rental, contractId, (photo) => ({
      bytes: pngPhotoThumbnail(photo, 200)!,
      contentType: 'image/png',
    }));
    expect(made.size).toBe(9);
    for (const thumb of made.values()) expect(rental.blobs.read(thumb)!.length).toBeLessThan(48 * 1024);
    const thumbnails = await measure();
    console.log(
      `contract PDF, 8+1 photos of ~200 KB: from the photos cpu_p50=${full.cpuMs.toFixed(1)} ms wall_p50=${full.wallMs.toFixed(1)} ms ${full.kb.toFixed(0)} KB; ` +
        `from stored thumbnails cpu_p50=${thumbnails.cpuMs.toFixed(1)} ms wall_p50=${thumbnails.wallMs.toFixed(1)} ms ${thumbnails.kb.toFixed(0)} KB`,
    );
    // CPU time of this process, which a busy machine inflates far less than wall time.
    expect(thumbnails.cpuMs).toBeLessThan(full.cpuMs);
  });
});
