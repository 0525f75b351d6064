// The legal basis of a decision and how it is appealed, as in force on the decision date.
import type { DecisionKind } from '@skyddsnat/domain';
import { getProvision, type LegalProvision, type ProvisionId } from './legal-references.ts';

export type AppealRoute =
  /** Förvaltningsbesvär to the administrative court, under the appeal provision cited. */
  | { readonly kind: 'administrative_appeal'; readonly provision: LegalProvision<ProvisionId> }
  /** Not appealable by förvaltningsbesvär: only laglighetsprövning (kommunallagen 13 kap.). */
  | { readonly kind: 'legality_review' };

export type DecisionLegalBasis = {
  /** The provisions the decision is made under, most specific last. */
  readonly provisions: readonly LegalProvision<ProvisionId>[];
  readonly appeal: AppealRoute;
};

const BASIS_BY_KIND: Readonly<Record<DecisionKind, readonly ProvisionId[]>> = {
  regular: ['economic-assistance.right', 'economic-assistance.norm-calculation'],
  emergency: ['economic-assistance.right'],
  reduction: ['economic-assistance.right', 'economic-assistance.reduction'],
  beyond_entitlement: ['economic-assistance.beyond-entitlement'],
};

/**
 * The paragraphs in force on `decisionDate` (`YYYY-MM-DD`) for a decision of `kind`, and its
 * appeal route. Appeals follow the law of the decision date (SFS 2025:400 transitional
 * provision 6), so the appeal provision is looked up on the same date. Throws when the catalogue
 * has no version in force (e.g. 12 kap. 2 § before 2025-07-01): a decision must never cite a guess.
 */
export function decisionLegalBasis(kind: DecisionKind, decisionDate: string): DecisionLegalBasis {
  const provisions = BASIS_BY_KIND[kind].map((id) => getProvision(id, decisionDate));
  const appeal: AppealRoute =
    kind === 'beyond_entitlement'
      ? { kind: 'legality_review' }
      : { kind: 'administrative_appeal', provision: getProvision('appeal', decisionDate) };
  return { provisions, appeal };
}
