import { ROLES, Role } from '@app/auth';
import {
  actionSide,
  Actor,
  applicableActions,
  availableActions,
  checkTransition,
  citizenMayDownloadResult,
  closesRoundEarly,
  missingFor,
  needsAssignee,
  statusesAllowing,
  DOSSIER_ACTIONS,
  DOSSIER_STATUSES,
  DossierAction,
  DossierStatus,
  NATIONAL_STATUS_CODE,
  resumeStatusFor,
} from './dossier.lifecycle';

type Who = 'owner' | Role;

/**
 * The lifecycle written down independently of the implementation: action → from-statuses, who may act, target.
 * Every (status, action, actor) combination not listed here must be rejected.
 */
const EXPECTED: Record<DossierAction, { from: DossierStatus[]; who: Who[]; to: DossierStatus | 'resume' }> = {
  submit: { from: ['draft'], who: ['owner', 'clerk'], to: 'submitted' },
  withdraw: {
    from: [
      'submitted',
      'received',
      'supplement_requested',
      'in_process',
      'awaiting_agency',
      'awaiting_financial_obligation',
      'awaiting_approval',
    ],
    who: ['owner', 'clerk'],
    to: 'withdrawn',
  },
  receive: { from: ['submitted'], who: ['clerk'], to: 'received' },
  refuse: { from: ['submitted'], who: ['clerk'], to: 'refused' },
  request_supplement: { from: ['submitted', 'in_process'], who: ['clerk', 'specialist'], to: 'supplement_requested' },
  supplement: { from: ['supplement_requested'], who: ['owner', 'clerk'], to: 'resume' },
  assign: { from: ['received', 'in_process'], who: ['clerk', 'leader'], to: 'in_process' },
  forward_to_agency: { from: ['in_process'], who: ['clerk', 'specialist'], to: 'awaiting_agency' },
  agency_answered: { from: ['awaiting_agency'], who: ['clerk', 'specialist', 'agency_officer'], to: 'in_process' },
  request_financial_obligation: { from: ['in_process'], who: ['specialist'], to: 'awaiting_financial_obligation' },
  financial_obligation_met: { from: ['awaiting_financial_obligation'], who: ['clerk', 'specialist'], to: 'in_process' },
  submit_for_approval: { from: ['in_process'], who: ['specialist'], to: 'awaiting_approval' },
  approve: { from: ['awaiting_approval'], who: ['leader'], to: 'result_ready' },
  send_back: { from: ['awaiting_approval'], who: ['leader'], to: 'in_process' },
  return_result: { from: ['result_ready'], who: ['clerk'], to: 'returned' },
  stop: {
    from: [
      'received',
      'supplement_requested',
      'in_process',
      'awaiting_agency',
      'awaiting_financial_obligation',
      'awaiting_approval',
    ],
    who: ['leader'],
    to: 'stopped',
  },
  notify_early_return: { from: ['result_ready'], who: ['clerk'], to: 'result_ready' },
  request_correction: { from: ['returned'], who: ['clerk'], to: 'in_process' },
  // Taken by the deadline scanner only: nobody may take it through the lifecycle's actors.
  close_unsupplemented: { from: ['supplement_requested'], who: [], to: 'stopped' },
};

const WHO: Who[] = ['owner', ...ROLES];
const actorOf = (who: Who): Actor => (who === 'owner' ? { kind: 'owner' } : { kind: 'staff', roles: [who] });

describe('dossier lifecycle', () => {
  const cases = DOSSIER_STATUSES.flatMap((status) =>
    DOSSIER_ACTIONS.flatMap((action) => WHO.map((who) => [status, action, who] as const)),
  );

  it.each(cases)('%s --%s--> by %s', (status, action, who) => {
    const expected = EXPECTED[action];
    const allowed = expected.from.includes(status) && expected.who.includes(who);
    const result = checkTransition(status, action, actorOf(who), { reason: 'lý do', resumeStatus: 'in_process' });
    expect(result.ok).toBe(allowed);
    if (result.ok) expect(result.to).toBe(expected.to === 'resume' ? 'in_process' : expected.to);
    else if (!expected.from.includes(status)) expect(result.problem).toBe('not_allowed_from_status');
    else expect(result.problem).toBe('not_permitted');
  });

  it('requires a reason for refusal, supplement requests, withdrawal, sending back and stopping', () => {
    const needReason: Array<[DossierStatus, DossierAction, Who]> = [
      ['submitted', 'refuse', 'clerk'],
      ['submitted', 'request_supplement', 'clerk'],
      ['in_process', 'request_supplement', 'specialist'],
      ['received', 'withdraw', 'owner'],
      ['awaiting_approval', 'send_back', 'leader'],
      ['in_process', 'stop', 'leader'],
      ['in_process', 'request_financial_obligation', 'specialist'],
    ];
    for (const [status, action, who] of needReason) {
      expect(checkTransition(status, action, actorOf(who), { reason: '  ' })).toEqual({
        ok: false,
        problem: 'reason_required',
      });
    }
    expect(checkTransition('submitted', 'receive', actorOf('clerk')).ok).toBe(true);
  });

  it('resumes a supplemented dossier where the request was made', () => {
    expect(resumeStatusFor('submitted')).toBe('submitted');
    expect(resumeStatusFor('in_process')).toBe('in_process');
    expect(resumeStatusFor('received')).toBeNull();
    const atIntake = checkTransition('supplement_requested', 'supplement', actorOf('owner'), {
      resumeStatus: 'submitted',
    });
    expect(atIntake).toMatchObject({ ok: true, to: 'submitted' });
    expect(checkTransition('supplement_requested', 'supplement', actorOf('owner'), {})).toEqual({
      ok: false,
      problem: 'nothing_to_resume',
    });
  });

  it('offers the actions an actor may take', () => {
    expect(availableActions('submitted', actorOf('clerk')).sort()).toEqual(
      ['receive', 'refuse', 'request_supplement', 'withdraw'].sort(),
    );
    expect(availableActions('submitted', actorOf('owner'))).toEqual(['withdraw']);
    expect(availableActions('returned', actorOf('leader'))).toEqual([]);
  });

  it('maps every status to the national portal code', () => {
    expect(NATIONAL_STATUS_CODE).toMatchObject({
      submitted: 1,
      received: 2,
      refused: 3,
      in_process: 4,
      supplement_requested: 5,
      awaiting_financial_obligation: 6,
      withdrawn: 7,
      stopped: 8,
      result_ready: 9,
      returned: 10,
    });
    expect(NATIONAL_STATUS_CODE.draft).toBeNull();
  });

  describe('beyond the status', () => {
    const ready = { hasRoute: true, hasResultDocument: true, openAgencyCases: 0 };
    const specialist: Actor = { kind: 'staff', roles: ['specialist'] };

    it('names what an action lacks: a route to forward along, a result document to approve', () => {
      expect(missingFor('forward_to_agency', { ...ready, hasRoute: false })).toBe('route');
      expect(missingFor('submit_for_approval', { ...ready, hasResultDocument: false })).toBe('result_document');
      expect(missingFor('submit_for_approval', ready)).toBeNull();
      expect(statusesAllowing('receive')).toEqual(['submitted']);
    });

    it('offers only what can apply, and specialist work only to the assigned specialist', () => {
      const none = { ...ready, hasRoute: false, hasResultDocument: false };
      expect(applicableActions('in_process', specialist, none, { subject: 's1', assignee: 's1' })).not.toContain(
        'forward_to_agency',
      );
      expect(applicableActions('in_process', specialist, ready, { subject: 's1', assignee: 's1' })).toEqual(
        expect.arrayContaining(['forward_to_agency', 'submit_for_approval']),
      );
      expect(applicableActions('in_process', specialist, ready, { subject: 's2', assignee: 's1' })).toEqual([]);
      expect(needsAssignee('forward_to_agency', { kind: 'staff', roles: ['clerk', 'specialist'] })).toBe(false);
      expect(needsAssignee('submit_for_approval', specialist)).toBe(true);
    });

    it('closes a round early only while agency cases are open', () => {
      expect(closesRoundEarly('agency_answered', 'awaiting_agency', { ...ready, openAgencyCases: 2 })).toBe(true);
      expect(closesRoundEarly('agency_answered', 'awaiting_agency', ready)).toBe(false);
    });

    it('holds back an action the regime forbids now, naming what is missing', () => {
      const limited = {
        ...ready,
        limits: [{ action: 'request_supplement' as const, missing: 'supplement_window' as const, basis: 'Điều 19' }],
      };
      expect(missingFor('request_supplement', limited)).toBe('supplement_window');
      expect(missingFor('request_supplement', ready)).toBeNull();
      const clerk: Actor = { kind: 'staff', roles: ['clerk'] };
      expect(applicableActions('in_process', clerk, limited, { subject: 'c', assignee: null })).not.toContain(
        'request_supplement',
      );
      expect(applicableActions('in_process', clerk, ready, { subject: 'c', assignee: null })).toContain(
        'request_supplement',
      );
    });

    it('lets the citizen download the result only once it is returned', () => {
      const allowed = DOSSIER_STATUSES.filter((s) => citizenMayDownloadResult(s));
      expect(allowed).toEqual(['returned']);
    });
  });
});

describe('the two sides of a dossier a desk received for another agency (NĐ 118/2025 Điều 14, 20)', () => {
  const desk: Actor = { kind: 'staff', roles: ['clerk', 'specialist', 'leader'], side: 'desk' };
  const deciding: Actor = { kind: 'staff', roles: ['clerk', 'specialist', 'leader'], side: 'deciding' };

  it('leaves reception, the intake supplement, refusal and the return to the desk', () => {
    expect(availableActions('submitted', desk)).toEqual(
      expect.arrayContaining(['receive', 'refuse', 'request_supplement', 'withdraw']),
    );
    expect(availableActions('submitted', deciding)).toEqual([]);
    expect(availableActions('result_ready', desk)).toEqual(expect.arrayContaining(['return_result']));
    expect(availableActions('result_ready', deciding)).not.toContain('return_result');
  });

  it('leaves assignment, appraisal, the decision and stopping to the deciding authority', () => {
    expect(availableActions('received', deciding)).toEqual(expect.arrayContaining(['assign', 'stop']));
    expect(availableActions('received', desk)).not.toContain('assign');
    expect(availableActions('in_process', deciding)).toEqual(
      expect.arrayContaining(['request_supplement', 'submit_for_approval', 'request_financial_obligation']),
    );
    expect(availableActions('in_process', desk)).not.toContain('request_supplement');
    expect(availableActions('awaiting_approval', deciding)).toEqual(expect.arrayContaining(['approve', 'send_back']));
    expect(availableActions('awaiting_approval', desk)).toEqual(['withdraw']);
    expect(checkTransition('awaiting_approval', 'approve', desk)).toEqual({ ok: false, problem: 'not_permitted' });
  });

  it('says whose side each action is on', () => {
    expect(actionSide('request_supplement', 'submitted')).toBe('desk');
    expect(actionSide('request_supplement', 'in_process')).toBe('deciding');
    expect(actionSide('request_correction', 'returned')).toBe('desk');
    expect(actionSide('notify_early_return', 'result_ready')).toBe('desk');
    expect(actionSide('forward_to_agency', 'in_process')).toBe('deciding');
  });
});
