import { formatDossierCode, parseDossierCode, vietnamDate } from './dossier-code';

describe('dossier code', () => {
  it('formats <agency>-<yymmdd>-<4 digits>', () => {
    expect(formatDossierCode('000.17.22.H56', '2021-05-31', 1)).toBe('000.17.22.H56-210531-0001');
    expect(formatDossierCode('000.17.22.H56', '2026-11-25', 9999)).toBe('000.17.22.H56-261125-9999');
  });

  it('refuses sequences out of range and malformed dates', () => {
    expect(() => formatDossierCode('000.17.22.H56', '2026-11-25', 0)).toThrow(RangeError);
    expect(() => formatDossierCode('000.17.22.H56', '2026-11-25', 10_000)).toThrow(RangeError);
    expect(() => formatDossierCode('000.17.22.H56', '25/11/2026', 1)).toThrow(RangeError);
  });

  it('parses its own output and nothing else', () => {
    expect(parseDossierCode('000.17.22.H56-210531-0001')).toEqual({
      agencyCode: '000.17.22.H56',
      yymmdd: '210531',
      sequence: 1,
    });
    expect(parseDossierCode('000.17.22.H56-210531-001')).toBeNull();
    expect(parseDossierCode('x-210531-0001')).toBeNull();
  });

  it('dates a reception in Vietnam time (UTC+7)', () => {
    expect(vietnamDate(new Date('2026-11-25T16:59:59Z'))).toBe('2026-11-25');
    expect(vietnamDate(new Date('2026-11-25T17:00:00Z'))).toBe('2026-11-26');
  });
});
