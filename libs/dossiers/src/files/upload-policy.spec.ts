import { detectAcceptedType, fileNameProblem, sanitizeFileName } from './upload-policy';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n', 'latin1');
const ELF = Buffer.from('7f454c46020101000000000000000000', 'hex');
const WINDOWS_EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]);

describe('upload policy', () => {
  it('recognises accepted files by their content', async () => {
    expect(await detectAcceptedType(PNG)).toEqual({ mediaType: 'image/png', extension: 'png' });
    expect(await detectAcceptedType(PDF)).toEqual({ mediaType: 'application/pdf', extension: 'pdf' });
  });

  it('refuses executables and unknown bytes whatever their name', async () => {
    expect(await detectAcceptedType(ELF)).toBeNull();
    expect(await detectAcceptedType(WINDOWS_EXE)).toBeNull();
    expect(await detectAcceptedType(Buffer.from('just text'))).toBeNull();
  });

  it.each([
    ['../../etc/passwd.pdf', 'has a file name with a path in it'],
    ['C:\\Users\\a\\scan.pdf', 'has a file name with a path in it'],
    ['..', 'has a file name with a path in it'],
    ['a\u0000b.pdf', 'has control characters in its file name'],
    ['   ', 'has no file name'],
    ['Giấy chứng sinh.pdf', null],
    ['bản sao..pdf', null],
  ])('judges the name %p', (name, problem) => {
    expect(fileNameProblem(name)).toBe(problem);
  });

  it.each([
    ['../../etc/passwd.pdf', 'pdf', 'passwd.pdf'],
    ['C:\\Users\\a\\Giấy chứng sinh.PDF', 'pdf', 'Giấy chứng sinh.pdf'],
    ['scan.exe', 'png', 'scan.png'],
    ['...', 'pdf', 'tep-dinh-kem.pdf'],
    ['a\u0000b\u202ec<>:|?*.jpg', 'jpg', 'abc.jpg'],
    ['  tờ   khai  .pdf', 'pdf', 'tờ khai.pdf'],
  ])('sanitises %p', (input, ext, expected) => {
    expect(sanitizeFileName(input, ext)).toBe(expected);
  });

  it('keeps Vietnamese letters in NFC and bounds the length', () => {
    const decomposed = 'To\u0302\u0300 khai'.normalize('NFD');
    expect(sanitizeFileName(`${decomposed}.pdf`, 'pdf')).toBe('Tồ khai'.normalize('NFC') + '.pdf');
    expect(sanitizeFileName(`${'x'.repeat(500)}.pdf`, 'pdf')).toHaveLength(124);
  });
});
