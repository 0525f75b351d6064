// Which documents an application needs for its household and month (the completeness check).

export const DOCUMENT_KINDS = [
  'rent_notice',
  'electricity_bill',
  'payslip',
  'benefit_statement',
  'bank_statement',
  'other',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export type RequiredDocument = { readonly kind: DocumentKind; readonly reason: string };

export type ApplicationContent = {
  readonly kind: 'initial' | 'continued';
  readonly costs: readonly { readonly type: string; readonly amount: number }[];
  readonly incomes: readonly { readonly type: string; readonly amount: number }[];
};

const BENEFIT_INCOMES = new Set([
  'sickness_benefit',
  'unemployment_benefit',
  'housing_allowance',
  'maintenance_support',
]);

/** Each kind at most once, with the reason it is needed, in a stable order. */
export function requiredDocuments(application: ApplicationContent): RequiredDocument[] {
  const needed = new Map<DocumentKind, string>();
  const costTypes = new Set(application.costs.filter((c) => c.amount > 0).map((c) => c.type));
  const incomeTypes = new Set(application.incomes.filter((i) => i.amount > 0).map((i) => i.type));
  if (application.kind === 'initial') {
    needed.set('bank_statement', 'Kontoutdrag för de tre senaste månaderna vid första ansökan');
  }
  if (costTypes.has('rent')) needed.set('rent_notice', 'Hyresavi för månaden');
  if (costTypes.has('electricity')) needed.set('electricity_bill', 'Elräkning');
  if (incomeTypes.has('salary')) needed.set('payslip', 'Lönespecifikation');
  if ([...incomeTypes].some((type) => BENEFIT_INCOMES.has(type))) {
    needed.set('benefit_statement', 'Beslut eller utbetalningsbesked om ersättning');
  }
  return [...needed].map(([kind, reason]) => ({ kind, reason }));
}

/** The required documents not among those attached. */
export function missingDocuments(
  application: ApplicationContent,
  attached: readonly DocumentKind[],
): RequiredDocument[] {
  const have = new Set(attached);
  return requiredDocuments(application).filter((doc) => !have.has(doc.kind));
}
