import { describe, expect, it } from 'vitest';
import type { Api } from '../../../common/api.ts';
import type { ChannelInput } from '../../../common/contract.ts';
import { thumbnailSize } from './photo-thumbnail.ts';
import { pictureType, sha256Hex, storePhotos, storePictures } from './rental-blobs.ts';

/** The pictures of a pickup go to blobs:put one by one; the api is faked at its own boundary. */
describe('storing rental pictures', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 9, 9]);
  const webp = new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50]);

  it('tells PNG, JPEG and WebP apart by their first bytes', () => {
    expect(pictureType(png)).toBe('image/png');
    expect(pictureType(jpeg)).toBe('image/jpeg');
    expect(pictureType(webp)).toBe('image/webp');
  });

  it('stores every picture with its type and answers the sha256 the store gives, in order', async () => {
    const calls: Array<ChannelInput<'blobs:put'>> = [];
    const api: Api = {
      call: (async (channel: string, input: ChannelInput<'blobs:put'>) => {
        if (channel !== 'blobs:put') throw new Error(`unexpected ${channel}`);
        calls.push(input);
        return { sha256: await sha256Hex(new Uint8Array(Buffer.from(input.base64, 'base64'))) };
      }) as Api['call'], // the fake answers only blobs:put
      onEvent: () => () => undefined,
    };
    const big = new Uint8Array(200_000).map((_, i) => i % 251);
    big.set(png.subarray(0, 8));
    const stored = await storePictures(api, [big, jpeg]);
    expect(calls.map((call) => call.contentType)).toEqual(['image/png', 'image/jpeg']);
    expect(Buffer.from(calls[0]?.base64 ?? '', 'base64').equals(Buffer.from(big))).toBe(true);
    expect(stored).toEqual([await sha256Hex(big), await sha256Hex(jpeg)]);
    expect(await storePictures(api, [])).toEqual([]);
  });

  it('stores each photo with its thumbnail, and one without a thumbnail alone', async () => {
    const calls: Array<ChannelInput<'blobs:put'>> = [];
    const api: Api = {
      call: (async (channel: string, input: ChannelInput<'blobs:put'>) => {
        if (channel !== 'blobs:put') throw new Error(`unexpected ${channel}`);
        calls.push(input);
        return { sha256: await sha256Hex(new Uint8Array(Buffer.from(input.base64, 'base64'))), thumbnailSha256: null };
      }) as Api['call'], // the fake answers only blobs:put
      onEvent: () => () => undefined,
    };
    const thumb = new Uint8Array([0xff, 0xd8, 0xff, 0xdb, 1, 2]);
    const stored = await storePhotos(api, [
      { bytes: png, thumbnail: thumb },
      { bytes: jpeg, thumbnail: null },
    ]);
    expect(stored).toEqual([await sha256Hex(png), await sha256Hex(jpeg)]);
    expect(calls[0]?.thumbnail).toEqual({ base64: Buffer.from(thumb).toString('base64'), contentType: 'image/jpeg' });
    expect(calls[1]?.thumbnail).toBeNull();
  });

  it('sizes a thumbnail to 320 px on the long edge, never larger than the photo', () => {
    expect(thumbnailSize(4032, 3024)).toEqual({ width: 320, height: 240 });
    expect(thumbnailSize(1080, 1920)).toEqual({ width: 180, height: 320 });
    expect(thumbnailSize(200, 100)).toEqual({ width: 200, height: 100 });
    expect(thumbnailSize(5000, 3)).toEqual({ width: 320, height: 1 });
  });
});
