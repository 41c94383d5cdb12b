import { ArgumentMetadata } from '@nestjs/common';
import { DomainError } from '@app/observability';
import {
  cookieValue,
  errorSummary,
  formState,
  isDomainError,
  str,
  titleWithErrors,
  translator,
  typed,
  uploadedFileName,
  uuidParam,
} from './page-kit';

const PARAM: ArgumentMetadata = { type: 'param', data: 'id' };

describe('page kit', () => {
  it('reads a posted value as trimmed text, or as typed, and nothing else as text', () => {
    expect(str('  Nguyễn Văn A ')).toBe('Nguyễn Văn A');
    expect(typed('  Nguyễn Văn A ')).toBe('  Nguyễn Văn A ');
    for (const value of [undefined, null, 3, ['a', 'b'], { a: 1 }]) {
      expect(str(value)).toBe('');
      expect(typed(value)).toBe('');
    }
  });

  it('answers a malformed id with the not-found error of the thing named, and passes a UUID on', async () => {
    const pipe = uuidParam('dossier');
    const id = '6f1c2a9e-3b4d-4c5e-8f70-1a2b3c4d5e6f';
    await expect(pipe.transform(id, PARAM)).resolves.toBe(id);
    const refused = await pipe.transform("1' OR '1'='1", PARAM).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'not_found', message: 'No such dossier.' });
  });

  it('reads an uploaded file name as the UTF-8 the browser sent', () => {
    const sent = 'Giấy khai sinh – bản sao.pdf';
    const asMulterReadsIt = Buffer.from(sent, 'utf8').toString('latin1');
    expect(asMulterReadsIt).not.toBe(sent);
    expect(uploadedFileName({ originalname: asMulterReadsIt })).toBe(sent);
  });

  it('tells domain errors by code', () => {
    const err = new DomainError('conflict', 'changed');
    expect(isDomainError(err)).toBe(true);
    expect(isDomainError(err, 'conflict', 'not_found')).toBe(true);
    expect(isDomainError(err, 'validation_failed')).toBe(false);
    expect(isDomainError(new Error('conflict'), 'conflict')).toBe(false);
  });

  it('puts the one error-summary title before a page title with errors, in the page language', () => {
    expect(titleWithErrors(translator('vi'), 'Sổ theo dõi', true)).toBe('Có lỗi cần sửa: Sổ theo dõi');
    expect(titleWithErrors(translator('en'), 'Register', true)).toBe('There is a problem: Register');
    expect(titleWithErrors(translator('en'), 'Register', false)).toBe('Register');
  });

  it('shows a form state with nothing missing', () => {
    expect(formState({})).toEqual({ action: null, errors: {}, values: {}, conflict: null });
    const state = {
      action: 'result',
      errors: { files: 'Chọn tệp' },
      values: { summary: 'Đã cấp' },
      conflict: 'Đã đổi',
    };
    expect(formState(state)).toEqual(state);
  });

  it('lists field errors for the summary, each linking to its input', () => {
    expect(errorSummary({ from: 'Nhập ngày bắt đầu', to: 'Nhập ngày kết thúc' }, (f) => `register-${f}`)).toEqual([
      { text: 'Nhập ngày bắt đầu', href: '#register-from' },
      { text: 'Nhập ngày kết thúc', href: '#register-to' },
    ]);
    expect(errorSummary({ reason: 'x' })).toEqual([{ text: 'x', href: '#reason' }]);
  });
});

describe('cookieValue', () => {
  const req = (cookie: string) => ({ headers: { cookie } });
  it('reads one cookie, decoded, only in the shape asked for', () => {
    expect(cookieValue(req('a=1; motcua_pay=X-1%7CABC123; b=2'), 'motcua_pay', /^[^|]+\|[A-Z0-9]+$/)).toBe(
      'X-1|ABC123',
    );
    expect(cookieValue(req('motcua_pay=%E0%A4%A'), 'motcua_pay', /.*/)).toBeUndefined();
    expect(cookieValue(req('motcua_pay=<script>'), 'motcua_pay', /^[A-Za-z0-9]+$/)).toBeUndefined();
    expect(cookieValue(req('other=1'), 'motcua_pay', /.*/)).toBeUndefined();
    expect(cookieValue({ headers: {} }, 'motcua_pay', /.*/)).toBeUndefined();
  });
});
