// The rules of a case: whether an action may be appended to its log, and the state it leads to.
import {
  APPLICATION_KINDS,
  CASE_ACTION_TYPES,
  CASE_OFFICER_ROLES,
  CLOSURE_REASONS,
  CONTACT_CHANNELS,
  DECISION_OUTCOMES,
  PAYABLE_OUTCOMES,
  type CaseAction,
  type CaseActionRecord,
  type CaseOfficerRole,
  type CorrectableCaseAction,
  type CorrectedAction,
} from './case-actions.ts';
import {
  addDays,
  instantMillis,
  isInstant,
  isPlainDate,
  isPlainMonth,
  stockholmDate,
} from './case-dates.ts';
import { violation, type CaseRuleViolation } from './case-rule-codes.ts';
import { DECISION_KINDS } from '../decisions/decision-kinds.ts';
import {
  FIRST_VISIT_DEADLINE_DAYS,
  type CaseFacts,
  type CaseState,
  type EffectiveCaseAction,
  type FirstVisitState,
} from './case-state.ts';

export type CaseActionResult =
  | { readonly ok: true; readonly state: CaseState; readonly record: CaseActionRecord }
  | CaseRuleViolation;

type FactsResult = { readonly ok: true; readonly facts: CaseFacts } | CaseRuleViolation;

const ROLE_NAMES: Record<CaseOfficerRole, string> = {
  social_worker: 'socialsekreterare',
  benefit_officer: 'bidragshandläggare',
};

/**
 * Appends `action` as the next record of the case (`state` null: a case not yet opened).
 * The one entry point the API uses: it returns the record to store with the new state.
 */
export function appendCaseAction(state: CaseState | null, action: CaseAction): CaseActionResult {
  return applyCaseAction(state, { seq: (state?.version ?? 0) + 1, action });
}

/** Validates `record` against the case so far and, if it is accepted, folds it in. Pure. */
export function applyCaseAction(
  state: CaseState | null,
  record: CaseActionRecord,
): CaseActionResult {
  const expectedSeq = (state?.version ?? 0) + 1;
  if (record.seq !== expectedSeq) {
    return violation(
      'invalid_seq',
      `Händelsen har löpnummer ${record.seq} men nästa löpnummer i ärendet är ${expectedSeq}.`,
    );
  }
  const { action } = record;
  const type: unknown = action.type;
  if (!(CASE_ACTION_TYPES as readonly unknown[]).includes(type)) {
    return violation('unknown_action', `Händelsetypen "${String(type)}" finns inte.`);
  }
  if (!isInstant(action.at)) {
    return violation(
      'invalid_instant',
      'Tidpunkten ska anges som ÅÅÅÅ-MM-DDTtt:mm:ss med tidszon, till exempel 2025-03-01T09:30:00Z.',
    );
  }
  if (!hasText(action.by)) return required('användare');
  if (state && instantMillis(action.at) < instantMillis(state.lastActionAt)) {
    return violation(
      'out_of_order',
      `Händelsen är daterad ${action.at}, före ärendets senaste händelse (${state.lastActionAt}).`,
    );
  }

  const log = [...(state?.log ?? []), record];
  if (action.type === 'corrected') {
    if (!state) return openedFirst();
    return applyCorrection(state, action, record.seq, log);
  }
  const decided = decide(state, action);
  if (!decided.ok) return decided;
  const effectiveActions: readonly EffectiveCaseAction[] = [
    ...(state?.effectiveActions ?? []),
    { seq: record.seq, action, correctedBySeq: null },
  ];
  return {
    ok: true,
    record,
    state: {
      ...decided.facts,
      lastActionAt: action.at,
      version: record.seq,
      effectiveActions,
      log,
    },
  };
}

/**
 * A correction is accepted when the case still replays with it in effect: the corrected seq must
 * pass its own rules, and every later action must still hold. State after a correction is the
 * replay, so it never depends on the order in which mistakes were found.
 */
function applyCorrection(
  state: CaseState,
  correction: CorrectedAction,
  seq: number,
  log: readonly CaseActionRecord[],
): CaseActionResult {
  const targetSeq = correction.correctsSeq;
  const target = Number.isInteger(targetSeq) && targetSeq < seq ? log[targetSeq - 1] : undefined;
  if (!target) {
    return violation('unknown_seq', `Det finns ingen tidigare händelse ${targetSeq} att rätta.`);
  }
  if (target.action.type === 'corrected') {
    return violation(
      'cannot_correct_correction',
      `Händelse ${targetSeq} är en rättelse och kan inte rättas. Rätta händelse ${target.action.correctsSeq} på nytt i stället.`,
    );
  }
  if (!hasText(correction.reason)) return required('skäl till rättelsen');
  // Checked as unknown: a missing replacement must be refused, not read as a void.
  const replacement: unknown = correction.replacement;
  if (replacement !== null && !(isRecord(replacement) && replacement.type === target.action.type)) {
    const given = isRecord(replacement) ? String(replacement.type) : 'ingen händelse';
    return violation(
      'correction_type_mismatch',
      `En rättelse ersätter en händelse med en av samma slag, eller stryker den: händelse ${targetSeq} är "${target.action.type}", inte "${given}".`,
    );
  }
  if (replacement === null && target.action.type === 'opened') {
    return violation(
      'opened_first',
      'Att ärendet öppnades kan rättas men inte strykas: ett ärende börjar alltid med att det öppnas.',
    );
  }

  const effectiveActions = effectiveActionsOf(log);
  let facts: CaseFacts | null = null;
  for (const entry of effectiveActions) {
    const decided = decide(facts, entry.action);
    if (!decided.ok) {
      if (entry.seq === targetSeq) return decided;
      return violation(
        'correction_conflict',
        `Rättelsen går inte ihop med händelse ${entry.seq}: ${decided.message}`,
      );
    }
    facts = decided.facts;
  }
  // Unreachable: the opening can be replaced but not voided, so the replay has facts.
  if (!facts) return openedFirst();
  return {
    ok: true,
    record: { seq, action: correction },
    state: { ...facts, lastActionAt: correction.at, version: seq, effectiveActions, log },
  };
}

/** The actions in force: the latest correction of each seq replaces or voids it. */
function effectiveActionsOf(log: readonly CaseActionRecord[]): EffectiveCaseAction[] {
  const latestCorrection = new Map<number, { seq: number; action: CorrectedAction }>();
  for (const { seq, action } of log) {
    if (action.type === 'corrected') latestCorrection.set(action.correctsSeq, { seq, action });
  }
  const effective: EffectiveCaseAction[] = [];
  for (const { seq, action } of log) {
    if (action.type === 'corrected') continue;
    const correction = latestCorrection.get(seq);
    if (!correction) {
      effective.push({ seq, action, correctedBySeq: null });
      continue;
    }
    const { replacement } = correction.action;
    if (replacement === null) continue;
    // Who and when stay those of the original: the correction fixes what was recorded, not when.
    const replaced = { ...replacement, at: action.at, by: action.by } as CorrectableCaseAction;
    effective.push({ seq, action: replaced, correctedBySeq: correction.seq });
  }
  return effective;
}

/** The business rules of one action, given the facts of the case before it (null: not opened). */
function decide(facts: CaseFacts | null, action: CorrectableCaseAction): FactsResult {
  if (action.type === 'opened') return open(facts, action);
  if (!facts) return openedFirst();
  if (facts.status === 'closed' && action.type !== 'reopened') {
    return violation(
      'case_closed',
      'Ärendet är avslutat. Det går bara att öppna det igen eller att rätta en tidigare händelse.',
    );
  }
  const accept = (changes: Partial<CaseFacts>): FactsResult => ({
    ok: true,
    facts: { ...facts, ...changes },
  });

  switch (action.type) {
    case 'first_contact_recorded': {
      if (facts.firstContactAt !== null) {
        return violation(
          'first_contact_already_recorded',
          'Första kontakten är redan registrerad. Rätta den registreringen om något blev fel.',
        );
      }
      if (!isOneOf(CONTACT_CHANNELS, action.channel)) return invalidChoice('kontaktväg');
      if (!hasText(action.summary)) return required('sammanfattning');
      return accept({ firstContactAt: action.at });
    }

    case 'first_visit_booked': {
      if (facts.firstVisit.heldDate !== null) return firstVisitAlreadyHeld();
      if (!isPlainDate(action.date)) return invalidDate('nybesökets datum');
      if (action.date < facts.openedDate) return dateBeforeOpening(facts.openedDate);
      const { deadline } = facts.firstVisit;
      const late = action.date > deadline || stockholmDate(action.at) > deadline;
      const lateReason = hasText(action.lateReason) ? action.lateReason : null;
      if (late && lateReason === null) {
        return violation(
          'first_visit_late_reason_required',
          `Nybesöket ska erbjudas senast ${deadline}, 14 dagar efter att ärendet öppnades. Ange varför det blir senare.`,
        );
      }
      const firstVisit: FirstVisitState = {
        ...facts.firstVisit,
        bookedDate: action.date,
        bookedAt: action.at,
        lateReason,
        late,
      };
      return accept({ firstVisit });
    }

    case 'first_visit_held': {
      if (facts.firstVisit.bookedDate === null) {
        return violation(
          'first_visit_not_booked',
          'Nybesöket måste vara bokat innan det kan registreras som genomfört.',
        );
      }
      if (facts.firstVisit.heldDate !== null) return firstVisitAlreadyHeld();
      if (!isPlainDate(action.date)) return invalidDate('nybesökets datum');
      if (action.date < facts.openedDate) return dateBeforeOpening(facts.openedDate);
      if (action.date > stockholmDate(action.at)) {
        return violation(
          'date_in_future',
          `Ett nybesök kan inte registreras som genomfört ${action.date}, det datumet har inte varit än.`,
        );
      }
      return accept({ firstVisit: { ...facts.firstVisit, heldDate: action.date } });
    }

    case 'application_received': {
      if (!isPlainMonth(action.month)) return invalidMonth();
      if (!isOneOf(APPLICATION_KINDS, action.kind)) return invalidChoice('typ av ansökan');
      if (facts.applications.some((a) => a.month === action.month)) {
        return violation(
          'duplicate_application',
          `Det finns redan en ansökan för ${action.month}. Rätta den i stället för att registrera en till.`,
        );
      }
      const applications = [
        ...facts.applications,
        { month: action.month, kind: action.kind, receivedAt: action.at },
      ].sort(byMonth);
      return accept({
        applications,
        pendingApplicationMonths: [...facts.pendingApplicationMonths, action.month].sort(),
      });
    }

    case 'investigation_started': {
      if (facts.investigationStartedAt !== null) {
        return violation('investigation_already_started', 'Utredningen är redan påbörjad.');
      }
      return accept({ investigationStartedAt: action.at });
    }

    case 'decision_recorded': {
      if (!isPlainMonth(action.month)) return invalidMonth();
      if (!isOneOf(DECISION_OUTCOMES, action.outcome)) return invalidChoice('beslutets utfall');
      const kind = action.kind ?? 'regular';
      if (!isOneOf(DECISION_KINDS, kind)) return invalidChoice('typ av beslut');
      const decision = {
        month: action.month,
        outcome: action.outcome,
        recordedAt: action.at,
        kind,
        decisionId: action.decisionId ?? null,
      };
      const replaces = action.replacesDecisionId ?? null;
      if (replaces !== null) {
        const earlier = facts.decisions.find((d) => d.decisionId === replaces);
        if (!earlier || earlier.month !== action.month) {
          return violation(
            'replaced_decision_unknown',
            `Det finns inget beslut i kraft för ${action.month} som det nya beslutet kan ersätta.`,
          );
        }
        return accept({
          decisions: facts.decisions.map((d) => (d === earlier ? decision : d)),
        });
      }
      if (kind !== 'emergency') {
        if (!facts.applications.some((a) => a.month === action.month)) {
          return violation(
            'decision_without_application',
            `Det finns ingen ansökan för ${action.month} att besluta om.`,
          );
        }
        if (facts.decisions.some((d) => d.month === action.month && d.kind !== 'emergency')) {
          return violation(
            'decision_already_recorded',
            `Beslut för ${action.month} är redan fattat. Ett ändrat beslut är ett nytt beslut som hänvisar till det tidigare.`,
          );
        }
      }
      const decisions = [...facts.decisions, decision].sort(byMonth);
      return accept({
        decisions,
        pendingApplicationMonths:
          kind === 'emergency'
            ? facts.pendingApplicationMonths
            : facts.pendingApplicationMonths.filter((m) => m !== action.month),
      });
    }

    case 'payment_registered': {
      if (!isPlainMonth(action.month)) return invalidMonth();
      if (!Number.isSafeInteger(action.amount) || action.amount <= 0) {
        return violation('invalid_amount', 'Beloppet ska vara hela kronor och större än noll.');
      }
      const decision = facts.decisions.find((d) => d.month === action.month);
      if (!decision || !PAYABLE_OUTCOMES.includes(decision.outcome)) {
        return violation(
          'payment_without_grant',
          `Det finns inget beslut om bifall eller delvis bifall för ${action.month} att betala ut enligt.`,
        );
      }
      const payment = { month: action.month, amount: action.amount, registeredAt: action.at };
      return accept({ payments: [...facts.payments, payment] });
    }

    case 'officer_assigned': {
      if (!hasText(action.userId)) return required('handläggare');
      if (!isOneOf(CASE_OFFICER_ROLES, action.role)) return invalidChoice('roll');
      if (isAssigned(facts, action.userId, action.role)) return alreadyAssigned(action.role);
      const officer = { userId: action.userId, role: action.role, since: action.at };
      return accept({ officers: [...facts.officers, officer] });
    }

    case 'officer_unassigned': {
      if (!hasText(action.userId)) return required('handläggare');
      if (!isOneOf(CASE_OFFICER_ROLES, action.role)) return invalidChoice('roll');
      if (!isAssigned(facts, action.userId, action.role)) {
        return violation(
          'not_assigned',
          `Handläggaren är inte tilldelad ärendet som ${ROLE_NAMES[action.role]}.`,
        );
      }
      return accept({
        officers: facts.officers.filter(
          (o) => !(o.userId === action.userId && o.role === action.role),
        ),
      });
    }

    case 'handed_over': {
      if (!hasText(action.fromUserId)) return required('lämnande handläggare');
      if (!hasText(action.toUserId)) return required('mottagande handläggare');
      if (!isOneOf(CASE_OFFICER_ROLES, action.role)) return invalidChoice('roll');
      if (!hasText(action.review)) {
        return violation(
          'handover_review_required',
          'Skriv överlämningsgenomgången: det är den som nästa handläggare har att gå på.',
        );
      }
      if (action.fromUserId === action.toUserId) {
        return violation('same_officer', 'Ett ärende lämnas över till en annan handläggare.');
      }
      if (!facts.officers.some((o) => o.userId === action.fromUserId)) {
        return violation(
          'not_assigned',
          'Den som lämnar över är inte tilldelad ärendet och kan inte lämna över det.',
        );
      }
      if (isAssigned(facts, action.toUserId, action.role)) return alreadyAssigned(action.role);
      const remaining = facts.officers.filter((o) => o.userId !== action.fromUserId);
      const officer = { userId: action.toUserId, role: action.role, since: action.at };
      return accept({ officers: [...remaining, officer] });
    }

    case 'transferred': {
      if (!hasText(action.toUnitId)) return required('ny enhet');
      if (!hasText(action.toDistrictId)) return required('ny stadsdel');
      if (!hasText(action.reason)) return required('skäl till överflyttningen');
      const unitChanges = action.toUnitId !== facts.unitId;
      if (!unitChanges && action.toDistrictId === facts.districtId) {
        return violation(
          'transfer_to_same_unit',
          'Ärendet hör redan till den enheten och stadsdelen.',
        );
      }
      // Groups and officers belong to the old unit; the receiving unit assigns its own.
      return accept({
        unitId: action.toUnitId,
        districtId: action.toDistrictId,
        ...(unitChanges ? { groupId: null, officers: [] } : {}),
      });
    }

    case 'closed': {
      if (!isOneOf(CLOSURE_REASONS, action.reason)) {
        return violation(
          'closure_reason_required',
          'Ange skäl för avslut: arbete, studier, annan ersättning, flyttat, inget behov längre, avliden eller annat.',
        );
      }
      const note = hasText(action.note) ? action.note : null;
      if (action.reason === 'other' && note === null) {
        return violation(
          'closure_note_required',
          'Skriv en kommentar när skälet för avslut är "annat": den behövs för resultatuppföljningen.',
        );
      }
      return accept({
        status: 'closed',
        closure: { reason: action.reason, note, at: action.at, by: action.by },
      });
    }

    case 'reopened': {
      if (facts.status === 'open') {
        return violation('case_open', 'Ärendet är redan öppet.');
      }
      if (!hasText(action.reason)) return required('skäl till att ärendet öppnas igen');
      return accept({ status: 'open', closure: null, reopenCount: facts.reopenCount + 1 });
    }

    default: {
      const unknown: unknown = (action as { type: unknown }).type;
      return violation('unknown_action', `Händelsetypen "${String(unknown)}" finns inte.`);
    }
  }
}

function open(
  facts: CaseFacts | null,
  action: CorrectableCaseAction & { type: 'opened' },
): FactsResult {
  if (facts) {
    return violation(
      'opened_first',
      'Ärendet är redan öppnat; ett ärende öppnas bara en gång. Ett avslutat ärende öppnas igen.',
    );
  }
  if (!hasText(action.districtId)) return required('stadsdel');
  if (!hasText(action.unitId)) return required('enhet');
  const groupId = action.groupId ?? null;
  if (groupId !== null && !hasText(groupId)) return required('grupp');
  if (!isOneOf(CONTACT_CHANNELS, action.channel)) return invalidChoice('kontaktväg');
  const openedDate = stockholmDate(action.at);
  return {
    ok: true,
    facts: {
      status: 'open',
      districtId: action.districtId,
      unitId: action.unitId,
      groupId,
      openedAt: action.at,
      openedDate,
      openedBy: action.by,
      openingChannel: action.channel,
      firstContactAt: null,
      firstVisit: {
        deadline: addDays(openedDate, FIRST_VISIT_DEADLINE_DAYS),
        bookedDate: null,
        bookedAt: null,
        lateReason: null,
        heldDate: null,
        late: false,
      },
      applications: [],
      pendingApplicationMonths: [],
      investigationStartedAt: null,
      decisions: [],
      payments: [],
      officers: [],
      closure: null,
      reopenCount: 0,
    },
  };
}

function isAssigned(facts: CaseFacts, userId: string, role: CaseOfficerRole): boolean {
  return facts.officers.some((o) => o.userId === userId && o.role === role);
}

// Values arrive from requests and storage: checked as unknown, whatever the static type says.
function hasText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isOneOf<T extends string>(options: readonly T[], value: unknown): value is T {
  return (options as readonly unknown[]).includes(value);
}

function byMonth(a: { month: string }, b: { month: string }): number {
  return a.month < b.month ? -1 : a.month > b.month ? 1 : 0;
}

const openedFirst = (): CaseRuleViolation =>
  violation('opened_first', 'Ärendet måste öppnas (aktualiseras) innan något annat registreras.');
const required = (field: string): CaseRuleViolation =>
  violation('field_required', `Fyll i ${field}.`);
const invalidChoice = (field: string): CaseRuleViolation =>
  violation('invalid_choice', `Välj ${field} bland alternativen.`);
const invalidDate = (field: string): CaseRuleViolation =>
  violation('invalid_date', `Ange ${field} som ett datum som finns, skrivet ÅÅÅÅ-MM-DD.`);
const invalidMonth = (): CaseRuleViolation =>
  violation('invalid_month', 'Ange månaden som ÅÅÅÅ-MM, till exempel 2025-03.');
const dateBeforeOpening = (openedDate: string): CaseRuleViolation =>
  violation('date_before_opening', `Datumet ligger före ${openedDate}, då ärendet öppnades.`);
const firstVisitAlreadyHeld = (): CaseRuleViolation =>
  violation(
    'first_visit_already_held',
    'Nybesöket är redan genomfört. Rätta registreringen om något blev fel.',
  );
const alreadyAssigned = (role: CaseOfficerRole): CaseRuleViolation =>
  violation('already_assigned', `Handläggaren är redan tilldelad ärendet som ${ROLE_NAMES[role]}.`);
