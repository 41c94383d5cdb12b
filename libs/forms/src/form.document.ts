import PDFDocument from 'pdfkit';
import { toBuffer as qrPng } from 'qrcode';
import { FormAgency } from './form.inputs';
import { FontFace, formFonts } from './form-fonts';

/** Points per millimetre. */
const MM = 72 / 25.4;

/** Margins of NĐ 30/2020 (top and bottom 20 mm, left 30 mm, right 15 mm); landscape registers use narrower ones. */
const PORTRAIT_MARGINS = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };
const LANDSCAPE_MARGINS = { top: 15 * MM, bottom: 15 * MM, left: 15 * MM, right: 15 * MM };

const BODY_SIZE = 12;
const LINE_GAP = 2;
const CELL_PAD = 3;

export interface TableColumn {
  header: string;
  /** Share of the table width (the shares are normalised). */
  weight: number;
  align?: 'left' | 'center' | 'right';
  /** Sample content that must fit on one line ("000.17.22.H56-210531-0001"): fixes the column's width. */
  fit?: string;
}

export interface TableOptions {
  fontSize?: number;
  /** Print a row "(1) (2) …" under the header, as registers do. */
  numberColumns?: boolean;
  /** Drawn at the top of every page the table continues on, before the repeated header. */
  onNewPage?: () => void;
}

export interface SignatureBlock {
  /** Lines in bold capitals above the hint, e.g. ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]. */
  titles: string[];
  /** Italic hint, e.g. "(Ký và ghi rõ họ tên)". */
  hint: string;
  /** Printed name under the room left for the signature. */
  name?: string | null;
}

function clean(text: string): string {
  return text.normalize('NFC');
}

function upper(text: string): string {
  return clean(text).toLocaleUpperCase('vi');
}

/**
 * A Vietnamese administrative paper on A4: national header, agency block, title, body text, tables that break across
 * pages with their header repeated, signature blocks and a QR code to the public lookup. Wraps one pdfkit document.
 */
export class FormDocument {
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  private constructor(readonly pdf: PDFKit.PDFDocument) {
    this.done = new Promise<Buffer>((resolve, reject) => {
      pdf.on('data', (chunk: Buffer) => this.chunks.push(chunk));
      pdf.on('end', () => resolve(Buffer.concat(this.chunks)));
      pdf.on('error', reject);
    });
    const fonts = formFonts();
    for (const face of Object.keys(fonts) as FontFace[]) pdf.registerFont(face, fonts[face]);
    this.face('regular', BODY_SIZE);
  }

  static create(options: { title: string; createdAt: Date; landscape?: boolean }): FormDocument {
    if (Number.isNaN(options.createdAt.getTime())) throw new RangeError('issuedAt is not a valid date');
    const pdf = new PDFDocument({
      size: 'A4',
      layout: options.landscape ? 'landscape' : 'portrait',
      margins: options.landscape ? LANDSCAPE_MARGINS : PORTRAIT_MARGINS,
      bufferPages: true,
      lang: 'vi-VN',
      displayTitle: true,
      info: {
        Title: clean(options.title),
        Creator: 'Một Cửa',
        Producer: 'Một Cửa',
        CreationDate: options.createdAt,
      },
    });
    return new FormDocument(pdf);
  }

  get left(): number {
    return this.pdf.page.margins.left;
  }

  get width(): number {
    return this.pdf.page.width - this.pdf.page.margins.left - this.pdf.page.margins.right;
  }

  get top(): number {
    return this.pdf.page.margins.top;
  }

  get bottom(): number {
    return this.pdf.page.height - this.pdf.page.margins.bottom;
  }

  face(face: FontFace, size: number = BODY_SIZE): this {
    this.pdf.font(face).fontSize(size);
    return this;
  }

  /** Starts a new page when fewer than `height` points remain. */
  ensureSpace(height: number): void {
    if (this.pdf.y + height > this.bottom) {
      this.pdf.addPage();
      this.pdf.y = this.top;
    }
  }

  space(lines = 0.5): this {
    this.pdf.y += (BODY_SIZE + LINE_GAP) * lines;
    return this;
  }

  /** Largest size ≤ `size` at which `text` fits in `width`. */
  private fit(text: string, face: FontFace, size: number, width: number): number {
    let s = size;
    this.face(face, s);
    while (s > 7 && this.pdf.widthOfString(text) > width) {
      s -= 0.5;
      this.face(face, s);
    }
    return s;
  }

  private centred(text: string, face: FontFace, size: number, x: number, width: number, y: number): number {
    this.face(face, this.fit(text, face, size, width));
    this.pdf.text(text, x, y, { width, align: 'center', lineGap: 1 });
    return this.pdf.y;
  }

  private rule(x: number, y: number, length: number): void {
    this.pdf
      .moveTo(x, y)
      .lineTo(x + length, y)
      .lineWidth(0.6)
      .strokeColor('#000')
      .stroke();
  }

  /** "Mẫu số 0X" in the top right corner. */
  formLabel(label: string): this {
    this.face('bold', 10);
    this.pdf.text(clean(label), this.left, this.top - 8, { width: this.width, align: 'right' });
    this.pdf.y = this.top + 10;
    return this;
  }

  /** The agency block alone (left), as registers print it. Returns the y below it. */
  agencyBlock(agency: FormAgency, x: number, width: number, y: number): number {
    const lines: [string, FontFace][] = [];
    if (agency.parentName) lines.push([upper(agency.parentName), 'regular']);
    lines.push([upper(agency.name), 'bold']);
    if (agency.unitName) lines.push([upper(agency.unitName), 'bold']);
    // One size for the whole block: the largest at which every line fits, but never below 9 pt (longer names wrap).
    const size = Math.max(9, Math.min(...lines.map(([text, face]) => this.fit(text, face, 11.5, width))));
    let yy = y;
    for (const [text, face] of lines) {
      this.face(face, size);
      this.pdf.text(text, x, yy, { width, align: 'center', lineGap: 1 });
      yy = this.pdf.y;
    }
    const ruleLength = Math.min(width / 3, 80);
    this.rule(x + (width - ruleLength) / 2, yy + 3, ruleLength);
    return yy + 6;
  }

  /**
   * The two-column head of a paper: agency block on the left, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do -
   * Hạnh phúc" on the right, then "Số: …" and the italic place-and-date line.
   */
  nationalHeader(agency: FormAgency, placeDate: string, documentNumber?: string | null): this {
    const leftWidth = this.width * 0.42;
    const rightX = this.left + leftWidth;
    const rightWidth = this.width - leftWidth;
    const y0 = this.pdf.y;
    const leftBottom = this.agencyBlock(agency, this.left, leftWidth, y0);

    let y = this.centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'bold', 12, rightX, rightWidth, y0);
    const motto = 'Độc lập - Tự do - Hạnh phúc';
    const mottoSize = this.fit(motto, 'bold', 12.5, rightWidth);
    y = this.centred(motto, 'bold', mottoSize, rightX, rightWidth, y);
    this.face('bold', mottoSize);
    const mottoWidth = this.pdf.widthOfString(motto);
    this.rule(rightX + (rightWidth - mottoWidth) / 2, y + 1, mottoWidth);

    y = Math.max(y + 6, leftBottom + 4);
    if (documentNumber) {
      this.face('regular', 12);
      this.pdf.text(`Số: ${clean(documentNumber)}`, this.left, y, { width: leftWidth, align: 'center' });
    }
    this.face('italic', 12);
    this.pdf.text(clean(placeDate), rightX, y, { width: rightWidth, align: 'center' });
    this.pdf.x = this.left;
    this.pdf.y += 12;
    return this;
  }

  /** The bold title, with optional bold subtitle lines ("Mã hồ sơ: …"). */
  title(text: string, ...subtitles: string[]): this {
    this.face('bold', 14);
    this.pdf.text(upper(text), this.left, this.pdf.y, { width: this.width, align: 'center' });
    for (const line of subtitles) {
      this.face('bold', 12.5);
      this.pdf.text(clean(line), this.left, this.pdf.y + 2, { width: this.width, align: 'center' });
    }
    this.pdf.y += 8;
    return this;
  }

  /** A justified paragraph; `indent` indents its first line. */
  paragraph(text: string, options: { face?: FontFace; indent?: number; align?: 'left' | 'justify' | 'center' } = {}) {
    this.face(options.face ?? 'regular');
    this.pdf.text(clean(text), this.left, this.pdf.y, {
      width: this.width,
      align: options.align ?? 'justify',
      indent: options.indent ?? 0,
      lineGap: LINE_GAP,
      paragraphGap: 2,
    });
    return this;
  }

  /** "Label: value" with the value in bold (or not), wrapping under the label. */
  field(label: string, value: string, options: { bold?: boolean } = {}): this {
    this.face('regular');
    this.pdf.text(`${clean(label)}: `, this.left, this.pdf.y, {
      width: this.width,
      continued: true,
      lineGap: LINE_GAP,
    });
    this.face(options.bold ? 'bold' : 'regular');
    this.pdf.text(clean(value), { width: this.width, lineGap: LINE_GAP, paragraphGap: 2 });
    return this;
  }

  /**
   * A bordered table. Each row is measured first; a row that does not fit starts a new page, where `onNewPage` runs
   * and the header is drawn again.
   */
  table(columns: TableColumn[], rows: string[][], options: TableOptions = {}): this {
    const size = options.fontSize ?? 10.5;
    this.face('regular', size);
    // pdfkit counts a line feed's advance in the line it ends, so the sample is measured with one.
    const fitWidth = (c: TableColumn) => (c.fit ? this.pdf.widthOfString(`${c.fit}\n`) + 2 * CELL_PAD + 1 : 0);
    const free = this.width - columns.reduce((sum, c) => sum + fitWidth(c), 0);
    const total = columns.reduce((sum, c) => sum + (c.fit ? 0 : c.weight), 0);
    const widths = columns.map((c) => (c.fit ? fitWidth(c) : (c.weight / total) * free));
    const x0 = this.left;
    const cellLayout = (i: number) => {
      const column = columns[i];
      const width = widths[i];
      if (column === undefined || width === undefined) {
        throw new Error(`Table row has a cell ${i + 1} beyond its ${columns.length} columns`);
      }
      return { align: column.align ?? 'left', width };
    };

    const measure = (cells: string[], face: FontFace): number => {
      this.face(face, size);
      let h = 0;
      cells.forEach((cell, i) => {
        const { width } = cellLayout(i);
        h = Math.max(h, this.pdf.heightOfString(cell || ' ', { width: width - 2 * CELL_PAD, lineGap: 1 }));
      });
      return h + 2 * CELL_PAD;
    };

    const drawRow = (cells: string[], face: FontFace, centred: boolean, y: number, h: number): void => {
      let x = x0;
      this.face(face, size);
      cells.forEach((cell, i) => {
        const layout = cellLayout(i);
        this.pdf.rect(x, y, layout.width, h).lineWidth(0.5).strokeColor('#000').stroke();
        const align = centred ? 'center' : layout.align;
        this.pdf.text(cell, x + CELL_PAD, y + CELL_PAD, { width: layout.width - 2 * CELL_PAD, align, lineGap: 1 });
        x += layout.width;
      });
    };

    const headers = columns.map((c) => clean(c.header));
    const numbers = columns.map((_, i) => `(${i + 1})`);
    const headerHeight = measure(headers, 'bold');
    const numbersHeight = options.numberColumns ? measure(numbers, 'italic') : 0;

    const drawHeader = (): void => {
      let y = this.pdf.y;
      drawRow(headers, 'bold', true, y, headerHeight);
      y += headerHeight;
      if (options.numberColumns) {
        drawRow(numbers, 'italic', true, y, numbersHeight);
        y += numbersHeight;
      }
      this.pdf.y = y;
    };

    const body = rows.map((r) => r.map((cell) => clean(cell)));
    const [firstRow] = body;
    const firstRowHeight = firstRow ? measure(firstRow, 'regular') : 0;
    this.ensureSpace(headerHeight + numbersHeight + firstRowHeight);
    drawHeader();
    for (const cells of body) {
      const h = measure(cells, 'regular');
      if (this.pdf.y + h > this.bottom) {
        this.pdf.addPage();
        this.pdf.y = this.top;
        options.onNewPage?.();
        drawHeader();
      }
      const y = this.pdf.y;
      drawRow(cells, 'regular', false, y, h);
      this.pdf.y = y + h;
    }
    this.pdf.x = this.left;
    this.pdf.y += 6;
    this.face('regular');
    return this;
  }

  /** One or two signature blocks side by side (one block sits on the right), kept on one page. */
  signatures(blocks: SignatureBlock[], left?: { heading: string; lines: string[] }): this {
    const half = this.width / 2;
    this.ensureSpace(130);
    const y0 = this.pdf.y + 6;
    let lowest = y0;
    const [single] = blocks;
    const placed = blocks.length === 1 && single ? [{ block: single, x: this.left + half }] : [];
    if (blocks.length > 1) blocks.forEach((block, i) => placed.push({ block, x: this.left + i * half }));
    for (const { block, x } of placed) {
      let y = y0;
      for (const t of block.titles) y = this.centred(upper(t), 'bold', 12, x, half, y);
      y = this.centred(clean(block.hint), 'italic', 11, x, half, y);
      y += 46;
      if (block.name) y = this.centred(clean(block.name), 'bold', 12, x, half, y);
      lowest = Math.max(lowest, y);
    }
    if (left) {
      this.face('boldItalic', 11);
      this.pdf.text(clean(left.heading), this.left, y0, { width: half - 10 });
      this.face('regular', 10);
      for (const line of left.lines) this.pdf.text(clean(line), this.left, this.pdf.y, { width: half - 10 });
      lowest = Math.max(lowest, this.pdf.y);
    }
    this.pdf.x = this.left;
    this.pdf.y = lowest + 12;
    return this;
  }

  /** QR code of the public lookup URL with the URL and extra lines beside it, kept on one page. */
  async lookupBox(url: string, lines: string[]): Promise<this> {
    const qr = await qrPng(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 8 });
    const size = 76;
    this.ensureSpace(size + 8);
    const y = this.pdf.y;
    this.rule(this.left, y, this.width);
    this.pdf.image(qr, this.left, y + 6, { width: size, height: size });
    const textX = this.left + size + 10;
    const textWidth = this.width - size - 10;
    this.face('regular', 10);
    this.pdf.text('Tra cứu tình trạng hồ sơ: quét mã QR hoặc truy cập', textX, y + 10, { width: textWidth });
    this.face('regular', 9);
    this.pdf.text(url, textX, this.pdf.y + 1, { width: textWidth });
    this.face('regular', 10);
    for (const line of lines) this.pdf.text(clean(line), textX, this.pdf.y + 2, { width: textWidth });
    this.pdf.x = this.left;
    this.pdf.y = Math.max(this.pdf.y, y + size + 6) + 4;
    return this;
  }

  /** "Trang i/n" centred under every page (drawn in the bottom margin, so no page is added). */
  pageNumbers(): this {
    const range = this.pdf.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.pdf.switchToPage(i);
      const bottomMargin = this.pdf.page.margins.bottom;
      this.pdf.page.margins.bottom = 0;
      this.face('italic', 9);
      this.pdf.text(`Trang ${i + 1}/${range.count}`, this.left, this.pdf.page.height - bottomMargin + 10, {
        width: this.width,
        align: 'center',
        lineBreak: false,
      });
      this.pdf.page.margins.bottom = bottomMargin;
    }
    return this;
  }

  finish(): Promise<Buffer> {
    this.pdf.end();
    return this.done;
  }
}
