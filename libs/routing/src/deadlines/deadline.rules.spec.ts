import {
  closureNotifications,
  caseNotifications,
  CaseDeadlineFacts,
  deadlineTransition,
  dossierNotifications,
  DossierDeadlineFacts,
  IntakeTimerFacts,
  intakeNotifications,
  intakeTimerSteps,
  vietnamTime,
} from './deadline.rules';
import { nth } from '@app/testing';

const HOUR = 3600_000;
const WINDOW = 24 * HOUR;
const due = new Date('2025-04-10T10:00:00Z'); // 17:00 in Vietnam
const at = (offsetMs: number) => new Date(due.getTime() + offsetMs);
const fresh = { dueAt: due, nearDueNotifiedAt: null, overdueFlaggedAt: null };

describe('deadline transitions', () => {
  it('is quiet before the window, near due inside it, overdue from the due time on', () => {
    expect(deadlineTransition(fresh, at(-WINDOW - 1), WINDOW)).toBeNull();
    expect(deadlineTransition(fresh, at(-WINDOW), WINDOW)).toBe('near_due');
    expect(deadlineTransition(fresh, at(-1), WINDOW)).toBe('near_due');
    expect(deadlineTransition(fresh, at(0), WINDOW)).toBe('overdue');
    expect(deadlineTransition(fresh, at(30 * 24 * HOUR), WINDOW)).toBe('overdue');
  });

  it('records each transition once per due time', () => {
    const warned = { ...fresh, nearDueNotifiedAt: at(-2 * HOUR) };
    expect(deadlineTransition(warned, at(-HOUR), WINDOW)).toBeNull();
    expect(deadlineTransition(warned, at(HOUR), WINDOW)).toBe('overdue');
    const flagged = { ...warned, overdueFlaggedAt: at(HOUR) };
    expect(deadlineTransition(flagged, at(5 * HOUR), WINDOW)).toBeNull();
  });

  it('goes straight to overdue when the whole window was missed (no late near-due warning)', () => {
    expect(deadlineTransition(fresh, at(3 * HOUR), WINDOW)).toBe('overdue');
  });

  it('watches a due time moved later (Mẫu 04 apology) afresh', () => {
    const newDue = at(5 * 24 * HOUR);
    const moved = { dueAt: newDue, nearDueNotifiedAt: at(-2 * HOUR), overdueFlaggedAt: at(HOUR) };
    const before = (ms: number) => new Date(newDue.getTime() - ms);
    expect(deadlineTransition(moved, at(2 * HOUR), WINDOW)).toBeNull();
    expect(deadlineTransition(moved, before(HOUR), WINDOW)).toBe('near_due');
    expect(deadlineTransition({ ...moved, nearDueNotifiedAt: before(HOUR) }, newDue, WINDOW)).toBe('overdue');
  });
});

describe('who is told', () => {
  const caseFacts: CaseDeadlineFacts = {
    caseId: 'case-1',
    dossierId: 'dossier-1',
    dossierCode: '000.17.22.H56-250407-0001',
    stepName: 'Đăng ký thường trú',
    caseAgencyId: 'police',
    caseAgencyName: 'Công an phường Thủy Biều',
    leadAgencyId: 'ward',
    assigneeSubject: 'chuyenvien-1',
    dueAt: due,
  };

  it('warns the officers of the agency working a step that is near due', () => {
    const n = caseNotifications('near_due', caseFacts);
    expect(n).toEqual([
      expect.objectContaining({ agencyId: 'police', role: 'agency_officer', subject: null, kind: 'case_near_due' }),
    ]);
    expect(nth(n, 0).message).toContain('hạn 10/04/2025 17:00');
  });

  it('escalates an overdue step to the lead agency’s leaders and the dossier’s specialist', () => {
    const n = caseNotifications('overdue', caseFacts);
    expect(n.map((x) => [x.agencyId, x.role, x.subject, x.kind])).toEqual([
      ['police', 'agency_officer', null, 'case_overdue'],
      ['ward', 'leader', null, 'case_overdue'],
      ['ward', null, 'chuyenvien-1', 'case_overdue'],
    ]);
    expect(n.every((x) => x.agencyCaseId === 'case-1' && x.dossierId === 'dossier-1')).toBe(true);
    expect(caseNotifications('overdue', { ...caseFacts, assigneeSubject: null })).toHaveLength(2);
  });

  const dossierFacts: DossierDeadlineFacts = {
    dossierId: 'dossier-1',
    dossierCode: '000.17.22.H56-250407-0001',
    procedureName: 'Xác nhận tình trạng hôn nhân',
    agencyId: 'ward',
    assigneeSubject: 'chuyenvien-1',
    dueAt: due,
  };

  it('warns the assigned specialist and the desk of a dossier near due', () => {
    expect(dossierNotifications('near_due', dossierFacts).map((x) => [x.role, x.subject, x.kind])).toEqual([
      [null, 'chuyenvien-1', 'dossier_near_due'],
      ['clerk', null, 'dossier_near_due'],
    ]);
  });

  it('flags an overdue dossier to the desk and the leaders and asks for the Mẫu 04 apology', () => {
    expect(dossierNotifications('overdue', dossierFacts).map((x) => [x.role, x.subject, x.kind])).toEqual([
      ['clerk', null, 'dossier_overdue'],
      ['leader', null, 'dossier_overdue'],
      [null, 'chuyenvien-1', 'apology_needed'],
    ]);
    const unassigned = dossierNotifications('overdue', { ...dossierFacts, assigneeSubject: null });
    expect(unassigned[2]).toMatchObject({ role: 'specialist', subject: null, kind: 'apology_needed' });
    expect(nth(unassigned, 2).message).toMatch(/Mẫu 04/);
  });

  it('writes times as Vietnam reads them', () => {
    expect(vietnamTime(due)).toBe('10/04/2025 17:00');
    expect(vietnamTime(new Date('2025-12-31T20:30:00Z'))).toBe('01/01/2026 03:30');
  });
});

describe('a dossier closed for want of its supplement', () => {
  it('tells the desk, whose duty the closure is, and the specialist who asked, with the article', () => {
    const planned = closureNotifications({
      dossierId: 'd1',
      dossierCode: '000.17.22.H56-250704-0001',
      procedureName: 'Xác nhận tình trạng hôn nhân',
      agencyId: 'ward',
      assigneeSubject: 's1',
      supplementDueAt: new Date('2025-07-22T00:00:00+07:00'),
      basis: 'NĐ 118/2025 Điều 19 khoản 5',
    });
    expect(planned.map((n) => [n.role, n.subject, n.kind])).toEqual([
      ['clerk', null, 'dossier_closed'],
      [null, 's1', 'dossier_closed'],
    ]);
    expect(nth(planned, 0).message).toContain('22/07/2025 00:00');
    expect(nth(planned, 0).message).toContain('Điều 19 khoản 5');
  });
});

describe('the timers of a dossier forwarded by the national portal (NĐ 118/2025 Điều 17 khoản 2)', () => {
  const due = new Date('2026-12-04T09:00:00Z'); // 16:00 in Huế
  const facts = (over: Partial<IntakeTimerFacts> = {}): IntakeTimerFacts => ({
    dossierId: 'd1',
    code: 'G22.99-261204-0001',
    agencyId: 'ward',
    procedureName: 'Cấp Giấy xác nhận tình trạng hôn nhân',
    alertDueAt: new Date('2026-12-04T04:30:00Z'),
    alertedAt: null,
    receiptDueAt: due,
    receiptNearDueNotifiedAt: null,
    receiptOverdueFlaggedAt: null,
    answered: false,
    ...over,
  });
  const window = 2 * HOUR;

  it('alerts the desk clerks on the first scan, with the time left to receive it', () => {
    const f = facts();
    const steps = intakeTimerSteps(f, new Date(due.getTime() - 6 * HOUR), window);
    expect(steps).toEqual({ alert: true, receipt: null });
    const planned = intakeNotifications(steps, f);
    expect(planned.map((n) => [n.role, n.kind])).toEqual([['clerk', 'national_dossier_arrived']]);
    expect(nth(planned, 0).message).toContain('trước 04/12/2026 16:00');
  });

  it('warns the clerks inside the window once, then flags clerks and leaders once past the limit', () => {
    const alerted = facts({ alertedAt: new Date('2026-12-04T03:00:00Z') });
    const near = intakeTimerSteps(alerted, new Date(due.getTime() - HOUR), window);
    expect(near).toEqual({ alert: false, receipt: 'near_due' });
    expect(intakeNotifications(near, alerted).map((n) => [n.role, n.kind])).toEqual([
      ['clerk', 'national_receipt_near_due'],
    ]);
    const warned = facts({ alertedAt: alerted.alertedAt, receiptNearDueNotifiedAt: new Date(due.getTime() - HOUR) });
    expect(intakeTimerSteps(warned, new Date(due.getTime() - HOUR / 2), window)).toEqual({
      alert: false,
      receipt: null,
    });
    const late = intakeTimerSteps(warned, due, window);
    expect(late).toEqual({ alert: false, receipt: 'overdue' });
    expect(intakeNotifications(late, warned).map((n) => [n.role, n.kind])).toEqual([
      ['clerk', 'national_receipt_overdue'],
      ['leader', 'national_receipt_overdue'],
    ]);
    const flagged = facts({ alertedAt: alerted.alertedAt, receiptOverdueFlaggedAt: due });
    expect(intakeTimerSteps(flagged, new Date(due.getTime() + HOUR), window)).toEqual({ alert: false, receipt: null });
  });

  it('goes straight to overdue when the worker was down through the whole limit, alert and all', () => {
    const f = facts();
    const steps = intakeTimerSteps(f, new Date(due.getTime() + 3 * HOUR), window);
    expect(steps).toEqual({ alert: true, receipt: 'overdue' });
    expect(intakeNotifications(steps, f).map((n) => n.kind)).toEqual([
      'national_dossier_arrived',
      'national_receipt_overdue',
      'national_receipt_overdue',
    ]);
  });

  it('tells nobody of a dossier the desk answered before the scanner came by, and runs no clock without a limit', () => {
    const answered = facts({ answered: true, receiptDueAt: null });
    const steps = intakeTimerSteps(answered, new Date(due.getTime() + HOUR), window);
    expect(steps).toEqual({ alert: true, receipt: null });
    expect(intakeNotifications(steps, answered)).toEqual([]);
    const noLimit = facts({ receiptDueAt: null });
    const alertOnly = intakeNotifications(intakeTimerSteps(noLimit, due, window), noLimit);
    expect(alertOnly.map((n) => n.kind)).toEqual(['national_dossier_arrived']);
    expect(nth(alertOnly, 0).message).not.toContain('trước');
  });
});
