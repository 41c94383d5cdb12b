import { citizenTimeline, DossierEventView } from '@app/dossiers';
import {
  citizenHistory,
  forwardedAgencyCodes,
  ProgressDossier,
  ProgressEvent,
  progressSteps,
} from './citizen-progress';

const at = (iso: string) => new Date(iso);
const ev = (action: string, toStatus: string, iso: string, extra: Partial<ProgressEvent> = {}): ProgressEvent => ({
  action,
  toStatus,
  reason: null,
  data: {},
  occurredAt: at(iso),
  ...extra,
});
const base: ProgressDossier = {
  status: 'submitted',
  submitted_at: at('2026-03-02T02:00:00Z'),
  received_at: null,
  result_ready_at: null,
  returned_at: null,
  closed_at: null,
  due_at: null,
};

describe('progressSteps', () => {
  it('shows a submitted dossier waiting for reception, with the date of submission in Vietnamese format', () => {
    const steps = progressSteps(base, [ev('submit', 'submitted', '2026-03-02T02:00:00Z')], 'vi');
    expect(steps.map((s) => [s.key, s.state])).toEqual([
      ['submitted', 'done'],
      ['received', 'current'],
      ['processing', 'upcoming'],
      ['result', 'upcoming'],
      ['returned', 'upcoming'],
    ]);
    expect(steps[0]?.date).toBe('02/03/2026');
    expect(steps[1]?.note).toBe('Cán bộ tiếp nhận đang kiểm tra hồ sơ.');
  });

  it('names the agencies a dossier in liên thông is with, and the due date once processing', () => {
    const row: ProgressDossier = {
      ...base,
      status: 'awaiting_agency',
      received_at: at('2026-03-02T03:00:00Z'),
      due_at: at('2026-03-05T10:00:00Z'),
    };
    const events = [
      ev('receive', 'received', '2026-03-02T03:00:00Z'),
      ev('assign', 'in_process', '2026-03-02T04:00:00Z'),
      ev('forward_to_agency', 'awaiting_agency', '2026-03-02T05:00:00Z'),
    ];
    const steps = progressSteps(row, events, 'vi', ['Công an phường Thủy Biều', 'BHXH thành phố Huế']);
    expect(steps.find((s) => s.key === 'processing')).toMatchObject({ state: 'done', date: '02/03/2026' });
    const result = steps.find((s) => s.key === 'result');
    expect(result?.state).toBe('current');
    expect(result?.note).toContain('Công an phường Thủy Biều, BHXH thành phố Huế');
  });

  it('ends a refused dossier at reception, saying so with the date', () => {
    const row: ProgressDossier = { ...base, status: 'refused', closed_at: at('2026-03-03T02:00:00Z') };
    const steps = progressSteps(
      row,
      [ev('refuse', 'refused', '2026-03-03T02:00:00Z', { reason: 'Sai thủ tục' })],
      'vi',
    );
    expect(steps[1]).toMatchObject({ state: 'stopped', note: 'Từ chối tiếp nhận ngày 03/03/2026.' });
    expect(steps.slice(2).every((s) => s.state === 'upcoming')).toBe(true);
  });

  it('marks every step done once the result is returned', () => {
    const row: ProgressDossier = {
      ...base,
      status: 'returned',
      received_at: at('2026-03-02T03:00:00Z'),
      result_ready_at: at('2026-03-04T03:00:00Z'),
      returned_at: at('2026-03-05T03:00:00Z'),
    };
    const steps = progressSteps(row, [ev('assign', 'in_process', '2026-03-02T04:00:00Z')], 'en');
    expect(steps.every((s) => s.state === 'done')).toBe(true);
    expect(steps[4]).toMatchObject({ title: 'Result returned', date: '05/03/2026' });
  });
});

describe('citizenHistory', () => {
  const events = [
    ev('create', 'draft', '2026-03-02T01:00:00Z'),
    ev('submit', 'submitted', '2026-03-02T02:00:00Z'),
    ev('receive', 'received', '2026-03-02T03:00:00Z'),
    ev('assign', 'in_process', '2026-03-02T04:00:00Z'),
    ev('forward_to_agency', 'awaiting_agency', '2026-03-02T05:00:00Z'),
    ev('agency_case_opened', 'awaiting_agency', '2026-03-02T05:00:01Z', { data: { agency: '000.31.22.H56' } }),
    ev('agency_case_opened', 'awaiting_agency', '2026-03-02T05:00:02Z', { data: { agency: '000.40.17.H56' } }),
    ev('agency_acknowledged', 'awaiting_agency', '2026-03-02T06:00:00Z', { reason: 'ghi chú nội bộ' }),
    ev('deadline_near_due', 'awaiting_agency', '2026-03-03T06:00:00Z'),
    ev('submit_for_approval', 'awaiting_approval', '2026-03-04T01:00:00Z'),
    ev('send_back', 'in_process', '2026-03-04T02:00:00Z', { reason: 'sửa lại' }),
    ev('submit_for_approval', 'awaiting_approval', '2026-03-04T03:00:00Z'),
    ev('approve', 'result_ready', '2026-03-04T04:00:00Z'),
  ];
  const names: Record<string, string> = {
    '000.31.22.H56': 'Công an phường Thủy Biều',
    '000.40.17.H56': 'BHXH thành phố Huế',
  };

  it('keeps what concerns the citizen, names the agencies once, and hides internal hand-overs and notes', () => {
    const history = citizenHistory(events, 'vi', (c) => names[c] ?? c);
    expect(history.map((h) => h.text)).toEqual([
      'Lập hồ sơ',
      'Nộp hồ sơ',
      'Tiếp nhận hồ sơ',
      'Chuyển hồ sơ đến: Công an phường Thủy Biều, BHXH thành phố Huế',
      'Phê duyệt',
    ]);
    expect(history.every((h) => h.reason === null)).toBe(true);
    expect(history[1]?.when).toBe('09:00 ngày 02/03/2026');
  });

  it('folds consecutive repeats of one action', () => {
    const twice = [
      ev('supplement', 'submitted', '2026-03-02T02:00:00Z'),
      ev('supplement', 'submitted', '2026-03-02T02:05:00Z'),
    ];
    expect(citizenHistory(twice, 'vi', (c) => c)).toHaveLength(1);
  });

  it('lists the agencies a dossier went to, each once', () => {
    expect(forwardedAgencyCodes([...events, ...events.slice(5, 6)])).toEqual(['000.31.22.H56', '000.40.17.H56']);
  });
});

describe('the citizen page from the citizen-facing trail', () => {
  it('names the agencies a forwarded dossier went to, from the trail as the citizen receives it', () => {
    const stored = (action: string, iso: string, extra: Partial<DossierEventView> = {}): DossierEventView => ({
      id: iso,
      action,
      fromStatus: 'in_process',
      toStatus: 'awaiting_agency',
      actorName: 'Hệ thống liên thông',
      actorRole: 'system',
      actorAgency: null,
      reason: null,
      data: {},
      occurredAt: at(iso),
      ...extra,
    });
    const trail = citizenTimeline([
      stored('forward_to_agency', '2026-03-02T05:00:00Z', { actorName: 'Trần Minh Tuấn', actorRole: 'specialist' }),
      stored('agency_case_opened', '2026-03-02T05:00:01Z', {
        data: { caseId: 'c-1', stepCode: 'cu-tru', agency: '000.31.22.H56', mode: 'push', dueAt: '2026-03-05' },
      }),
      stored('agency_case_opened', '2026-03-02T05:00:02Z', { data: { caseId: 'c-2', agency: '000.40.17.H56' } }),
    ]);
    const names: Record<string, string> = {
      '000.31.22.H56': 'Công an phường Thủy Biều',
      '000.40.17.H56': 'BHXH thành phố Huế',
    };
    expect(forwardedAgencyCodes(trail)).toEqual(['000.31.22.H56', '000.40.17.H56']);
    expect(citizenHistory(trail, 'vi', (c) => names[c] ?? c).map((h) => h.text)).toEqual([
      'Chuyển hồ sơ đến: Công an phường Thủy Biều, BHXH thành phố Huế',
    ]);
  });
});
