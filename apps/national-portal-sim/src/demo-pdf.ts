import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { displayDateTime } from './vietnam-time';

/** The npm package whose DejaVu Sans covers Vietnamese; found by walking up from this file (source or bundle). */
const FONT_PACKAGE = 'dejavu-fonts-ttf';

let fonts: { regular: Buffer; bold: Buffer } | undefined;

function loadFonts(): { regular: Buffer; bold: Buffer } {
  if (fonts) return fonts;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const ttf = join(dir, 'node_modules', FONT_PACKAGE, 'ttf');
    if (existsSync(join(ttf, 'DejaVuSans.ttf'))) {
      fonts = {
        regular: readFileSync(join(ttf, 'DejaVuSans.ttf')),
        bold: readFileSync(join(ttf, 'DejaVuSans-Bold.ttf')),
      };
      return fonts;
    }
    if (dirname(dir) === dir) {
      throw new Error(`the npm package ${FONT_PACKAGE} is not installed above ${__dirname} (run npm ci)`);
    }
  }
}

/** Checked at start, so a missing font stops the simulator at once rather than at the first filing. */
export function checkPdfFonts(): void {
  loadFonts();
}

export interface DemoPaper {
  maHoSo: string;
  procedureName: string;
  documentName: string;
  applicantName: string;
  idNumber: string | null;
  receivedAt: Date;
}

/** A one-page PDF standing for a paper the applicant uploaded on the national portal, marked as a simulation. */
export function demoPaperPdf(paper: DemoPaper): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  return new Promise<Buffer>((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 56,
      info: { Title: paper.documentName, Author: 'Cổng Dịch vụ công quốc gia (mô phỏng)', Subject: paper.maHoSo },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('regular', regular);
    doc.registerFont('bold', bold);
    doc.font('bold').fontSize(11).text('CỔNG DỊCH VỤ CÔNG QUỐC GIA (MÔ PHỎNG)', { align: 'center' });
    doc.font('regular').fontSize(9).text('Tài liệu mẫu do trình mô phỏng tạo ra, không có giá trị pháp lý.', {
      align: 'center',
    });
    doc.moveDown(2);
    doc.font('bold').fontSize(15).text(paper.documentName, { align: 'center' });
    doc.moveDown(1.5);
    doc.font('regular').fontSize(11);
    const line = (label: string, value: string) => {
      doc.font('bold').text(`${label}: `, { continued: true });
      doc.font('regular').text(value);
    };
    line('Thủ tục', paper.procedureName);
    line('Mã hồ sơ', paper.maHoSo);
    line('Người nộp', paper.applicantName);
    if (paper.idNumber) line('Số định danh cá nhân', paper.idNumber);
    line('Nộp trực tuyến lúc', displayDateTime(paper.receivedAt));
    doc.end();
  });
}
