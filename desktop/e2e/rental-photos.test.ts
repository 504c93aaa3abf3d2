import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { DEMO_PASSWORD, Harness } from './support/harness.ts';
import { photoPng } from '../src/core/documents/rental/test-images.test-support.ts';
import { drawSignature } from './support/rental-ui.ts';
import { seedSwissRental } from './support/rental-seed.ts';
import { enrolThroughUi, signIn } from './support/ui.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The pixel size of what an <img> shows, once it has loaded. */
async function shown(img: Locator): Promise<{ width: number; height: number }> {
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
  return img.evaluate((el: HTMLImageElement) => ({ width: el.naturalWidth, height: el.naturalHeight }));
}

/**
 * Photo thumbnails at the counter (issue #7), in Chromium: a photo added at pickup gets a JPEG
 * thumbnail made by the screen, both are stored as blobs, and the contract shows the thumbnail
 * (the small blob) in its strip and opens the full photo on click.
 */
describe('rental photo thumbnails', () => {
  const harness = new Harness('rental-photos');
  afterAll(() => harness.close());
  beforeAll(async () => {
    await harness.start({ jobs: 1 });
  });

  it('makes a thumbnail at pickup, shows it on the contract and opens the full photo', async () => {
    const { rental, fleetPc } = await seedSwissRental(harness);
    const renterId = String(
      fleetPc.mutate('rental.customerCreate', {
        name: 'Lea Brunner',
        birthDate: '1990-05-06',
        licenceNumber: 'ZH-640021',
        licenceCountry: 'CH',
        licenceIssued: '2010-03-01',
        licenceExpires: '2036-03-01',
        documentsChecked: true,
      }).customerId,
    );
    fleetPc.mutate('rental.reservationCreate', {
      customerId: renterId,
      classId: rental.classId,
      vehicleId: rental.vehicles.golf,
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    });
    await fleetPc.syncNow();

    const counter = await harness.counterInBrowserMode('rental-photos-counter');
    const page = await harness.page(counter.server.url);
    await enrolThroughUi(page, harness.serverUrl, await harness.enrolmentCode(rental.siteId));
    await signIn(page, rental.staffEmail, DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rental' }).click();
    const calendar = page.getByTestId('availability-calendar');
    await expect.poll(() => calendar.locator('.calendar-bar.bar-reservation').count(), { timeout: 20_000 }).toBe(1);
    await calendar.locator('.calendar-bar.bar-reservation').click();
    await page.getByRole('button', { name: 'Start pickup' }).click();
    await page.getByRole('heading', { name: 'Pickup' }).waitFor();

    // A photo from the camera roll: 1600 × 1200 with sensor noise, over a megabyte as PNG.
    const photo = photoPng(1600, 1200, 3, 12);
    expect(photo.length).toBeGreaterThan(1_000_000);
    await page
      .getByLabel('Pickup photos: add photos')
      .setInputFiles([{ name: 'front-left.png', mimeType: 'image/png', buffer: photo }]);
    const preview = page.getByRole('img', { name: 'Pickup photos 1: front-left.png' });
    await expect.poll(() => preview.getAttribute('data-thumbnail')).toBe('yes');
    expect(await shown(preview)).toEqual({ width: 320, height: 240 });

    await page.getByLabel('Deductible (CHF)').fill('1500');
    const terminal = page.getByLabel('Terminal reference');
    if (await terminal.count()) await terminal.fill('TRM-5512-0001');
    await drawSignature(page, page.getByRole('img', { name: "Renter's signature: sign here" }));
    await drawSignature(page, page.getByRole('img', { name: 'Staff signature: sign here' }));
    await page.getByRole('button', { name: 'Open contract' }).click();
    await page.getByRole('button', { name: 'Return car' }).waitFor({ timeout: 15_000 });

    // The contract's strip shows the thumbnail blob, the one the photo's row names.
    const number = (await page.locator('.screen-head h1').textContent()) ?? '';
    const contract = counter.counter.query('rental_contracts', { where: { number } })[0];
    const photoSha = (contract?.photos_out as string[] | undefined)?.[0];
    expect(photoSha).toBe(sha256(photo));
    const thumbSha = counter.counter.get('blobs', photoSha!)?.thumbnail_sha256;
    expect(thumbSha).toMatch(/^[0-9a-f]{64}$/);
    expect(counter.counter.get('blobs', String(thumbSha))).toMatchObject({
      content_type: 'image/jpeg',
      role: 'thumbnail',
    });

    const strip = page.getByRole('group', { name: 'Photos at pickup' });
    const thumb = strip.getByRole('img', { name: 'Photos at pickup 1' });
    await expect.poll(() => thumb.getAttribute('data-sha256')).toBe(thumbSha);
    expect(await thumb.getAttribute('data-thumbnail')).toBe('yes');
    expect(await shown(thumb)).toEqual({ width: 320, height: 240 });
    // The small blob: a JPEG of a few tens of KB against the photo's megabytes.
    const thumbBytes = Number(counter.counter.get('blobs', String(thumbSha))?.byte_size);
    expect(thumbBytes).toBeLessThan(60_000);
    expect(thumbBytes).toBeLessThan(photo.length / 20);
    expect(await page.getByRole('group', { name: 'Photos at return' }).textContent()).toContain('Not returned yet.');
    await thumb.scrollIntoViewIfNeeded();
    await harness.shot(page, '01-contract-thumbnails');

    // A click opens the full photo, the photo's own blob.
    await strip.getByRole('button', { name: 'Photos at pickup 1: open the full photo' }).click();
    const viewer = page.getByRole('dialog', { name: 'Photos at pickup 1 of 1' });
    const full = viewer.getByRole('img', { name: 'Photos at pickup 1 of 1: full photo' });
    await expect.poll(() => full.getAttribute('data-sha256')).toBe(photoSha);
    expect(await shown(full)).toEqual({ width: 1600, height: 1200 });
    await harness.shot(page, '02-full-photo');
    await page.keyboard.press('Escape');
    await expect.poll(() => viewer.count()).toBe(0);

    // Both files reach another counter of the site after sync.
    await expect
      .poll(
        async () => {
          await counter.counter.syncNow();
          await fleetPc.syncNow();
          return fleetPc.get('blobs', photoSha!)?.thumbnail_sha256 ?? null;
        },
        { timeout: 20_000 },
      )
      .toBe(thumbSha);
    const onFleetPc = await fleetPc.readThumbnail(photoSha!);
    expect(onFleetPc && sha256(onFleetPc.bytes)).toBe(thumbSha);
    const photoOnFleetPc = await fleetPc.readBlob(photoSha!);
    expect(photoOnFleetPc && sha256(photoOnFleetPc.bytes)).toBe(photoSha);
  });
});
