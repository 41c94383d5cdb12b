import sharp from 'sharp';
import exifr from 'exifr';
import { blurRegions, MediaError, processPhoto } from './photo';

/** A camera-like JPEG: EXIF with the make, and GPS 16°27'12" N 107°33'30" E (phường Thủy Xuân, Huế). */
export async function jpegWithGps(width = 640, height = 480): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 30, g: 120, b: 60 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'Serial 12345' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '16/1 27/1 1200/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '107/1 33/1 3000/100',
      },
    })
    .toBuffer();
}

describe('photos of a report', () => {
  it('reads the location from EXIF GPS and makes a public copy with no metadata at all', async () => {
    const photo = await processPhoto(await jpegWithGps());
    expect(photo.contentType).toBe('image/jpeg');
    expect(photo.gps?.lat).toBeCloseTo(16.45333, 4);
    expect(photo.gps?.lng).toBeCloseTo(107.55833, 4);
    expect([photo.width, photo.height]).toEqual([640, 480]);
    const left = await exifr.parse(photo.publicJpeg, { gps: true, tiff: true, exif: true, xmp: true, icc: true });
    expect(left).toBeUndefined();
    const meta = await sharp(photo.publicJpeg).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
  });

  it('takes a PNG without location, and scales a large photo down for the public', async () => {
    const png = await sharp({ create: { width: 3000, height: 1000, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
    const photo = await processPhoto(png);
    expect(photo.contentType).toBe('image/png');
    expect(photo.gps).toBeNull();
    expect([photo.publicWidth, photo.publicHeight]).toEqual([2048, 683]);
  });

  it('refuses what is not a photo, what is too large, and pixel bombs', async () => {
    await expect(processPhoto(Buffer.from('%PDF-1.7 not a photo'))).rejects.toBeInstanceOf(MediaError);
    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 1)]);
    await expect(processPhoto(fake)).rejects.toThrow(/photo|ảnh/);
    await expect(processPhoto(await jpegWithGps(), { maxBytes: 100 })).rejects.toMatchObject({
      code: 'payload_too_large',
    });
    const bomb = await sharp({ create: { width: 5000, height: 5000, channels: 3, background: '#fff' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    await expect(processPhoto(bomb, { maxPixels: 10_000_000 })).rejects.toBeInstanceOf(MediaError);
  });

  it('blurs a region beyond reading and leaves the rest alone', async () => {
    // Stripes of black and white: a blurred region loses its contrast.
    const stripes = Buffer.alloc(400 * 300 * 3);
    for (let y = 0; y < 300; y++)
      for (let x = 0; x < 400; x++) stripes.fill(x % 4 < 2 ? 0 : 255, (y * 400 + x) * 3, (y * 400 + x) * 3 + 3);
    const original = await sharp(stripes, { raw: { width: 400, height: 300, channels: 3 } })
      .png()
      .toBuffer();
    const out = await blurRegions(original, [{ x: 100, y: 100, width: 120, height: 80 }]);
    const stdev = async (left: number, top: number) => {
      // stats() reads its input: cut the square out first.
      const square = await sharp(out.bytes).extract({ left, top, width: 40, height: 40 }).png().toBuffer();
      const stats = await sharp(square).stats();
      return stats.channels[0]!.stdev;
    };
    expect(await stdev(140, 120)).toBeLessThan(20);
    expect(await stdev(300, 20)).toBeGreaterThan(60);
    expect(await exifr.parse(out.bytes)).toBeUndefined();
    await expect(blurRegions(original, [{ x: 390, y: 0, width: 20, height: 20 }])).rejects.toBeInstanceOf(MediaError);
  });
});
