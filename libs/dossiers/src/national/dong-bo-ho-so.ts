import { createHash } from 'node:crypto';
import type { FieldProblem } from '@app/observability';

/**
 * `DongBoHoSoMC` as the national portal forwards an online dossier (docs/national-portal.md §2 and §5): the field
 * names of the public integrations, read into what the portal stores. Pure: no database, no network.
 */

/** At most this many dossiers in one request. */
export const MAX_DOSSIERS_PER_REQUEST = 20;
/** At most this many files in one dossier (the portal's own upload limit applies too). */
export const MAX_FILES_PER_NATIONAL_DOSSIER = 50;

const NATIONAL_ID = /^[A-Za-z0-9.-]{1,48}$/;
const PROCEDURE_CODE = /^[A-Za-z0-9.]{1,32}$/;
const AGENCY_CODE = /^[A-Z0-9]{2,4}(?:\.[A-Z0-9]{2,4}){2,5}$/;
const EXCHANGE_DATE_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const CITIZEN_ID = /^\d{12}$/;

export interface NationalDocument {
  /** `MaThanhPhanHoSo`: the procedure's document code the file is for. */
  documentCode: string;
  /** `TenTepDinhKem`. */
  fileName: string;
  /** `DuongDanTaiTepTin`, on the national portal's file origin. */
  url: string;
  /** Where the address was in the request (`data[0].TaiLieuNop[1].DuongDanTaiTepTin`), for problems about the file. */
  field: string;
}

export interface NationalFee {
  name: string;
  code: string | null;
  /** Đồng. */
  amount: number;
  /** `HinhThucThu` as sent ("1": paid online on the national portal). */
  collection: string | null;
}

export interface NationalDossier {
  /** `MaHoSo`: the national dossier id, which is the dossier's code (NĐ 118/2025 Điều 28). */
  nationalId: string;
  procedureCode: string;
  agencyCode: string;
  applicant: {
    fullName: string;
    idNumber: string | null;
    phone: string | null;
    email: string | null;
    address: string | null;
  };
  summary: string | null;
  /** `NgayTiepNhan`: when the national portal received it. */
  filedAt: Date;
  /** `HinhThuc` "1": the result is to be sent by post. */
  resultByPost: boolean;
  documents: NationalDocument[];
  fees: NationalFee[];
  /** The dossier object as it came (kept with the intake record). */
  payload: Record<string, unknown>;
  /** SHA-256 of the object in a canonical form: the same delivery again has the same digest. */
  digest: string;
}

export type ParseResult = { ok: true; dossiers: NationalDossier[] } | { ok: false; problems: FieldProblem[] };

/** `yyyyMMddHHmmss` in Vietnam time (UTC+7, no daylight saving) → the instant, or null when it is no real moment. */
export function parseExchangeDateTime(text: string): Date | null {
  const m = EXCHANGE_DATE_TIME.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h - 7, mi, s);
  const back = new Date(utc + 7 * 3600_000);
  const same =
    back.getUTCFullYear() === y &&
    back.getUTCMonth() === mo - 1 &&
    back.getUTCDate() === d &&
    back.getUTCHours() === h &&
    back.getUTCMinutes() === mi &&
    back.getUTCSeconds() === s;
  return same ? new Date(utc) : null;
}

/** JSON with object members sorted: two deliveries of the same content give the same text whatever their order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A scalar member as text ("1" and 1 alike), or null when absent or not a scalar. */
function scalar(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reads the fields of one request, collecting every problem with the field's path. */
class Reader {
  readonly problems: FieldProblem[] = [];

  problem(field: string, message: string, code?: FieldProblem['code']): void {
    this.problems.push({ field, messages: [message], ...(code ? { code } : {}) });
  }

  /** A required string (trimmed, not empty, at most `max` characters). */
  text(obj: Record<string, unknown>, path: string, name: string, max: number): string {
    const v = obj[name];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      this.problem(`${path}.${name}`, 'is required', 'required');
      return '';
    }
    if (typeof v !== 'string') {
      this.problem(`${path}.${name}`, 'must be a string');
      return '';
    }
    if (v.trim().length > max) this.problem(`${path}.${name}`, `must be at most ${max} characters`);
    return v.trim();
  }

  /** An optional string: null when absent or empty. */
  optionalText(obj: Record<string, unknown>, path: string, name: string, max: number): string | null {
    const v = obj[name];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return null;
    if (typeof v !== 'string') {
      this.problem(`${path}.${name}`, 'must be a string');
      return null;
    }
    if (v.trim().length > max) this.problem(`${path}.${name}`, `must be at most ${max} characters`);
    return v.trim();
  }
}

/**
 * Reads a `DongBoHoSoMC` request body. Every problem is reported with its path (`data[0].TaiLieuNop[1].
 * DuongDanTaiTepTin`), so the national portal's operators can tell which dossier and field to fix; nothing of a
 * request with a problem is accepted. File addresses must be on `fileOrigin`: the portal fetches nothing else.
 */
export function parseDongBoHoSoMC(body: unknown, opts: { now: Date; fileOrigin: string }): ParseResult {
  const r = new Reader();
  if (!isObject(body)) return { ok: false, problems: [{ field: 'body', messages: ['must be a JSON object'] }] };
  if (body['service'] !== undefined && body['service'] !== 'DongBoHoSoMC') {
    r.problem('service', 'must be "DongBoHoSoMC"');
  }
  const updating = body['isUpdating'];
  if (updating !== undefined && updating !== 'False' && updating !== false) {
    r.problem('isUpdating', 'must be "False": this endpoint files new dossiers; statuses go back by push');
  }
  const data = body['data'];
  if (!Array.isArray(data) || data.length === 0) {
    r.problem('data', 'must be a non-empty array of dossiers', 'required');
    return { ok: false, problems: r.problems };
  }
  if (data.length > MAX_DOSSIERS_PER_REQUEST) {
    r.problem('data', `must hold at most ${MAX_DOSSIERS_PER_REQUEST} dossiers`, 'too_many');
    return { ok: false, problems: r.problems };
  }
  const dossiers: NationalDossier[] = [];
  const seen = new Map<string, number>();
  data.forEach((item, i) => {
    const path = `data[${i}]`;
    if (!isObject(item)) {
      r.problem(path, 'must be an object');
      return;
    }
    const parsed = readDossier(r, item, path, opts);
    if (!parsed) return;
    const earlier = seen.get(parsed.nationalId);
    if (earlier !== undefined) {
      r.problem(`${path}.MaHoSo`, `is the same as data[${earlier}].MaHoSo`);
      return;
    }
    seen.set(parsed.nationalId, i);
    dossiers.push(parsed);
  });
  return r.problems.length > 0 ? { ok: false, problems: r.problems } : { ok: true, dossiers };
}

function readDossier(
  r: Reader,
  item: Record<string, unknown>,
  path: string,
  opts: { now: Date; fileOrigin: string },
): NationalDossier | null {
  const before = r.problems.length;
  const nationalId = r.text(item, path, 'MaHoSo', 48);
  if (nationalId && !NATIONAL_ID.test(nationalId)) {
    r.problem(`${path}.MaHoSo`, 'must be 1–48 letters, digits, dots or hyphens');
  }
  const procedureCode = r.text(item, path, 'MaTTHC', 32);
  if (procedureCode && !PROCEDURE_CODE.test(procedureCode)) {
    r.problem(`${path}.MaTTHC`, 'must be a procedure code like 1.001193');
  }
  const agencyCode = r.text(item, path, 'DonViXuLy', 32);
  if (agencyCode && !AGENCY_CODE.test(agencyCode)) {
    r.problem(`${path}.DonViXuLy`, 'must be an agency electronic ID like 000.17.22.H56');
  }
  const fullName = r.text(item, path, 'ChuHoSo', 200);
  const kind = r.optionalText(item, path, 'LoaiDoiTuong', 2);
  if (kind !== null && !['1', '2', '3'].includes(kind)) {
    r.problem(`${path}.LoaiDoiTuong`, 'must be "1" (citizen), "2" (organisation) or "3" (enterprise)');
  }
  const idNumber = r.optionalText(item, path, 'MaDoiTuong', 32);
  if (idNumber !== null && (kind ?? '1') === '1' && !CITIZEN_ID.test(idNumber)) {
    r.problem(`${path}.MaDoiTuong`, 'must be the 12-digit personal identification number of a citizen');
  }
  const email = r.optionalText(item, path, 'Email', 254);
  if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    r.problem(`${path}.Email`, 'must be an e-mail address');
  }
  const phone = r.optionalText(item, path, 'SoDienThoai', 20);
  if (phone !== null && !/^\+?[0-9 .-]{8,20}$/.test(phone)) {
    r.problem(`${path}.SoDienThoai`, 'must be a telephone number');
  }
  const address = r.optionalText(item, path, 'DiaChi', 500);
  const summary = r.optionalText(item, path, 'TrichYeuHoSo', 1000);
  const filedText = r.text(item, path, 'NgayTiepNhan', 14);
  let filedAt: Date | null = null;
  if (filedText) {
    filedAt = parseExchangeDateTime(filedText);
    if (!filedAt) r.problem(`${path}.NgayTiepNhan`, 'must be a moment written yyyyMMddHHmmss (Vietnam time)');
    // A few minutes of clock difference between the two systems are tolerated, not a filing from the future.
    else if (filedAt.getTime() > opts.now.getTime() + 5 * 60_000) {
      r.problem(`${path}.NgayTiepNhan`, 'is in the future');
    }
  }
  const status = item['TrangThaiHoSo'];
  if (status !== undefined && status !== null && scalar(status) !== '1') {
    r.problem(`${path}.TrangThaiHoSo`, 'must be "1" (Mới đăng ký): only new dossiers are filed here');
  }
  const form = item['HinhThuc'];
  if (form !== undefined && form !== null && !['0', '1'].includes(scalar(form) ?? '')) {
    r.problem(`${path}.HinhThuc`, 'must be "0" (result not by post) or "1" (by post)');
  }
  const documents = readDocuments(r, item['TaiLieuNop'], `${path}.TaiLieuNop`, opts.fileOrigin);
  const fees = readFees(r, item['DanhSachLePhi'], `${path}.DanhSachLePhi`);
  if (r.problems.length > before || !filedAt) return null;
  return {
    nationalId,
    procedureCode,
    agencyCode,
    applicant: { fullName, idNumber, phone, email, address },
    summary,
    filedAt,
    resultByPost: scalar(form) === '1',
    documents,
    fees,
    payload: item,
    digest: createHash('sha256').update(canonicalJson(item)).digest('hex'),
  };
}

function readDocuments(r: Reader, value: unknown, path: string, fileOrigin: string): NationalDocument[] {
  if (!Array.isArray(value) || value.length === 0) {
    r.problem(path, 'must list the dossier’s files', 'required');
    return [];
  }
  if (value.length > MAX_FILES_PER_NATIONAL_DOSSIER) {
    r.problem(path, `must list at most ${MAX_FILES_PER_NATIONAL_DOSSIER} files`, 'too_many');
    return [];
  }
  const out: NationalDocument[] = [];
  value.forEach((f, j) => {
    const at = `${path}[${j}]`;
    if (!isObject(f)) {
      r.problem(at, 'must be an object');
      return;
    }
    // A file the applicant removed on the national portal is not part of the dossier.
    if (f['IsDeleted'] === true || f['IsDeleted'] === 'True' || f['IsDeleted'] === 'true') return;
    const fileName = r.text(f, at, 'TenTepDinhKem', 255);
    const documentCode = r.text(f, at, 'MaThanhPhanHoSo', 64);
    const url = r.text(f, at, 'DuongDanTaiTepTin', 2000);
    if (url) {
      let parsed: URL | null = null;
      try {
        parsed = new URL(url);
      } catch {
        r.problem(`${at}.DuongDanTaiTepTin`, 'must be an absolute URL');
      }
      if (parsed && (parsed.origin !== fileOrigin || parsed.username !== '' || parsed.password !== '')) {
        r.problem(`${at}.DuongDanTaiTepTin`, `must be a file of the national portal (${fileOrigin})`);
      }
    }
    if (fileName && documentCode && url) out.push({ documentCode, fileName, url, field: `${at}.DuongDanTaiTepTin` });
  });
  if (out.length === 0 && r.problems.every((p) => !p.field.startsWith(path))) {
    r.problem(path, 'must list at least one file that is not deleted', 'required');
  }
  return out;
}

function readFees(r: Reader, value: unknown, path: string): NationalFee[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    r.problem(path, 'must be an array');
    return [];
  }
  const out: NationalFee[] = [];
  value.forEach((f, j) => {
    const at = `${path}[${j}]`;
    if (!isObject(f)) {
      r.problem(at, 'must be an object');
      return;
    }
    const name = r.text(f, at, 'TenPhiLePhi', 300);
    const code = r.optionalText(f, at, 'MaPhiLePhi', 64);
    const raw = f['Gia'];
    const amount = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 0) {
      r.problem(`${at}.Gia`, 'must be a whole number of đồng, 0 or more');
      return;
    }
    const collection = scalar(f['HinhThucThu']);
    if (name) out.push({ name, code, amount, collection });
  });
  return out;
}
