// Decisions: every required step blocks signing when missing (generated drafts), delegation
// denies by default, and routine classification agrees with a plain restatement of its rules.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkDelegation,
  classifyContinuedApplication,
  decisionAmount,
  isAdverse,
  missingDocuments,
  overallOutcome,
  signingBlockers,
  DECISION_KINDS,
  DECISION_OUTCOMES,
  ROUTINE_RULES,
  type DelegationRule,
  type Hearing,
  type RoutineSnapshot,
  type SigningFacts,
  type StaffRole,
} from '../../src/index.ts';

const GOOD_TEXT = 'Hushållets behov är beräknat enligt riksnormen och skäliga kostnader.';
const TODAY = '2026-03-10';

const hearingArb: fc.Arbitrary<Hearing | null> = fc.oneof(
  fc.constant(null),
  fc.constant({ kind: 'applicant_material_only' as const }),
  fc.record({
    kind: fc.constant('communicated' as const),
    informedOn: fc.constant('2026-03-01'),
    replyBy: fc.constantFrom('2026-03-08', '2026-03-10', '2026-03-15'),
    replyReceivedOn: fc.constantFrom(null, '2026-03-05'),
  }),
  fc.record({
    kind: fc.constant('exception' as const),
    reason: fc.constantFrom('', 'brådskande', GOOD_TEXT),
  }),
);

const factsArb: fc.Arbitrary<SigningFacts> = fc.record({
  kind: fc.constantFrom(...DECISION_KINDS),
  outcome: fc.constantFrom(...DECISION_OUTCOMES),
  reasons: fc.constantFrom('', '   ', 'kort', GOOD_TEXT),
  legalBasis: fc.constantFrom([], ['economic-assistance.right@2025-07-01']),
  children: fc.constantFrom(
    [],
    [{ personId: 'c1', name: 'Alva' }],
    [
      { personId: 'c1', name: 'Alva' },
      { personId: 'c2', name: 'Elis' },
    ],
  ),
  childImpact: fc.constantFrom(
    [],
    [{ personId: 'c1', assessment: GOOD_TEXT }],
    [
      { personId: 'c1', assessment: GOOD_TEXT },
      { personId: 'c2', assessment: 'ok' },
    ],
    [
      { personId: 'c1', assessment: GOOD_TEXT },
      { personId: 'c2', assessment: GOOD_TEXT },
    ],
  ),
  hearing: hearingArb,
  lines: fc.array(
    fc.record({
      label: fc.constantFrom('Hyra', 'Riksnorm'),
      calculated: fc.integer({ min: 0, max: 20_000 }),
      granted: fc.integer({ min: 0, max: 20_000 }),
      deviationReason: fc.constantFrom(null, 'nej', GOOD_TEXT),
    }),
    { maxLength: 4 },
  ),
  today: fc.constant(TODAY),
});

describe('signing gate', () => {
  it('blocks exactly when a required step is missing, for generated drafts', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const codes = signingBlockers(facts).map((b) => b.code);
        const expectBlock = (code: string, missing: boolean): void => {
          expect(codes.includes(code as never), code).toBe(missing);
        };
        expectBlock('reasons_missing', facts.reasons.trim().length < 20);
        expectBlock('legal_basis_missing', facts.legalBasis.length === 0);
        const assessed = facts.childImpact.filter((c) => c.assessment.length >= 20);
        expectBlock(
          'child_impact_missing',
          facts.children.some((child) => !assessed.some((c) => c.personId === child.personId)),
        );
        const adverse = facts.kind === 'reduction' || facts.outcome !== 'granted';
        const h = facts.hearing;
        expectBlock('hearing_missing', adverse && h === null);
        expectBlock(
          'hearing_reply_period_running',
          adverse && h?.kind === 'communicated' && h.replyReceivedOn === null && h.replyBy >= TODAY,
        );
        expectBlock(
          'hearing_exception_reason_missing',
          adverse && h?.kind === 'exception' && h.reason.length < 20,
        );
        expectBlock(
          'reduction_reduces_nothing',
          facts.kind === 'reduction' && facts.outcome === 'granted',
        );
        expectBlock(
          'deviation_reason_missing',
          facts.lines.some(
            (l) => l.granted !== l.calculated && (l.deviationReason ?? '').length < 20,
          ),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('names the children whose assessment is missing', () => {
    const blockers = signingBlockers({
      kind: 'regular',
      outcome: 'granted',
      reasons: GOOD_TEXT,
      legalBasis: ['x'],
      children: [
        { personId: 'c1', name: 'Alva' },
        { personId: 'c2', name: 'Elis' },
      ],
      childImpact: [{ personId: 'c1', assessment: GOOD_TEXT }],
      hearing: null,
      lines: [],
      today: TODAY,
    });
    expect(blockers).toHaveLength(1);
    expect(blockers[0]?.message).toContain('Elis');
    expect(blockers[0]?.message).not.toContain('Alva');
  });
});

describe('amounts and outcomes', () => {
  it('pays the approved need less counted income, and calls nothing paid a refusal', () => {
    const lines = [
      { applied: 5_000, granted: 5_000 },
      { applied: 7_000, granted: 6_000 },
    ];
    expect(decisionAmount(lines, 2_000)).toBe(9_000);
    expect(overallOutcome(lines, 2_000)).toBe('partly_granted');
    expect(overallOutcome(lines, 20_000)).toBe('refused');
    expect(overallOutcome([{ applied: 5_000, granted: 5_000 }], 0)).toBe('granted');
    expect(isAdverse('reduction', 'granted')).toBe(true);
    expect(isAdverse('regular', 'granted')).toBe(false);
  });
});

describe('delegation', () => {
  const rules: DelegationRule[] = [
    { role: 'benefit_officer', kind: 'regular', maxAmount: 15_000, mayDecideAdverse: false },
    { role: 'social_worker', kind: 'regular', maxAmount: 30_000, mayDecideAdverse: true },
    { role: 'supervisor', kind: 'regular', maxAmount: null, mayDecideAdverse: true },
    { role: 'supervisor', kind: 'reduction', maxAmount: null, mayDecideAdverse: true },
  ];

  it('allows only a signer whose rule covers kind, amount and adversity, and routes the rest', () => {
    fc.assert(
      fc.property(
        fc.subarray<StaffRole>([
          'benefit_officer',
          'social_worker',
          'supervisor',
          'reception_officer',
        ]),
        fc.constantFrom(...DECISION_KINDS),
        fc.constantFrom(...DECISION_OUTCOMES),
        fc.integer({ min: 0, max: 50_000 }),
        (roles, kind, outcome, amount) => {
          const check = checkDelegation(rules, roles, { kind, outcome, amount });
          const covering = rules.filter(
            (r) =>
              r.kind === kind &&
              (r.maxAmount === null || amount <= r.maxAmount) &&
              (r.mayDecideAdverse || !isAdverse(kind, outcome)),
          );
          expect(check.allowed).toBe(covering.some((r) => roles.includes(r.role)));
          if (!check.allowed) {
            expect([...check.eligibleRoles].sort()).toEqual(
              [...new Set(covering.map((r) => r.role))].sort(),
            );
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('denies by default: no rule, no signature', () => {
    const check = checkDelegation([], ['supervisor'], {
      kind: 'emergency',
      outcome: 'granted',
      amount: 500,
    });
    expect(check.allowed).toBe(false);
  });
});

describe('routine continued applications', () => {
  const snapshotArb: fc.Arbitrary<RoutineSnapshot> = fc.record({
    members: fc.constantFrom(
      ['a:applicant'],
      ['a:applicant', 'c:child'],
      ['a:applicant', 'p:partner'],
    ),
    costs: fc.constantFrom(
      [{ type: 'rent', amount: 6_500 }],
      [{ type: 'rent', amount: 6_900 }],
      [
        { type: 'rent', amount: 6_500 },
        { type: 'electricity', amount: 300 },
      ],
    ),
    incomeTypes: fc.constantFrom([], ['child_allowance'], ['salary']),
  });

  it('is routine exactly when nothing changed, nothing is missing and nothing is adverse', () => {
    fc.assert(
      fc.property(
        snapshotArb,
        fc.option(fc.tuple(snapshotArb, fc.integer({ min: 1, max: 15_000 }))),
        fc.integer({ min: 0, max: 15_000 }),
        fc.boolean(),
        fc.constantFrom([], ['Hyresavi']),
        fc.constantFrom([], ['Komplettering begärd']),
        fc.boolean(),
        fc.record({
          household_changed: fc.boolean(),
          costs_changed: fc.boolean(),
          would_refuse: fc.boolean(),
        }),
        (current, prev, amount, confirmed, missing, flags, derived, settings) => {
          const previous = prev ? { ...prev[0], amount: prev[1] } : null;
          const result = classifyContinuedApplication(
            {
              current,
              previous,
              calculatedAmount: amount,
              applicantConfirmed: confirmed,
              missingDocuments: missing,
              openFlags: flags,
              usesDerivedParameters: derived,
            },
            settings,
          );
          const same = (a: readonly string[], b: readonly string[]): boolean =>
            [...a].sort().join('|') === [...b].sort().join('|');
          const costs = (s: RoutineSnapshot): string[] =>
            s.costs.map((c) => `${c.type}:${String(c.amount)}`);
          const expected =
            previous !== null &&
            (!settings.household_changed || same(current.members, previous.members)) &&
            (!settings.costs_changed || same(costs(current), costs(previous))) &&
            same(current.incomeTypes, previous.incomeTypes) &&
            confirmed &&
            amount > 0 &&
            amount >= previous.amount &&
            missing.length === 0 &&
            flags.length === 0 &&
            !derived;
          // `false` switches household_changed and costs_changed off; would_refuse stays on.
          expect(result.routine).toBe(expected);
          expect(result.routine).toBe(result.reasons.length === 0);
          if (amount === 0) expect(result.reasons.map((r) => r.code)).toContain('would_refuse');
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('lists every rule with a label, and keeps the safety rules always on', () => {
    expect(ROUTINE_RULES.filter((r) => r.alwaysOn).map((r) => r.code)).toEqual([
      'no_previous_grant',
      'not_confirmed',
      'would_refuse',
      'amount_lower',
    ]);
  });
});

describe('completeness', () => {
  it('asks for the documents this household and month need', () => {
    const missing = missingDocuments(
      {
        kind: 'initial',
        costs: [
          { type: 'rent', amount: 6_500 },
          { type: 'electricity', amount: 0 },
        ],
        incomes: [
          { type: 'salary', amount: 4_000 },
          { type: 'unemployment_benefit', amount: 2_000 },
        ],
      },
      ['payslip'],
    );
    expect(missing.map((d) => d.kind)).toEqual([
      'bank_statement',
      'rent_notice',
      'benefit_statement',
    ]);
  });
});
