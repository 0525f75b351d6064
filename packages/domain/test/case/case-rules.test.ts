// The rules of a case read as sentences: each rule accepted once and refused once, with its code.
import { describe, expect, it } from 'vitest';
import {
  CaseLogError,
  allowedNextActions,
  appendCaseAction,
  applyCaseAction,
  foldCase,
  isFirstVisitOverdue,
  type CaseAction,
  type CaseActionRecord,
  type CaseState,
} from '../../src/index.ts';
import { OPENING, accept, act, on, openCase, refusal } from './case-test-support.ts';

const DAY = on('2025-03-04');

/** An open case with applications for March (granted) and April (pending). */
function caseWithDecision(outcome: 'granted' | 'partly_granted' | 'refused' = 'granted') {
  let state = openCase();
  state = accept(state, { type: 'application_received', month: '2025-03', kind: 'initial' }, DAY);
  state = accept(state, { type: 'decision_recorded', month: '2025-03', outcome }, DAY);
  return accept(state, { type: 'application_received', month: '2025-04', kind: 'continued' }, DAY);
}

function assigned(...officers: [string, 'social_worker' | 'benefit_officer'][]): CaseState {
  let state = openCase();
  for (const [userId, role] of officers) {
    state = accept(state, { type: 'officer_assigned', userId, role }, DAY);
  }
  return state;
}

describe('opening a case', () => {
  it('a case begins with its opening, and nothing can be recorded before it', () => {
    expect(refusal(null, { type: 'investigation_started' }, DAY)).toBe('opened_first');
    expect(
      refusal(null, { type: 'corrected', correctsSeq: 1, reason: 'x', replacement: null }, DAY),
    ).toBe('opened_first');
    expect(allowedNextActions(null)).toEqual(['opened']);
  });

  it('a case is opened only once', () => {
    expect(refusal(openCase(), OPENING, DAY)).toBe('opened_first');
  });

  it('an opening names its district and unit; the group may be left out', () => {
    expect(refusal(null, { ...OPENING, districtId: ' ' }, DAY)).toBe('field_required');
    expect(refusal(null, { ...OPENING, unitId: '' }, DAY)).toBe('field_required');
    expect(refusal(null, { ...OPENING, groupId: '' }, DAY)).toBe('field_required');
    const { groupId: _omitted, ...withoutGroup } = OPENING;
    expect(accept(null, withoutGroup, DAY).groupId).toBeNull();
  });

  it('the contact channel is one of phone, visit, e-service and referral', () => {
    const letter = { ...OPENING, channel: 'letter' } as unknown as typeof OPENING;
    expect(refusal(null, letter, DAY)).toBe('invalid_choice');
  });

  it('an opened case is open, at version 1, with a first-visit deadline 14 days on', () => {
    const state = openCase();
    expect(state).toMatchObject({
      status: 'open',
      districtId: 'kungsholmen',
      unitId: 'fse-ostermalm',
      groupId: 'mottagning',
      openedAt: on('2025-03-03'),
      openedDate: '2025-03-03',
      openedBy: 'u-reception',
      version: 1,
      reopenCount: 0,
      closure: null,
      firstVisit: { deadline: '2025-03-17', bookedDate: null, heldDate: null, late: false },
    });
  });

  it('the deadline counts from the opening day in Stockholm, not in UTC', () => {
    // 23:30 UTC on 3 March is 00:30 on 4 March in Stockholm.
    const lateEvening = accept(null, OPENING, '2025-03-03T23:30:00Z');
    expect(lateEvening.openedDate).toBe('2025-03-04');
    expect(lateEvening.firstVisit.deadline).toBe('2025-03-18');
    const beforeNewYear = accept(null, OPENING, '2025-12-20T12:00:00+01:00');
    expect(beforeNewYear.firstVisit.deadline).toBe('2026-01-03');
  });
});

describe('who and when', () => {
  it('every action carries an instant with a time zone', () => {
    expect(refusal(null, OPENING, '2025-03-03')).toBe('invalid_instant');
    expect(refusal(null, OPENING, '2025-03-03T09:00:00')).toBe('invalid_instant');
  });

  it('every action names who recorded it', () => {
    expect(refusal(null, OPENING, DAY, '')).toBe('field_required');
  });

  it('an action cannot be dated before the one before it; the same instant is fine', () => {
    const state = openCase();
    expect(refusal(state, { type: 'investigation_started' }, on('2025-03-03', '08:59'))).toBe(
      'out_of_order',
    );
    expect(accept(state, { type: 'investigation_started' }, on('2025-03-03')).version).toBe(2);
  });

  it('a record must carry the next seq', () => {
    const action = act({ type: 'investigation_started' }, DAY);
    const result = applyCaseAction(openCase(), { seq: 3, action });
    expect(result).toMatchObject({ ok: false, code: 'invalid_seq' });
    expect(applyCaseAction(openCase(), { seq: 2, action }).ok).toBe(true);
  });

  it('an unknown kind of action is refused, not ignored', () => {
    const action = { type: 'archived', at: DAY, by: 'u' } as unknown as CaseAction;
    expect(appendCaseAction(openCase(), action)).toMatchObject({
      ok: false,
      code: 'unknown_action',
    });
  });

  it('every refusal explains itself in Swedish', () => {
    const result = appendCaseAction(openCase(), act(OPENING, DAY));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/ärende/i);
  });
});

describe('first contact', () => {
  it('is recorded once, with a summary', () => {
    const body = {
      type: 'first_contact_recorded',
      channel: 'phone',
      summary: 'Akut hyresskuld',
    } as const;
    const state = accept(openCase(), body, DAY);
    expect(state.firstContactAt).toBe(DAY);
    expect(refusal(state, body, DAY)).toBe('first_contact_already_recorded');
    expect(refusal(openCase(), { ...body, summary: '  ' }, DAY)).toBe('field_required');
  });
});

describe('the first visit within 14 days', () => {
  const book = (date: string, lateReason?: string) =>
    ({
      type: 'first_visit_booked',
      date,
      ...(lateReason === undefined ? {} : { lateReason }),
    }) as const;

  it('a visit booked on or before the deadline needs no reason and is not late', () => {
    const state = accept(openCase(), book('2025-03-17'), DAY);
    expect(state.firstVisit).toMatchObject({
      bookedDate: '2025-03-17',
      late: false,
      lateReason: null,
    });
  });

  it('a visit booked for a day after the deadline needs a reason, and then counts as late', () => {
    expect(refusal(openCase(), book('2025-03-18'), DAY)).toBe('first_visit_late_reason_required');
    expect(refusal(openCase(), book('2025-03-18', ' '), DAY)).toBe(
      'first_visit_late_reason_required',
    );
    const state = accept(openCase(), book('2025-03-18', 'Klienten är bortrest'), DAY);
    expect(state.firstVisit).toMatchObject({ late: true, lateReason: 'Klienten är bortrest' });
  });

  it('a booking recorded after the deadline is late even for an earlier day', () => {
    // Otherwise a late booking could be back-dated into time and the follow-up would lie.
    expect(refusal(openCase(), book('2025-03-10'), on('2025-03-18'))).toBe(
      'first_visit_late_reason_required',
    );
    const state = accept(
      openCase(),
      book('2025-03-10', 'Registrerad i efterhand'),
      on('2025-03-18'),
    );
    expect(state.firstVisit.late).toBe(true);
  });

  it('a visit cannot be booked for a day before the case was opened, nor for a day that does not exist', () => {
    expect(refusal(openCase(), book('2025-03-02'), DAY)).toBe('date_before_opening');
    expect(refusal(openCase(), book('2025-02-30'), DAY)).toBe('invalid_date');
    expect(refusal(openCase(), book('2025-3-10'), DAY)).toBe('invalid_date');
  });

  it('a visit can be rebooked until it has been held', () => {
    let state = accept(openCase(), book('2025-03-10'), DAY);
    state = accept(state, book('2025-03-12'), DAY);
    expect(state.firstVisit.bookedDate).toBe('2025-03-12');
    state = accept(state, { type: 'first_visit_held', date: '2025-03-12' }, on('2025-03-12'));
    expect(state.firstVisit.heldDate).toBe('2025-03-12');
    expect(refusal(state, book('2025-03-14'), on('2025-03-12'))).toBe('first_visit_already_held');
    expect(refusal(state, { type: 'first_visit_held', date: '2025-03-12' }, on('2025-03-12'))).toBe(
      'first_visit_already_held',
    );
  });

  it('a visit is held only after it was booked, on a day that has come', () => {
    expect(refusal(openCase(), { type: 'first_visit_held', date: '2025-03-04' }, DAY)).toBe(
      'first_visit_not_booked',
    );
    const booked = accept(openCase(), book('2025-03-10'), DAY);
    expect(
      refusal(booked, { type: 'first_visit_held', date: '2025-03-10' }, on('2025-03-09')),
    ).toBe('date_in_future');
    expect(
      refusal(booked, { type: 'first_visit_held', date: '2025-03-01' }, on('2025-03-10')),
    ).toBe('date_before_opening');
  });

  it('is overdue after the deadline day when nothing has been booked', () => {
    const state = openCase();
    expect(isFirstVisitOverdue(state, '2025-03-17')).toBe(false);
    expect(isFirstVisitOverdue(state, '2025-03-18')).toBe(true);
    expect(isFirstVisitOverdue(accept(state, book('2025-03-10'), DAY), '2025-03-18')).toBe(false);
    const closed = accept(state, { type: 'closed', reason: 'moved' }, DAY);
    expect(isFirstVisitOverdue(closed, '2025-03-18')).toBe(false);
    expect(() => isFirstVisitOverdue(state, '18 mars')).toThrow(RangeError);
  });
});

describe('applications, investigation, decisions and payments', () => {
  it('one application per month, pending until a decision is recorded for it', () => {
    let state = accept(
      openCase(),
      { type: 'application_received', month: '2025-04', kind: 'initial' },
      DAY,
    );
    state = accept(
      state,
      { type: 'application_received', month: '2025-03', kind: 'continued' },
      DAY,
    );
    expect(state.applications.map((a) => a.month)).toEqual(['2025-03', '2025-04']);
    expect(state.pendingApplicationMonths).toEqual(['2025-03', '2025-04']);
    expect(
      refusal(state, { type: 'application_received', month: '2025-03', kind: 'continued' }, DAY),
    ).toBe('duplicate_application');
    state = accept(state, { type: 'decision_recorded', month: '2025-03', outcome: 'refused' }, DAY);
    expect(state.pendingApplicationMonths).toEqual(['2025-04']);
    expect(state.decisions).toEqual([
      { month: '2025-03', outcome: 'refused', recordedAt: DAY, kind: 'regular', decisionId: null },
    ]);
  });

  it('takes a replacing decision in place of the one it changes, and emergency decisions without an application', () => {
    let state = accept(
      openCase(),
      { type: 'application_received', month: '2025-03', kind: 'initial' },
      DAY,
    );
    state = accept(
      state,
      { type: 'decision_recorded', month: '2025-03', outcome: 'refused', decisionId: 'd1' },
      DAY,
    );
    expect(
      refusal(
        state,
        { type: 'decision_recorded', month: '2025-03', outcome: 'granted', decisionId: 'd2' },
        DAY,
      ),
    ).toBe('decision_already_recorded');
    expect(
      refusal(
        state,
        {
          type: 'decision_recorded',
          month: '2025-04',
          outcome: 'granted',
          decisionId: 'd2',
          replacesDecisionId: 'd1',
        },
        DAY,
      ),
    ).toBe('replaced_decision_unknown');
    state = accept(
      state,
      {
        type: 'decision_recorded',
        month: '2025-03',
        outcome: 'granted',
        decisionId: 'd2',
        replacesDecisionId: 'd1',
      },
      DAY,
    );
    expect(state.decisions.map((d) => [d.decisionId, d.outcome])).toEqual([['d2', 'granted']]);
    state = accept(
      state,
      {
        type: 'decision_recorded',
        month: '2025-05',
        outcome: 'granted',
        decisionId: 'e1',
        kind: 'emergency',
      },
      DAY,
    );
    expect(state.decisions.map((d) => [d.month, d.kind])).toEqual([
      ['2025-03', 'regular'],
      ['2025-05', 'emergency'],
    ]);
  });

  it('a month is written YYYY-MM and exists', () => {
    for (const month of ['2025-13', '2025-3', '2025-03-01', '']) {
      expect(
        refusal(openCase(), { type: 'application_received', month, kind: 'initial' }, DAY),
      ).toBe('invalid_month');
    }
  });

  it('a decision needs an application for its month, and is recorded once', () => {
    const state = caseWithDecision();
    expect(
      refusal(state, { type: 'decision_recorded', month: '2025-05', outcome: 'granted' }, DAY),
    ).toBe('decision_without_application');
    expect(
      refusal(state, { type: 'decision_recorded', month: '2025-03', outcome: 'refused' }, DAY),
    ).toBe('decision_already_recorded');
    const maybe = { type: 'decision_recorded', month: '2025-04', outcome: 'maybe' } as unknown as {
      type: 'decision_recorded';
      month: string;
      outcome: 'granted';
    };
    expect(refusal(state, maybe, DAY)).toBe('invalid_choice');
  });

  it('money is paid only for a month granted in whole or in part', () => {
    expect(
      refusal(
        caseWithDecision('refused'),
        { type: 'payment_registered', month: '2025-03', amount: 5000 },
        DAY,
      ),
    ).toBe('payment_without_grant');
    const granted = caseWithDecision('partly_granted');
    expect(
      refusal(granted, { type: 'payment_registered', month: '2025-04', amount: 5000 }, DAY),
    ).toBe('payment_without_grant');
    // Rent to the landlord and the rest to the client: two payments for one month.
    let state = accept(
      granted,
      { type: 'payment_registered', month: '2025-03', amount: 6500 },
      DAY,
    );
    state = accept(state, { type: 'payment_registered', month: '2025-03', amount: 3200 }, DAY);
    expect(state.payments.map((p) => p.amount)).toEqual([6500, 3200]);
  });

  it('an amount is whole kronor above zero', () => {
    for (const amount of [0, -100, 12.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1]) {
      expect(
        refusal(caseWithDecision(), { type: 'payment_registered', month: '2025-03', amount }, DAY),
      ).toBe('invalid_amount');
    }
  });

  it('an investigation is started once', () => {
    const state = accept(openCase(), { type: 'investigation_started' }, DAY);
    expect(state.investigationStartedAt).toBe(DAY);
    expect(refusal(state, { type: 'investigation_started' }, DAY)).toBe(
      'investigation_already_started',
    );
  });
});

describe('officers', () => {
  it('a user is assigned once per role, and may hold both roles', () => {
    const state = assigned(['u-sara', 'social_worker'], ['u-sara', 'benefit_officer']);
    expect(state.officers.map((o) => [o.userId, o.role])).toEqual([
      ['u-sara', 'social_worker'],
      ['u-sara', 'benefit_officer'],
    ]);
    expect(
      refusal(state, { type: 'officer_assigned', userId: 'u-sara', role: 'social_worker' }, DAY),
    ).toBe('already_assigned');
  });

  it('only an assigned officer can be unassigned, in the role they hold', () => {
    const state = assigned(['u-sara', 'social_worker']);
    expect(
      refusal(
        state,
        { type: 'officer_unassigned', userId: 'u-sara', role: 'benefit_officer' },
        DAY,
      ),
    ).toBe('not_assigned');
    const after = accept(
      state,
      { type: 'officer_unassigned', userId: 'u-sara', role: 'social_worker' },
      DAY,
    );
    expect(after.officers).toEqual([]);
  });

  it('a social worker hands the case over to a benefit officer after a review, and leaves it', () => {
    const state = assigned(['u-sara', 'social_worker']);
    const handover = {
      type: 'handed_over',
      fromUserId: 'u-sara',
      toUserId: 'u-bo',
      role: 'benefit_officer',
      review: 'Stabil situation, hyra direkt till hyresvärd.',
    } as const;
    const after = accept(state, handover, DAY);
    expect(after.officers.map((o) => [o.userId, o.role])).toEqual([['u-bo', 'benefit_officer']]);
    expect(refusal(state, { ...handover, review: '' }, DAY)).toBe('handover_review_required');
    expect(refusal(state, { ...handover, toUserId: 'u-sara' }, DAY)).toBe('same_officer');
    expect(refusal(state, { ...handover, fromUserId: 'u-nobody' }, DAY)).toBe('not_assigned');
    const bothThere = accept(
      state,
      { type: 'officer_assigned', userId: 'u-bo', role: 'benefit_officer' },
      DAY,
    );
    expect(refusal(bothThere, handover, DAY)).toBe('already_assigned');
  });
});

describe('transfer to another unit or district', () => {
  const transfer = {
    type: 'transferred',
    toUnitId: 'fse-norrmalm',
    toDistrictId: 'norrmalm',
    reason: 'Flytt',
  } as const;

  it('moving to another unit leaves the group and the officers behind', () => {
    const state = accept(assigned(['u-sara', 'social_worker']), transfer, DAY);
    expect(state).toMatchObject({
      unitId: 'fse-norrmalm',
      districtId: 'norrmalm',
      groupId: null,
      officers: [],
    });
  });

  it('moving to another district of the same unit keeps them', () => {
    const state = accept(
      assigned(['u-sara', 'social_worker']),
      { ...transfer, toUnitId: 'fse-ostermalm', toDistrictId: 'ostermalm' },
      DAY,
    );
    expect(state).toMatchObject({
      unitId: 'fse-ostermalm',
      districtId: 'ostermalm',
      groupId: 'mottagning',
    });
    expect(state.officers).toHaveLength(1);
  });

  it('a transfer goes somewhere else, for a reason', () => {
    expect(
      refusal(
        openCase(),
        { ...transfer, toUnitId: 'fse-ostermalm', toDistrictId: 'kungsholmen' },
        DAY,
      ),
    ).toBe('transfer_to_same_unit');
    expect(refusal(openCase(), { ...transfer, reason: '' }, DAY)).toBe('field_required');
  });
});

describe('closure and reopening', () => {
  it('a case is closed with one of the closure reasons', () => {
    const missing = { type: 'closed' } as unknown as { type: 'closed'; reason: 'work' };
    expect(refusal(openCase(), missing, DAY)).toBe('closure_reason_required');
    const unknown = { type: 'closed', reason: 'bored' } as unknown as {
      type: 'closed';
      reason: 'work';
    };
    expect(refusal(openCase(), unknown, DAY)).toBe('closure_reason_required');
    const state = accept(openCase(), { type: 'closed', reason: 'work' }, DAY, 'u-sara');
    expect(state.status).toBe('closed');
    expect(state.closure).toEqual({ reason: 'work', note: null, at: DAY, by: 'u-sara' });
  });

  it('the reason "other" needs a note', () => {
    expect(refusal(openCase(), { type: 'closed', reason: 'other' }, DAY)).toBe(
      'closure_note_required',
    );
    expect(refusal(openCase(), { type: 'closed', reason: 'other', note: ' ' }, DAY)).toBe(
      'closure_note_required',
    );
    const state = accept(
      openCase(),
      { type: 'closed', reason: 'other', note: 'Avböjer kontakt' },
      DAY,
    );
    expect(state.closure?.note).toBe('Avböjer kontakt');
  });

  it('a closed case can only be reopened or corrected', () => {
    const closed = accept(openCase(), { type: 'closed', reason: 'studies' }, DAY);
    expect(allowedNextActions(closed)).toEqual(['reopened', 'corrected']);
    expect(
      refusal(closed, { type: 'application_received', month: '2025-04', kind: 'initial' }, DAY),
    ).toBe('case_closed');
    expect(refusal(closed, { type: 'closed', reason: 'work' }, DAY)).toBe('case_closed');
  });

  it('reopening needs a closed case and a reason, and is counted', () => {
    expect(refusal(openCase(), { type: 'reopened', reason: 'Ny ansökan' }, DAY)).toBe('case_open');
    const closed = accept(openCase(), { type: 'closed', reason: 'work' }, DAY);
    expect(refusal(closed, { type: 'reopened', reason: '' }, DAY)).toBe('field_required');
    const reopened = accept(closed, { type: 'reopened', reason: 'Förlorat arbetet' }, DAY);
    expect(reopened).toMatchObject({ status: 'open', closure: null, reopenCount: 1 });
  });
});

describe('corrections supersede, never edit', () => {
  const april = { type: 'application_received', month: '2025-04', kind: 'initial' } as const;
  const correct = (correctsSeq: number, replacement: unknown, reason = 'Fel månad') =>
    ({ type: 'corrected', correctsSeq, reason, replacement }) as {
      type: 'corrected';
      correctsSeq: number;
      reason: string;
      replacement: null;
    };

  it('a correction names an earlier action that exists', () => {
    const state = accept(openCase(), april, DAY);
    for (const seq of [0, -1, 1.5, 3, 4]) {
      expect(refusal(state, correct(seq, null), DAY)).toBe('unknown_seq');
    }
  });

  it('a correction cannot be corrected; the original is corrected again instead', () => {
    let state = accept(openCase(), april, DAY);
    state = accept(state, correct(2, null), DAY);
    expect(refusal(state, correct(3, null), DAY)).toBe('cannot_correct_correction');
  });

  it('a replacement is of the same kind as the action it replaces, and present', () => {
    const state = accept(openCase(), april, DAY);
    expect(refusal(state, correct(2, { type: 'investigation_started' }), DAY)).toBe(
      'correction_type_mismatch',
    );
    expect(refusal(state, correct(2, undefined), DAY)).toBe('correction_type_mismatch');
    expect(refusal(state, { ...correct(2, null), reason: '' }, DAY)).toBe('field_required');
  });

  it('the opening can be corrected but not voided', () => {
    const state = openCase();
    expect(refusal(state, correct(1, null), DAY)).toBe('opened_first');
    const moved = accept(state, correct(1, { ...OPENING, districtId: 'norrmalm' }), DAY);
    expect(moved.districtId).toBe('norrmalm');
  });

  it('a replacement must pass the rules its seq had to pass', () => {
    const state = accept(openCase(), april, DAY);
    expect(refusal(state, correct(2, { ...april, month: '2025-13' }), DAY)).toBe('invalid_month');
  });

  it('a correction that would break a later action is refused, naming it', () => {
    let state = accept(openCase(), april, DAY);
    state = accept(state, { type: 'decision_recorded', month: '2025-04', outcome: 'granted' }, DAY);
    const result = appendCaseAction(state, act(correct(2, null), DAY));
    expect(result).toMatchObject({ ok: false, code: 'correction_conflict' });
    if (!result.ok) expect(result.message).toContain('händelse 3');
  });

  it('a corrected action keeps who and when, and the log keeps what was first recorded', () => {
    let state = accept(openCase(), april, DAY, 'u-reception');
    state = accept(state, correct(2, { ...april, month: '2025-05' }), on('2025-03-05'), 'u-sara');
    expect(state.applications).toEqual([{ month: '2025-05', kind: 'initial', receivedAt: DAY }]);
    expect(state.effectiveActions[1]).toEqual({
      seq: 2,
      action: { ...april, month: '2025-05', at: DAY, by: 'u-reception' },
      correctedBySeq: 3,
    });
    expect(state.log[1]?.action).toMatchObject({ month: '2025-04' });
    expect(state.version).toBe(3);
    expect(state.lastActionAt).toBe(on('2025-03-05'));
    // With April corrected away, a new April application is not a duplicate.
    expect(accept(state, april, on('2025-03-05')).applications).toHaveLength(2);
  });

  it('a voided application leaves no trace in the state but stays in the log', () => {
    let state = accept(openCase(), april, DAY);
    state = accept(state, correct(2, null), DAY);
    expect(state.applications).toEqual([]);
    expect(state.effectiveActions.map((e) => e.seq)).toEqual([1]);
    expect(state.log).toHaveLength(3);
  });

  it('the latest correction of a seq is the one in effect, so a void can be undone', () => {
    let state = accept(openCase(), april, DAY);
    state = accept(state, correct(2, null), DAY);
    state = accept(state, correct(2, april, 'Struken av misstag'), DAY);
    expect(state.applications.map((a) => a.month)).toEqual(['2025-04']);
    expect(state.effectiveActions[1]?.correctedBySeq).toBe(4);
  });

  it('a refused decision corrected to granted makes the month payable', () => {
    let state = caseWithDecision('refused');
    const payment = { type: 'payment_registered', month: '2025-03', amount: 4200 } as const;
    expect(refusal(state, payment, DAY)).toBe('payment_without_grant');
    state = accept(
      state,
      correct(3, { type: 'decision_recorded', month: '2025-03', outcome: 'granted' }),
      DAY,
    );
    expect(accept(state, payment, DAY).payments).toHaveLength(1);
  });

  it('a closure recorded by mistake can be voided on the closed case', () => {
    let state = accept(openCase(), { type: 'closed', reason: 'work' }, DAY);
    state = accept(state, correct(2, null, 'Fel ärende'), DAY);
    expect(state).toMatchObject({ status: 'open', closure: null, reopenCount: 0 });
  });
});

describe('allowed next actions', () => {
  it('a new case offers everything but what needs something first', () => {
    expect(allowedNextActions(openCase())).toEqual([
      'first_contact_recorded',
      'first_visit_booked',
      'application_received',
      'investigation_started',
      'officer_assigned',
      'transferred',
      'closed',
      'corrected',
    ]);
  });

  it('a pending application offers a decision, a grant offers a payment, an officer offers a hand-over', () => {
    const state = assigned(['u-sara', 'social_worker']);
    const withApplication = accept(
      state,
      { type: 'application_received', month: '2025-03', kind: 'initial' },
      DAY,
    );
    expect(allowedNextActions(withApplication)).toContain('decision_recorded');
    expect(allowedNextActions(withApplication)).not.toContain('payment_registered');
    expect(allowedNextActions(caseWithDecision('granted'))).toContain('payment_registered');
    expect(allowedNextActions(caseWithDecision('refused'))).not.toContain('payment_registered');
    expect(allowedNextActions(state)).toEqual(
      expect.arrayContaining(['officer_unassigned', 'handed_over']),
    );
  });
});

describe('folding a stored log', () => {
  function storedLog(): CaseActionRecord[] {
    const actions = [
      act(OPENING, on('2025-03-03')),
      act({ type: 'application_received', month: '2025-03', kind: 'initial' }, DAY),
      act({ type: 'decision_recorded', month: '2025-03', outcome: 'granted' }, DAY),
      act({ type: 'payment_registered', month: '2025-03', amount: 9000 }, DAY),
    ];
    return actions.map((action, index) => ({ seq: index + 1, action }));
  }

  it('gives the same state as appending one action at a time', () => {
    let state: CaseState | null = null;
    for (const { action } of storedLog()) {
      const result = appendCaseAction(state, action);
      if (!result.ok) throw new Error(result.message);
      state = result.state;
    }
    expect(foldCase(storedLog())).toEqual(state);
  });

  it('throws, naming the seq, when the stored log breaks a rule', () => {
    const log = storedLog();
    const broken = log.map((r) =>
      r.seq === 3
        ? {
            seq: 3,
            action: act({ type: 'decision_recorded', month: '2025-05', outcome: 'granted' }, DAY),
          }
        : r,
    );
    expect(() => foldCase(broken)).toThrow(CaseLogError);
    try {
      foldCase(broken);
    } catch (error) {
      expect(error).toMatchObject({ seq: 3, code: 'decision_without_application' });
      expect(String(error)).toContain('Händelse 3');
    }
  });

  it('throws on a gap in the seqs and on an empty log', () => {
    const log = storedLog();
    expect(() => foldCase([log[0], log[2]].filter((r) => r !== undefined))).toThrow(
      expect.objectContaining({ seq: 3, code: 'invalid_seq' }) as Error,
    );
    expect(() => foldCase([])).toThrow(CaseLogError);
  });
});
