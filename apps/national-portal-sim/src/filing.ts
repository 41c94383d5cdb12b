import { exchangeDateTime } from './vietnam-time';

/** One dossier to file, as the JSON API (`POST /api/dossiers`) and the page give it. */
export interface FilingInput {
  procedureCode: string;
  agencyCode: string;
  applicant: { fullName: string; idNumber?: string; phone?: string; email?: string; address?: string };
  summary?: string;
  documents: FilingDocument[];
  fees: Array<{ name: string; amount: number; code?: string }>;
  /** When the national portal received it (`NgayTiepNhan`). */
  receivedAt: Date;
}

export interface FilingDocument {
  /** The procedure's document code (`MaThanhPhanHoSo`). */
  code: string;
  /** What the document is, e.g. "Tờ khai đăng ký khai sinh theo mẫu". */
  name: string;
  fileName: string;
  contentType: string;
  content: Buffer;
}

export interface FieldError {
  field: string;
  message: string;
}

/** `TaiLieuNop[]` item. */
export interface SubmittedFile {
  TepDinhKemId: string;
  TenTepDinhKem: string;
  IsDeleted: false;
  MaThanhPhanHoSo: string;
  DuongDanTaiTepTin: string;
}

/** `DanhSachLePhi[]` item. */
export interface SubmittedFee {
  TenPhiLePhi: string;
  MaPhiLePhi: string;
  HinhThucThu: '1';
  Gia: number;
  LoaiPhiLePhi: '1';
}

/** The dossier object of `DongBoHoSoMC` as the adapter accepts it (docs/national-portal.md §5). */
export interface DongBoHoSoMC {
  MaHoSo: string;
  MaTTHC: string;
  DonViXuLy: string;
  ChuHoSo: string;
  LoaiDoiTuong: '1';
  MaDoiTuong?: string;
  Email?: string;
  SoDienThoai?: string;
  DiaChi?: string;
  TrichYeuHoSo?: string;
  NgayTiepNhan: string;
  TrangThaiHoSo: '1';
  HinhThuc: '0';
  TaiLieuNop: SubmittedFile[];
  DanhSachLePhi: SubmittedFee[];
}

export interface DongBoHoSoRequest {
  service: 'DongBoHoSoMC';
  isUpdating: 'False';
  data: DongBoHoSoMC[];
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

/** The content type a file is served with, from its name (the portal checks the content itself). */
export function contentTypeOf(fileName: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

/**
 * Builds the object sent to the adapter: the dossier "Mới đăng ký" (TrangThaiHoSo 1), applied for by a citizen
 * (LoaiDoiTuong 1), result not by post (HinhThuc 0), received at `NgayTiepNhan` (Vietnam time), each file linked
 * under the simulator's public origin, fees paid online (HinhThucThu 1) as fees (LoaiPhiLePhi 1). Optional members
 * are left out when there is nothing to say.
 */
export function buildDongBoHoSo(
  maHoSo: string,
  input: FilingInput,
  files: ReadonlyArray<{ id: string; document: FilingDocument }>,
  publicUrl: string,
): DongBoHoSoMC {
  const a = input.applicant;
  return {
    MaHoSo: maHoSo,
    MaTTHC: input.procedureCode,
    DonViXuLy: input.agencyCode,
    ChuHoSo: a.fullName,
    LoaiDoiTuong: '1',
    ...(a.idNumber ? { MaDoiTuong: a.idNumber } : {}),
    ...(a.email ? { Email: a.email } : {}),
    ...(a.phone ? { SoDienThoai: a.phone } : {}),
    ...(a.address ? { DiaChi: a.address } : {}),
    ...(input.summary ? { TrichYeuHoSo: input.summary } : {}),
    NgayTiepNhan: exchangeDateTime(input.receivedAt),
    TrangThaiHoSo: '1',
    HinhThuc: '0',
    TaiLieuNop: files.map(({ id, document }) => ({
      TepDinhKemId: id,
      TenTepDinhKem: document.fileName,
      IsDeleted: false,
      MaThanhPhanHoSo: document.code,
      DuongDanTaiTepTin: `${publicUrl}/files/${id}`,
    })),
    DanhSachLePhi: input.fees.map((fee, i) => ({
      TenPhiLePhi: fee.name,
      MaPhiLePhi: fee.code ?? `LP${String(i + 1).padStart(2, '0')}`,
      HinhThucThu: '1',
      Gia: fee.amount,
      LoaiPhiLePhi: '1',
    })),
  };
}

export function dongBoHoSoRequest(dossier: DongBoHoSoMC): DongBoHoSoRequest {
  return { service: 'DongBoHoSoMC', isUpdating: 'False', data: [dossier] };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const MAX_DOCUMENTS = 50;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads the JSON API's filing request. It checks only what the simulator needs to build the object (types, base64,
 * dates, the province): whatever the portal would refuse (an unknown procedure, a bad ID number, a file that is
 * not a PDF) is sent on, so a test can watch the portal refuse it.
 */
export function parseFilingRequest(body: unknown, province: string, now: Date): FilingInput | FieldError[] {
  const errors: FieldError[] = [];
  const err = (field: string, message: string) => errors.push({ field, message });
  if (!isObject(body)) return [{ field: '(body)', message: 'must be a JSON object' }];

  const text = (value: unknown, field: string, opts: { required: boolean; max: number }): string | undefined => {
    if (value === undefined || value === null || value === '') {
      if (opts.required) err(field, 'is required');
      return undefined;
    }
    if (typeof value !== 'string') {
      err(field, 'must be a string');
      return undefined;
    }
    if (opts.required && value.trim() === '') err(field, 'is required');
    if (value.length > opts.max) err(field, `must be at most ${opts.max} characters`);
    return value;
  };

  const procedureCode = text(body['procedureCode'], 'procedureCode', { required: true, max: 64 });
  const agencyCode = text(body['agencyCode'], 'agencyCode', { required: true, max: 64 });
  if (agencyCode && !agencyCode.endsWith(`.${province}`)) {
    err('agencyCode', `must be an agency of province ${province}: the simulator forwards to that province's system`);
  }

  const applicantBody = body['applicant'];
  let applicant: FilingInput['applicant'] | undefined;
  if (!isObject(applicantBody)) err('applicant', 'must be an object with at least fullName');
  else {
    const fullName = text(applicantBody['fullName'], 'applicant.fullName', { required: true, max: 200 });
    const optional = (key: 'idNumber' | 'phone' | 'email' | 'address') =>
      text(applicantBody[key], `applicant.${key}`, { required: false, max: 500 });
    applicant = {
      fullName: fullName ?? '',
      ...withValue('idNumber', optional('idNumber')),
      ...withValue('phone', optional('phone')),
      ...withValue('email', optional('email')),
      ...withValue('address', optional('address')),
    };
  }

  const summary = text(body['summary'], 'summary', { required: false, max: 2000 });

  const documents: FilingDocument[] = [];
  const docsBody = body['documents'];
  if (!Array.isArray(docsBody)) err('documents', 'must be an array (it may be empty)');
  else if (docsBody.length > MAX_DOCUMENTS) err('documents', `must hold at most ${MAX_DOCUMENTS} documents`);
  else {
    docsBody.forEach((d: unknown, i) => {
      const at = `documents[${i}]`;
      if (!isObject(d)) return err(at, 'must be an object');
      const code = text(d['code'], `${at}.code`, { required: true, max: 64 });
      const name = text(d['name'], `${at}.name`, { required: true, max: 500 });
      const fileName = text(d['fileName'], `${at}.fileName`, { required: true, max: 255 });
      if (fileName && (/[/\\]/.test(fileName) || [...fileName].some((c) => c.charCodeAt(0) < 0x20))) {
        err(`${at}.fileName`, 'must be a file name without a path or control characters');
      }
      const contentType = text(d['contentType'], `${at}.contentType`, { required: false, max: 100 });
      if (contentType && !/^[a-z]+\/[a-z0-9.+-]+$/i.test(contentType)) err(`${at}.contentType`, 'must be a MIME type');
      const encoded = d['contentBase64'];
      if (typeof encoded !== 'string' || encoded === '' || !BASE64.test(encoded)) {
        return err(`${at}.contentBase64`, 'must be the file in base64');
      }
      if (code && name && fileName) {
        documents.push({
          code,
          name,
          fileName,
          contentType: contentType ?? contentTypeOf(fileName),
          content: Buffer.from(encoded, 'base64'),
        });
      }
    });
  }

  const fees: FilingInput['fees'] = [];
  const feesBody = body['fees'];
  if (feesBody !== undefined && !Array.isArray(feesBody)) err('fees', 'must be an array');
  else if (Array.isArray(feesBody)) {
    feesBody.forEach((f: unknown, i) => {
      const at = `fees[${i}]`;
      if (!isObject(f)) return err(at, 'must be an object');
      const name = text(f['name'], `${at}.name`, { required: true, max: 500 });
      const code = text(f['code'], `${at}.code`, { required: false, max: 64 });
      const amount = f['amount'];
      if (typeof amount !== 'number' || !Number.isFinite(amount)) return err(`${at}.amount`, 'must be a number');
      if (name) fees.push({ name, amount, ...withValue('code', code) });
    });
  }

  let receivedAt = now;
  const receivedBody = body['receivedAt'];
  if (receivedBody !== undefined) {
    const parsed = typeof receivedBody === 'string' ? new Date(receivedBody) : null;
    if (!parsed || Number.isNaN(parsed.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(receivedBody as string)) {
      err('receivedAt', 'must be an ISO 8601 date-time, e.g. 2026-12-05T14:03:00+07:00');
    } else receivedAt = parsed;
  }

  if (errors.length > 0 || !procedureCode || !agencyCode || !applicant) return errors;
  return {
    procedureCode,
    agencyCode,
    applicant,
    ...withValue('summary', summary),
    documents,
    fees,
    receivedAt,
  };
}

function withValue<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
