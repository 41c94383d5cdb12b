import { createHash } from 'node:crypto';
import sharp, { type Metadata, type OutputInfo, type OverlayOptions } from 'sharp';
import exifr from 'exifr';
import { DomainError } from '@app/observability';

/** A photo as received, checked, and with its public copy made. */
export interface ProcessedPhoto {
  /** The type sniffed from the bytes (never the name or the header the client sent). */
  contentType: string;
  width: number;
  height: number;
  /** Where the camera says it was taken (EXIF GPS), when it says so plausibly. */
  gps: { lat: number; lng: number } | null;
  takenAt: Date | null;
  sha256: string;
  /** Re-encoded JPEG without any metadata (no EXIF, GPS, XMP, ICC profile or comment), auto-oriented. */
  publicJpeg: Buffer;
  publicWidth: number;
  publicHeight: number;
}

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A photo refused: which field, why — in both languages for the pages, in English for the API. */
export class MediaError extends DomainError {
  constructor(message: string, code: 'file_type' | 'too_large' = 'file_type', field = 'photos') {
    super(code === 'too_large' ? 'payload_too_large' : 'validation_failed', message, {
      errors: [{ field, messages: [message], code }],
    });
  }
}

const TYPES: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', heif: 'image/heic' };
/** Longest side of the public copy: plenty for a phone and a report page, far less than a camera's. */
export const PUBLIC_MAX_SIDE = 2048;
export const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;
/** Decompression bombs: a 10 MB PNG can claim gigapixels; 40 megapixels is above any phone camera. */
export const DEFAULT_MAX_PIXELS = 40_000_000;

function plausible(lat: unknown, lng: unknown): { lat: number; lng: number } | null {
  if (typeof lat !== 'number' || typeof lng !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lng)) return null;
  if (Math.abs(lat) > 90 || Math.abs(lng) > 180 || (lat === 0 && lng === 0)) return null;
  return { lat: Math.round(lat * 1e7) / 1e7, lng: Math.round(lng * 1e7) / 1e7 };
}

async function readExif(bytes: Buffer): Promise<{ gps: ProcessedPhoto['gps']; takenAt: Date | null }> {
  try {
    const tags = (await exifr.parse(bytes, { gps: true, tiff: true, exif: true, xmp: false, icc: false })) as
      { latitude?: number; longitude?: number; DateTimeOriginal?: Date } | undefined;
    const takenAt =
      tags?.DateTimeOriginal instanceof Date && !isNaN(tags.DateTimeOriginal.getTime()) ? tags.DateTimeOriginal : null;
    return { gps: plausible(tags?.latitude, tags?.longitude), takenAt };
  } catch {
    // Broken metadata is not a broken photo: the picture still counts, without a location from it.
    return { gps: null, takenAt: null };
  }
}

/**
 * Checks an uploaded photo and makes its public copy. The type comes from the bytes (JPEG, PNG, WebP, HEIC); the
 * size and the pixel count are bounded before decoding; the public copy is decoded, turned upright from the EXIF
 * orientation, scaled to PUBLIC_MAX_SIDE and re-encoded as a JPEG that carries no metadata at all — sharp writes
 * none unless asked (`withMetadata`), so the camera's position and serial never leave with it.
 */
export async function processPhoto(
  bytes: Buffer,
  opts: { maxBytes?: number; maxPixels?: number } = {},
): Promise<ProcessedPhoto> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length === 0) throw new MediaError('the photo is empty / ảnh rỗng');
  if (bytes.length > maxBytes) {
    throw new MediaError(
      `the photo is larger than ${maxBytes} bytes / ảnh lớn hơn ${Math.floor(maxBytes / 1048576)} MB`,
      'too_large',
    );
  }
  const limitInputPixels = opts.maxPixels ?? DEFAULT_MAX_PIXELS;
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels, failOn: 'error' }).metadata();
  } catch {
    throw new MediaError('is not a photo (JPEG, PNG, WebP or HEIC) / không phải ảnh (JPEG, PNG, WebP hoặc HEIC)');
  }
  const contentType = meta.format ? TYPES[meta.format] : undefined;
  if (!contentType || !meta.width || !meta.height) {
    throw new MediaError('is not a photo (JPEG, PNG, WebP or HEIC) / không phải ảnh (JPEG, PNG, WebP hoặc HEIC)');
  }
  if (meta.width * meta.height > limitInputPixels) {
    throw new MediaError('has too many pixels / ảnh có quá nhiều điểm ảnh', 'too_large');
  }
  let out: { data: Buffer; info: OutputInfo };
  try {
    out = await sharp(bytes, { limitInputPixels, failOn: 'error' })
      .autoOrient()
      .resize({ width: PUBLIC_MAX_SIDE, height: PUBLIC_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
  } catch {
    throw new MediaError('could not be read: the file is damaged / không đọc được ảnh: tệp bị hỏng');
  }
  const { gps, takenAt } = await readExif(bytes);
  // Orientations 5–8 swap the sides: report them as staff see the picture.
  const swapped = (meta.orientation ?? 1) >= 5;
  return {
    contentType,
    width: swapped ? meta.height : meta.width,
    height: swapped ? meta.width : meta.height,
    gps,
    takenAt,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    publicJpeg: out.data,
    publicWidth: out.info.width,
    publicHeight: out.info.height,
  };
}

export const MAX_BLUR_REGIONS = 20;

/**
 * A new public copy of `original` with `regions` made unreadable (faces, number plates). Regions are in pixels of the
 * upright original as staff see it (after EXIF orientation); each is pixelated to 1/24 of its size and then blurred,
 * which no sharpening brings back. Like every public copy it carries no metadata.
 */
export async function blurRegions(
  original: Buffer,
  regions: Region[],
): Promise<{ bytes: Buffer; width: number; height: number }> {
  if (regions.length === 0 || regions.length > MAX_BLUR_REGIONS) {
    throw new MediaError(
      `give 1 to ${MAX_BLUR_REGIONS} regions / chọn từ 1 đến ${MAX_BLUR_REGIONS} vùng`,
      'file_type',
      'regions',
    );
  }
  const upright = await sharp(original, { limitInputPixels: DEFAULT_MAX_PIXELS })
    .autoOrient()
    .toBuffer({ resolveWithObject: true });
  const { width, height } = upright.info;
  const overlays: OverlayOptions[] = [];
  for (const [i, r] of regions.entries()) {
    const ok =
      [r.x, r.y, r.width, r.height].every((v) => Number.isInteger(v) && v >= 0) &&
      r.width >= 4 &&
      r.height >= 4 &&
      r.x + r.width <= width &&
      r.y + r.height <= height;
    if (!ok) {
      throw new MediaError(
        `region ${i + 1} must lie inside the ${width}×${height} photo / vùng ${i + 1} phải nằm trong ảnh ${width}×${height}`,
        'file_type',
        'regions',
      );
    }
    const cell = Math.max(2, Math.round(Math.max(r.width, r.height) / 24));
    // Two pipelines: sharp applies one resize per pipeline.
    const small = await sharp(upright.data)
      .extract({ left: r.x, top: r.y, width: r.width, height: r.height })
      .resize({
        width: Math.max(1, Math.round(r.width / cell)),
        height: Math.max(1, Math.round(r.height / cell)),
        kernel: 'cubic',
      })
      .png()
      .toBuffer();
    const piece = await sharp(small)
      .resize({ width: r.width, height: r.height, kernel: 'nearest' })
      .blur(Math.max(1, cell / 2))
      .png()
      .toBuffer();
    overlays.push({ input: piece, left: r.x, top: r.y });
  }
  const out = await sharp(upright.data)
    .composite(overlays)
    .resize({ width: PUBLIC_MAX_SIDE, height: PUBLIC_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 82, mozjpeg: true })
    .toBuffer({ resolveWithObject: true });
  return { bytes: out.data, width: out.info.width, height: out.info.height };
}
