import { AGENCY_CASE_STATUSES } from '@app/routing';
import {
  caseProblemInput,
  caseProblemText,
  caseStatusTagClass,
  durationText,
  isInboxTab,
  sizeText,
} from './lien-thong-format';
import { translator } from '../web/page-kit';

describe('durationText', () => {
  const unit = (name: string, n: number) => `${n}${name}`;

  it('shows the two largest units that are not zero', () => {
    expect(durationText(2 * 86_400 + 3 * 3600 + 59, unit)).toBe('2d 3h');
    expect(durationText(86_400 + 30, unit)).toBe('1d');
    expect(durationText(45 * 60 + 5, unit)).toBe('45m 5s');
    expect(durationText(12, unit)).toBe('12s');
  });

  it('shows zero seconds for nothing or a negative age', () => {
    expect(durationText(0, unit)).toBe('0s');
    expect(durationText(-5, unit)).toBe('0s');
  });
});

describe('case status tags', () => {
  it('give every status a colour: a result green, a return red', () => {
    for (const status of AGENCY_CASE_STATUSES) expect(caseStatusTagClass(status)).toMatch(/^govuk-tag--/);
    expect(caseStatusTagClass('done')).toBe('govuk-tag--green');
    expect(caseStatusTagClass('returned')).toBe('govuk-tag--red');
  });
});

describe('inbox tabs and sizes', () => {
  it('accepts only the inbox tabs', () => {
    expect(['new', 'open', 'closed', 'all', undefined].map(isInboxTab)).toEqual([true, true, true, false, false]);
  });

  it('writes sizes for people', () => {
    expect([820, 14 * 1024, 2.4 * 1024 * 1024].map(sizeText)).toEqual(['820 B', '14 KB', '2.4 MB']);
  });
});

describe('caseProblemText', () => {
  const t = translator('vi');
  const said = ['worded differently'];

  it('names a refused document by its number and what is wrong with it, by the problem’s code', () => {
    const at = (code?: 'file_type' | 'too_large') => ({ field: 'documents[1].contentBase64', messages: said, code });
    expect(caseProblemText(at('file_type'), t)).toBe(t('lt.error.fileType', { n: '2' }));
    expect(caseProblemText(at('too_large'), t)).toBe(t('lt.error.fileSize', { n: '2' }));
    expect(caseProblemText(at(), t)).toBe(t('lt.error.fileUnreadable', { n: '2' }));
    expect(caseProblemText({ field: 'documents[0].fileName', messages: said }, t)).toBe(
      t('lt.error.fileName', { n: '1' }),
    );
    expect(caseProblemInput('documents[1].contentBase64')).toBe('files');
  });

  it('asks for what must be supplemented when the note is required, else for a shorter note', () => {
    expect(caseProblemText({ field: 'note', messages: said, code: 'required' }, t)).toBe(t('lt.error.noteSupplement'));
    expect(caseProblemText({ field: 'note', messages: said }, t)).toBe(t('lt.error.noteLength'));
    expect(caseProblemInput('note')).toBe('note');
    expect(caseProblemInput('somethingElse')).toBe('action');
  });
});
