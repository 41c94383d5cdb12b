import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/**
 * Looks into a rendered PDF with poppler-utils (Debian package `poppler-utils`: pdfinfo, pdftotext, pdffonts,
 * pdftoppm) and decodes QR codes from the rasterised page with jsQR. Test support only.
 */
export class PdfProbe {
  private readonly dir: string;
  readonly file: string;

  constructor(pdf: Buffer) {
    this.dir = mkdtempSync(join(tmpdir(), 'forms-'));
    this.file = join(this.dir, 'form.pdf');
    writeFileSync(this.file, pdf);
  }

  /** pdfinfo's fields; pdfinfo exits non-zero (and this throws) on a file that is not a valid PDF. */
  info(): Record<string, string> {
    return this.parse(execFileSync('pdfinfo', [this.file], { encoding: 'utf8' }));
  }

  private parse(out: string): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const line of out.split('\n')) {
      const [m, key, value] = /^([^:]+):\s*(.*)$/.exec(line) ?? [];
      if (m && key !== undefined && value !== undefined) fields[key.trim()] = value.trim();
    }
    return fields;
  }

  /** pdfinfo's fields with dates in ISO 8601 (CreationDate as "2026-11-25T02:15:00Z"). */
  isoInfo(): Record<string, string> {
    return this.parse(execFileSync('pdfinfo', ['-isodates', this.file], { encoding: 'utf8' }));
  }

  pageCount(): number {
    return Number(this.info().Pages);
  }

  /** Page size in points, e.g. "595.28 x 841.89 pts (A4)". */
  pageSize(): string {
    return this.info()['Page size'] ?? '';
  }

  /** The text of the pages (all, or one), whitespace collapsed, NFC. */
  text(page?: number): string {
    const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
    const out = execFileSync('pdftotext', ['-enc', 'UTF-8', ...range, this.file, '-'], { encoding: 'utf8' });
    return out.normalize('NFC').replace(/\s+/g, ' ').trim();
  }

  /** pdffonts' table: font names with their "emb" column. */
  fonts(): { name: string; embedded: boolean }[] {
    const lines = execFileSync('pdffonts', [this.file], { encoding: 'utf8' }).split('\n').slice(2);
    return lines
      .filter((l) => l.trim() !== '')
      .map((l) => {
        const cols = l.trim().split(/\s+/);
        // The line is not blank, so it has a first column.
        return { name: cols[0] ?? '', embedded: cols.at(-5) === 'yes' };
      });
  }

  /** Rasterises a page and decodes the QR code on it; null when none is found. */
  qr(page = 1, dpi = 150): string | null {
    const prefix = join(this.dir, `page-${page}`);
    execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), this.file, prefix]);
    const png = readdirSync(this.dir).find((f) => f.startsWith(`page-${page}`) && f.endsWith('.png'));
    if (!png) throw new Error('pdftoppm produced no image');
    const image = PNG.sync.read(readFileSync(join(this.dir, png)));
    const found = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
    return found ? found.data : null;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
