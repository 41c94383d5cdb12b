import { citizenTimeline, DossierEventView } from './dossier-query.service';

let seq = 0;
const entry = (action: string, extra: Partial<DossierEventView> = {}): DossierEventView => ({
  id: String(++seq),
  action,
  fromStatus: 'awaiting_agency',
  toStatus: 'awaiting_agency',
  actorName: 'Hệ thống liên thông',
  actorRole: 'system',
  actorAgency: null,
  reason: null,
  data: {},
  occurredAt: new Date('2026-03-02T05:00:00Z'),
  ...extra,
});

describe('citizenTimeline', () => {
  const trail: DossierEventView[] = [
    entry('forward_to_agency', {
      fromStatus: 'in_process',
      actorName: 'Trần Minh Tuấn',
      actorRole: 'specialist',
      actorAgency: '000.17.22.H56',
      data: { routeId: 'r-1', round: 1 },
    }),
    entry('agency_case_opened', {
      data: {
        caseId: '6f1c0a52-1d1e-4d53-9d35-2f0d6a0c1b11',
        stepCode: 'xac-minh-cu-tru',
        agency: '000.31.22.H56',
        mode: 'push',
        dueAt: '2026-03-05T10:00:00.000Z',
      },
    }),
    entry('agency_case_opened', { data: { caseId: 'c-2', agency: '000.40.17.H56', mode: 'pull' } }),
    entry('agency_acknowledged', {
      actorName: 'Hoàng Văn Nam',
      actorRole: 'agency_officer',
      actorAgency: '000.31.22.H56',
      reason: 'Ghi chú nội bộ của công an',
      data: { caseId: 'c-1' },
    }),
    entry('agency_case_opened', { data: { caseId: 'c-3' } }),
  ];

  it('names the agencies the dossier went to by their electronic ID, with nothing else of their cases', () => {
    const view = citizenTimeline(trail);
    const opened = view.filter((e) => e.action === 'agency_case_opened');
    expect(opened.map((e) => e.data)).toEqual([{ agency: '000.31.22.H56' }, { agency: '000.40.17.H56' }, {}]);
    expect(opened.every((e) => e.actorName === null && e.reason === null)).toBe(true);
  });

  it('keeps the dossier’s own steps without staff identity or internal data, and drops the agencies’ notes', () => {
    const view = citizenTimeline(trail);
    expect(view.map((e) => e.action)).toEqual([
      'forward_to_agency',
      'agency_case_opened',
      'agency_case_opened',
      'agency_case_opened',
    ]);
    expect(view[0]).toMatchObject({ actorName: null, actorRole: 'specialist', data: {} });
    const text = JSON.stringify(view);
    for (const internal of ['Ghi chú nội bộ', 'Hoàng Văn Nam', 'Trần Minh Tuấn', 'caseId', 'stepCode', 'dueAt', 'push'])
      expect(text).not.toContain(internal);
  });
});
