// What must be in place before a decision can be signed: reasons, legal basis, the children's
// best interests, a hearing before an adverse decision, and reasons for deviating amounts.
import type { DecisionOutcome } from '../case/case-actions.ts';
import { isAdverse, type DecisionKind } from './decision-kinds.ts';

/**
 * Kommunicering (förvaltningslagen 25 §) before an adverse decision:
 * `applicant_material_only`: the decision rests only on what the applicant supplied;
 * `communicated`: the applicant was informed on `informedOn` and may reply until `replyBy`;
 * `exception`: one of 25 § andra stycket's exceptions applies, and `reason` says which.
 */
export type Hearing =
  | { readonly kind: 'applicant_material_only' }
  | {
      readonly kind: 'communicated';
      readonly informedOn: string;
      readonly replyBy: string;
      readonly replyReceivedOn: string | null;
    }
  | { readonly kind: 'exception'; readonly reason: string };

export const HEARING_KINDS = ['applicant_material_only', 'communicated', 'exception'] as const;

export type ChildInHousehold = { readonly personId: string; readonly name: string };
export type ChildImpact = { readonly personId: string; readonly assessment: string };

export type SigningFacts = {
  readonly kind: DecisionKind;
  readonly outcome: DecisionOutcome;
  readonly reasons: string;
  /** Provision keys (`id@validFrom`) the decision cites. */
  readonly legalBasis: readonly string[];
  /** Children (and school youths) in the household in the decided month. */
  readonly children: readonly ChildInHousehold[];
  readonly childImpact: readonly ChildImpact[];
  readonly hearing: Hearing | null;
  readonly lines: readonly {
    readonly label: string;
    readonly calculated: number;
    readonly granted: number;
    readonly deviationReason: string | null;
  }[];
  /** `YYYY-MM-DD` in Stockholm: the day of signing. */
  readonly today: string;
};

export const SIGNING_BLOCKER_CODES = [
  'reasons_missing',
  'legal_basis_missing',
  'child_impact_missing',
  'hearing_missing',
  'hearing_reply_period_running',
  'hearing_exception_reason_missing',
  'deviation_reason_missing',
  'reduction_reduces_nothing',
  'calculation_changed',
  'outside_delegation',
] as const;
export type SigningBlockerCode = (typeof SIGNING_BLOCKER_CODES)[number];

export type SigningBlocker = { readonly code: SigningBlockerCode; readonly message: string };

/** Shortest text accepted as a written reason or assessment: a sentence, not a token. */
export const MIN_REASON_LENGTH = 20;

function written(text: string | null | undefined): boolean {
  return (text ?? '').trim().length >= MIN_REASON_LENGTH;
}

/**
 * Every reason the decision cannot be signed yet (delegation is checked separately, by
 * `checkDelegation`), in the order an officer would fix them. Empty means it may be signed.
 */
export function signingBlockers(facts: SigningFacts): SigningBlocker[] {
  const blockers: SigningBlocker[] = [];
  if (!written(facts.reasons)) {
    blockers.push({
      code: 'reasons_missing',
      message: `Skriv en motivering (förvaltningslagen 32 §), minst ${MIN_REASON_LENGTH} tecken.`,
    });
  }
  if (facts.legalBasis.length === 0) {
    blockers.push({
      code: 'legal_basis_missing',
      message: 'Ange lagrum: den paragraf beslutet fattas enligt.',
    });
  }
  const assessed = new Set(
    facts.childImpact.filter((c) => written(c.assessment)).map((c) => c.personId),
  );
  const missingChildren = facts.children.filter((child) => !assessed.has(child.personId));
  if (missingChildren.length > 0) {
    blockers.push({
      code: 'child_impact_missing',
      message: `Beskriv hur beslutet påverkar ${missingChildren
        .map((c) => c.name)
        .join(', ')} (barnets bästa, socialtjänstlagen 3 kap. 1 §).`,
    });
  }
  if (isAdverse(facts.kind, facts.outcome)) {
    const hearing = facts.hearing;
    if (hearing === null) {
      blockers.push({
        code: 'hearing_missing',
        message:
          'Beslutet går den sökande emot: kommunicera underlaget (förvaltningslagen 25 §), ange att det bara bygger på den sökandes egna uppgifter, eller ange varför undantag gäller.',
      });
    } else if (
      hearing.kind === 'communicated' &&
      hearing.replyReceivedOn === null &&
      facts.today <= hearing.replyBy
    ) {
      blockers.push({
        code: 'hearing_reply_period_running',
        message: `Den sökande har till och med ${hearing.replyBy} på sig att svara. Vänta på svaret eller svarstidens slut.`,
      });
    } else if (hearing.kind === 'exception' && !written(hearing.reason)) {
      blockers.push({
        code: 'hearing_exception_reason_missing',
        message: `Skriv varför undantag från kommunicering gäller, minst ${MIN_REASON_LENGTH} tecken.`,
      });
    }
  }
  if (facts.kind === 'reduction' && facts.outcome === 'granted') {
    blockers.push({
      code: 'reduction_reduces_nothing',
      message:
        'En nedsättning måste sätta ned beloppet: ändra beviljat belopp eller välj ett annat slag av beslut.',
    });
  }
  const unexplained = facts.lines.filter(
    (line) => line.granted !== line.calculated && !written(line.deviationReason),
  );
  if (unexplained.length > 0) {
    blockers.push({
      code: 'deviation_reason_missing',
      message: `Beloppet avviker från beräkningen för ${unexplained
        .map((line) => line.label)
        .join(', ')}: skriv skälet (minst ${MIN_REASON_LENGTH} tecken).`,
    });
  }
  return blockers;
}
