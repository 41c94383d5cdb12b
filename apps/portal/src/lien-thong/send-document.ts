import type { Response } from 'express';

/** Sends a stored document as a download that browsers never sniff or cache. */
export function sendDocument(res: Response, doc: { fileName: string; mediaType: string; content: Buffer }): void {
  res.setHeader('Content-Type', doc.mediaType);
  res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(doc.content);
}
