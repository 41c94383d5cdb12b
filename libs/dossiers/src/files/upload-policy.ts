import { fromBuffer } from 'file-type';

/** What a dossier accepts: scans and photos of papers, and PDFs. Decided by content, never by the file name. */
export const ACCEPTED_MEDIA_TYPES: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

export interface UploadLimits {
  maxFileBytes: number;
  maxFilesPerDossier: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { maxFileBytes: 10 * 1024 * 1024, maxFilesPerDossier: 20 };

/** The media type recognised from the file's leading bytes, or null when it is not one we accept. */
export async function detectAcceptedType(content: Buffer): Promise<{ mediaType: string; extension: string } | null> {
  const detected = await fromBuffer(content);
  const extension =
    detected && Object.hasOwn(ACCEPTED_MEDIA_TYPES, detected.mime) ? ACCEPTED_MEDIA_TYPES[detected.mime] : undefined;
  if (!detected || extension === undefined) return null;
  return { mediaType: detected.mime, extension };
}

/**
 * Why a client-supplied file name is refused, or null. Browsers send bare names; a name with a path, a parent
 * reference or control characters is an attack or a broken client, and is refused rather than guessed at.
 */
export function fileNameProblem(original: string): string | null {
  if (original.trim().length === 0) return 'has no file name';
  if (original.length > 255) return 'has a file name longer than 255 characters';
  if (/[\\/]/.test(original) || original.startsWith('..')) {
    return 'has a file name with a path in it';
  }
  if (/\p{Cc}/u.test(original)) return 'has control characters in its file name';
  return null;
}

/**
 * A safe display name: no directories, no control or reserved characters, Vietnamese letters kept (NFC), at most
 * 120 characters, and the extension that matches the detected content.
 */
export function sanitizeFileName(original: string, extension: string): string {
  const base = original.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const stem = base
    .replace(/\.[^.]*$/, '')
    .replace(/[\p{Cc}\p{Cf}<>:"|?*]/gu, '')
    .replace(/^[.\s]+/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
  return `${stem.length > 0 ? stem : 'tep-dinh-kem'}.${extension}`;
}
