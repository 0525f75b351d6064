// Recovery (återkrav): a decision that assistance paid under signed decisions must be repaid,
// with the legal basis of the act the assistance was granted under, a repayment plan, deductions
// only with written consent, and a letter that never prints a protected address.
import { renderPdf } from '../../pdf/render-pdf.ts';
import { sql, type ColumnType, type Generated, type Kysely } from 'kysely';
import type { DecisionKind } from '@skyddsnat/domain';
import {
  formatKronor,
  getProvision,
  isPlainDate,
  isPlainMonth,
  monthFromIndex,
  monthIndex,
  provisionVersionKey,
  SOCIAL_SERVICES_ACT_2025,
} from '@skyddsnat/rules';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.ts';
import { stockholmDate } from '../../time.ts';
import type { Actor } from '../auth/actor.ts';
import {
  contactSection,
  isBlank,
  letterRecipient,
  phoneNumber,
  recipientLines,
  decisionLetterDocument,
  swedishMonth,
  type DecisionLetterSection,
  type DecisionLetterText,
} from '../decisions/letter.ts';
import { shortReference } from '../decisions/service.ts';
import type { DecisionTables } from '../decisions/tables.ts';

// ---- Grounds and legal basis ----------------------------------------------------------------

export const RECOVERY_GROUNDS = [
  'incorrect_information',
  'failure_to_report',
  'should_have_realised',
  'advance_on_benefit',
  'labour_dispute',
  'own_means_unavailable',
  'repayment_condition',
] as const;
export type RecoveryGround = (typeof RECOVERY_GROUNDS)[number];

type GroundRule = {
  /** Swedish, as shown to staff and printed in the letter. */
  label: string;
  /** Why the assistance is reclaimed, as the letter says it to the person. */
  explanation: string;
  /** The paragraph within 33 kap. of SFS 2025:400. */
  section2025: 1 | 2 | 3;
  /** The paragraph within 9 kap. of SFS 2001:453 (for assistance granted before 2025-07-01). */
  section2001: 1 | 2;
  /** Which assistance the paragraph reaches: 12 kap. 1 § (the right) or 12 kap. 2 §. */
  reclaims: 'right' | 'beyond_entitlement';
};

/*
 * Verified in shared/reference/law-and-rules.md (3.3, SFS 2025:400 read in full): 33 kap. 1 §
 * (oriktiga uppgifter, uppgiftsskyldighet, "på annat sätt", "skäligen borde ha insett"),
 * 2 § (förskott på förmån, arbetskonflikt, hindrad att använda egna inkomster eller tillgångar;
 * the granting decision in writing, served, stating the grounds for repayment) and 3 § (12 kap.
 * 2 § assistance given under a repayment condition).
 *
 * Not confirmed: the reference gives old 9 kap. 1–2 §§ only as one mapped range. That old
 * 9 kap. 1 § is the paragraph on oriktiga uppgifter is seen in RÅ 2003:81 (lagen.nu), which also
 * applies 9 kap. 2 § to assistance given under a repayment condition; that advances on benefits,
 * labour disputes and unavailable own means were 9 kap. 2 § as well is our reading of the
 * mapping, not a confirmed text. The catalogue marks every old recovery citation 'derived'.
 */
export const RECOVERY_GROUND_RULES: Readonly<Record<RecoveryGround, GroundRule>> = {
  incorrect_information: {
    label: 'Oriktiga uppgifter',
    explanation:
      'Du har lämnat uppgifter som inte var riktiga, och därför har ekonomiskt bistånd betalats ut felaktigt eller med för högt belopp.',
    section2025: 1,
    section2001: 1,
    reclaims: 'right',
  },
  failure_to_report: {
    label: 'Uppgiftsskyldigheten har inte fullgjorts',
    explanation:
      'Du har inte lämnat uppgifter som du var skyldig att lämna, och därför har ekonomiskt bistånd betalats ut felaktigt eller med för högt belopp.',
    section2025: 1,
    section2001: 1,
    reclaims: 'right',
  },
  should_have_realised: {
    label: 'Felaktigt mottaget bistånd som borde ha insetts',
    explanation:
      'Du har tagit emot ekonomiskt bistånd felaktigt och borde skäligen ha insett att utbetalningen var felaktig.',
    section2025: 1,
    section2001: 1,
    reclaims: 'right',
  },
  advance_on_benefit: {
    label: 'Förskott i väntan på annan förmån eller ersättning',
    explanation:
      'Biståndet gavs som förskott i väntan på en annan förmån eller ersättning, och i beslutet om biståndet angavs att det skulle betalas tillbaka när förmånen eller ersättningen betalades ut.',
    section2025: 2,
    section2001: 2,
    reclaims: 'right',
  },
  labour_dispute: {
    label: 'Bistånd under arbetskonflikt',
    explanation:
      'Biståndet gavs under en arbetskonflikt, och i beslutet om biståndet angavs att det kunde återkrävas.',
    section2025: 2,
    section2001: 2,
    reclaims: 'right',
  },
  own_means_unavailable: {
    label: 'Egna inkomster eller tillgångar kunde inte användas',
    explanation:
      'Biståndet gavs när du tillfälligt inte kunde använda dina egna inkomster eller tillgångar, och i beslutet om biståndet angavs att det kunde återkrävas.',
    section2025: 2,
    section2001: 2,
    reclaims: 'right',
  },
  repayment_condition: {
    label: 'Bistånd utöver rätten till bistånd med villkor om återbetalning',
    explanation:
      'Biståndet gavs utöver det du hade rätt till, med villkor om återbetalning som angavs i beslutet om biståndet.',
    section2025: 3,
    section2001: 2,
    reclaims: 'beyond_entitlement',
  },
};

/** Grounds that reach assistance only when the granting decision stated the repayment terms. */
function needsStatedTerms(ground: RecoveryGround): boolean {
  return RECOVERY_GROUND_RULES[ground].section2025 !== 1;
}

const RECLAIMED_KINDS: Readonly<Record<GroundRule['reclaims'], readonly DecisionKind[]>> = {
  right: ['regular', 'emergency', 'reduction'],
  beyond_entitlement: ['beyond_entitlement'],
};

export type RecoveryLegalBasisEntry = {
  /** `recovery@<validFrom>` of the catalogue version behind the citation. */
  key: string;
  /** SFS number of the act: '2001:453' or '2025:400'. */
  act: string;
  citation: string;
  status: 'verified' | 'derived';
};

// "1–3 §§" → [1, 3]; "1 §" → [1, 1]. The catalogue's validator guarantees the shape.
function sectionRange(sections: string): [number, number] {
  const numbers = sections.match(/\d+/g)?.map(Number) ?? [];
  const first = numbers[0] ?? 0;
  return [first, numbers[numbers.length - 1] ?? first];
}

/**
 * The provisions a recovery on `ground` rests on, given the dates the reclaimed assistance was
 * granted. SFS 2025:400 transitional provision 5: recovery of assistance granted before
 * 2025-07-01 follows the old act, so each grant date picks its own act, and assistance granted on
 * both sides cites both. Throws when the catalogue has no recovery provision for a date.
 */
export function recoveryLegalBasis(
  ground: RecoveryGround,
  grantDates: readonly string[],
): RecoveryLegalBasisEntry[] {
  const rule = RECOVERY_GROUND_RULES[ground];
  const byKey = new Map<string, RecoveryLegalBasisEntry>();
  for (const date of grantDates) {
    const provision = getProvision('recovery', date);
    const key = provisionVersionKey(provision);
    if (byKey.has(key)) continue;
    const section =
      provision.act.sfs === SOCIAL_SERVICES_ACT_2025.sfs ? rule.section2025 : rule.section2001;
    const [from, to] = sectionRange(provision.sections);
    if (section < from || section > to) {
      throw new Error(
        `The ground '${ground}' cites ${String(section)} § but the catalogued recovery provision is ${provision.citation}`,
      );
    }
    byKey.set(key, {
      key,
      act: provision.act.sfs,
      citation: `Socialtjänstlagen (${provision.act.sfs}) ${String(provision.chapter)} kap. ${String(section)} §`,
      status: provision.status,
    });
  }
  // The older act first, as the periods ran.
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

// ---- Plan ---------------------------------------------------------------------------------

export type RepaymentPlan = {
  /** Whole kronor a month. */
  installment: number;
  /** `YYYY-MM`, the first month a payment (or deduction) falls due. */
  firstMonth: string;
  months: number;
  /** The last month's payment; equal to `installment` unless the amount does not divide evenly. */
  lastInstallment: number;
};

/** What the plan adds up to: every installment, the last one as given. */
export function planTotal(plan: RepaymentPlan): number {
  return plan.installment * (plan.months - 1) + plan.lastInstallment;
}

function planLastMonth(plan: RepaymentPlan): string {
  return monthFromIndex(monthIndex(plan.firstMonth) + plan.months - 1);
}

export const MAX_PLAN_MONTHS = 120;

// ---- Tables -------------------------------------------------------------------------------

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type JsonColumn = ColumnType<unknown, string | undefined, string>;
/** date: always read with to_char, written as `YYYY-MM-DD`. */
type DateColumn = ColumnType<unknown, string | null | undefined, string | null>;

export interface RecoveryDecisionTable {
  id: Generated<string>;
  municipality_id: string;
  case_id: string;
  status: Generated<'draft' | 'signed'>;
  ground: RecoveryGround;
  amount: number;
  reasons: string;
  repayment_terms_stated: Generated<boolean>;
  installment: number;
  last_installment: number;
  first_month: string;
  months: number;
  deduction_consent_on: DateColumn;
  paid_amount: number;
  previously_recovered: Generated<number>;
  legal_basis: JsonColumn;
  letter: ColumnType<unknown, string | null | undefined, string | null>;
  prepared_by: string;
  signed_by: string | null;
  signed_at: Date | null;
  decision_date: DateColumn;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RecoveryDecisionSourceTable {
  municipality_id: string;
  recovery_id: string;
  case_id: string;
  decision_id: string;
  decision_status: Generated<'signed'>;
}

/** The columns of app.payment_line (migration 0005) that tell what a decision has paid. */
interface PaidLineColumns {
  decision_id: string;
  status: string;
  amount: number;
}

export type RecoveryTables = DecisionTables & {
  'app.payment_line': PaidLineColumns;
  'app.recovery_decision': RecoveryDecisionTable;
  'app.recovery_decision_source': RecoveryDecisionSourceTable;
};

export type RecoveryDb = Kysely<Database & RecoveryTables>;

// ---- Letter -------------------------------------------------------------------------------

export type RecoveryLetterInput = {
  reference: string;
  /** `YYYY-MM-DD`; for a draft, the day the preview was made. */
  decisionDate: string;
  draft: boolean;
  municipality: {
    name: string;
    unitName: string;
    postalAddress: string;
    phone: string;
    email: string;
  };
  recipient: {
    name: string;
    /** Null when the address must not be printed (skyddad folkbokföring, sekretessmarkering). */
    address: { street: string; postalCode: string; city: string } | null;
    /** How the letter reaches a protected person, printed instead of an address. */
    deliveryChannel: string | null;
  };
  amount: number;
  ground: RecoveryGround;
  sources: {
    reference: string;
    month: string;
    decisionDate: string;
    /** Whole kronor paid under the decision (instructed or accepted payment lines). */
    paid: number;
  }[];
  reasons: string;
  legalBasis: { act: string; citation: string }[];
  plan: RepaymentPlan;
  /** `YYYY-MM-DD` of the written consent to deductions, or null: repayment by invoice. */
  deductionConsentOn: string | null;
  officer: { name: string; phone: string | null; email: string | null };
  decidedBy: string | null;
};

/** The letter cannot be made as it stands; `problems` lists every reason. */
export class RecoveryLetterInputError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid recovery letter input: ${problems.join('; ')}`);
    this.name = 'RecoveryLetterInputError';
    this.problems = problems;
  }
}

/** Every reason the input cannot make a letter; empty when it can. */
export function recoveryLetterProblems(input: RecoveryLetterInput): string[] {
  const problems: string[] = [];
  if (isBlank(input.reference)) problems.push('reference is empty');
  if (!isPlainDate(input.decisionDate)) problems.push('decisionDate is not YYYY-MM-DD');
  for (const [name, value] of Object.entries(input.municipality)) {
    if (isBlank(value)) problems.push(`municipality.${name} is empty`);
  }
  if (isBlank(input.recipient.name)) problems.push('recipient.name is empty');
  if (input.recipient.address === null && isBlank(input.recipient.deliveryChannel)) {
    problems.push('recipient has no address and no deliveryChannel: the letter cannot reach them');
  }
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) {
    problems.push('amount is not whole positive kronor');
  }
  if (input.sources.length === 0) problems.push('sources is empty: nothing is reclaimed');
  const paid = input.sources.reduce((sum, source) => sum + source.paid, 0);
  if (input.amount > paid)
    problems.push(`amount ${String(input.amount)} exceeds paid ${String(paid)}`);
  if (planTotal(input.plan) !== input.amount) {
    problems.push(
      `the plan adds up to ${String(planTotal(input.plan))}, not ${String(input.amount)}`,
    );
  }
  if (!isPlainMonth(input.plan.firstMonth)) problems.push('plan.firstMonth is not YYYY-MM');
  if (isBlank(input.reasons)) problems.push('reasons (motivering) is empty');
  if (input.legalBasis.length === 0) problems.push('legalBasis is empty');
  if (isBlank(input.officer.name)) problems.push('officer.name is empty');
  if (input.deductionConsentOn !== null && !isPlainDate(input.deductionConsentOn)) {
    problems.push('deductionConsentOn is not YYYY-MM-DD');
  }
  if (!input.draft && isBlank(input.decidedBy)) problems.push('decidedBy is empty');
  return problems;
}

const OLD_ACT = '2001:453';

function planSection(input: RecoveryLetterInput): DecisionLetterSection {
  const { plan } = input;
  const last = planLastMonth(plan);
  const paragraphs: string[] = [];
  if (plan.months === 1) {
    paragraphs.push(
      `Du ska betala tillbaka ${formatKronor(plan.installment)} i ${swedishMonth(plan.firstMonth)}.`,
    );
  } else if (plan.lastInstallment === plan.installment) {
    paragraphs.push(
      `Du ska betala tillbaka ${formatKronor(plan.installment)} i månaden under ${String(plan.months)} månader, från ${swedishMonth(plan.firstMonth)} till och med ${swedishMonth(last)}.`,
    );
  } else {
    paragraphs.push(
      `Du ska betala tillbaka ${formatKronor(plan.installment)} i månaden under ${String(plan.months)} månader, från ${swedishMonth(plan.firstMonth)} till och med ${swedishMonth(last)}. Den sista betalningen, i ${swedishMonth(last)}, är ${formatKronor(plan.lastInstallment)}.`,
    );
  }
  if (input.deductionConsentOn !== null) {
    paragraphs.push(
      `Du har den ${input.deductionConsentOn} skriftligen medgett att avbetalningarna dras av från ekonomiskt bistånd som du beviljas framöver. Avdrag görs bara med ditt medgivande. Vill du ändra eller återkalla medgivandet, kontakta din handläggare; då betalar du i stället mot faktura enligt planen.`,
    );
  } else {
    paragraphs.push(
      'Du betalar mot faktura enligt planen. Nämnden drar inte av något från ekonomiskt bistånd som du beviljas framöver: det får bara göras om du skriftligen har medgett det.',
    );
  }
  const rows: { cells: string[]; emphasis: boolean }[] = [];
  if (plan.months > 1) {
    // The months of the full installment: all of them, or all but a smaller last one.
    const fullMonths = plan.lastInstallment === plan.installment ? plan.months : plan.months - 1;
    const lastFull = planLastMonth({ ...plan, months: fullMonths });
    rows.push({
      cells: [
        lastFull === plan.firstMonth
          ? swedishMonth(plan.firstMonth)
          : `${swedishMonth(plan.firstMonth)} – ${swedishMonth(lastFull)}`,
        `${formatKronor(plan.installment)} i månaden`,
      ],
      emphasis: false,
    });
  }
  if (plan.months === 1 || plan.lastInstallment !== plan.installment) {
    rows.push({ cells: [swedishMonth(last), formatKronor(plan.lastInstallment)], emphasis: false });
  }
  rows.push({ cells: ['Summa', formatKronor(input.amount)], emphasis: true });
  return {
    heading: 'Så betalar du tillbaka',
    paragraphs,
    table: { columns: ['Månad', 'Belopp'], rows, amountColumns: [1] },
  };
}

function courtSection(input: RecoveryLetterInput): DecisionLetterSection {
  const acts = new Set(input.legalBasis.map((basis) => basis.act));
  const paragraphs = [
    'Återkravet är nämndens krav på att du betalar tillbaka. Betalar du inte frivilligt kan nämnden inte själv ta ut beloppet och inte heller dra av det från framtida bistånd utan ditt skriftliga medgivande.',
  ];
  if (acts.has(SOCIAL_SERVICES_ACT_2025.sfs)) {
    paragraphs.push(
      'Nämnden får då föra talan om ersättning hos förvaltningsrätten, som prövar om du ska betala. Talan ska väckas inom tre år från det att kostnaden uppkom. Kravet kan inte bifallas om du genom att betala skulle sakna medel till din försörjning, eller om det finns synnerliga skäl. Nämnden kan också helt eller delvis avstå från återkravet (socialtjänstlagen (2025:400) 33 kap. 4–6 §§).',
    );
  }
  // The old act's paragraphs on court action are not confirmed in a stored source: the chapter is
  // printed, not a guessed paragraph number.
  if (acts.has(OLD_ACT)) {
    paragraphs.push(
      'För bistånd som beviljades före den 1 juli 2025 gäller motsvarande regler om talan hos förvaltningsrätten i 9\u00a0kap. socialtjänstlagen (2001:453).',
    );
  }
  return { heading: 'Om du inte betalar', paragraphs, table: null };
}

/*
 * How the decision can be challenged. Not confirmed: the reference gives 35 kap. 1 § only in
 * part (12 kap. 1 § and 12 kap. 5 § decisions and "further points, 9 in all"), and the rules
 * catalogue's note on 'recovery' says nothing about appeal, so neither supports printing a
 * förvaltningsbesvär instruction for 33 kap. decisions. What the reference does confirm is the
 * court route (33 kap. 4–5 §§): the claim is tried by the förvaltningsrätt when the nämnd sues,
 * and the person can contest it there. The letter therefore points there and to laglighetsprövning
 * (kommunallagen 13 kap.); check 35 kap. 1 § in full before relying on this wording, and if
 * 33 kap. decisions are listed there, replace this section with the decision letter's
 * förvaltningsbesvär wording.
 */
function challengeSection(input: RecoveryLetterInput): DecisionLetterSection {
  const { municipality } = input;
  return {
    heading: 'Om du inte håller med',
    paragraphs: [
      'Om du anser att återkravet är fel, kontakta din handläggare och berätta varför. Du kan också lämna synpunkter skriftligt.',
      'Du behöver inte betala för att få kravet prövat. Om nämnden ansöker hos förvaltningsrätten om att du ska betala, får du yttra dig där och förvaltningsrätten prövar om kravet är riktigt.',
      'Beslutet kan också laglighetsprövas enligt kommunallagen (2017:725) 13 kap. Begäran skickas till förvaltningsrätten och ska ha kommit in dit inom tre veckor från den dag då det tillkännagavs på kommunens anslagstavla att protokollet med beslutet har justerats.',
      `Vill du veta mer kan du kontakta oss på ${municipality.unitName}, telefon ${phoneNumber(municipality.phone)}, e-post ${municipality.email}.`,
    ],
    table: null,
  };
}

/** The letter's Swedish wording, in reading order. Throws `RecoveryLetterInputError` first. */
export function recoveryLetterText(input: RecoveryLetterInput): DecisionLetterText {
  const problems = recoveryLetterProblems(input);
  if (problems.length > 0) throw new RecoveryLetterInputError(problems);
  const rule = RECOVERY_GROUND_RULES[input.ground];
  const acts = new Set(input.legalBasis.map((basis) => basis.act));
  const sourceList = input.sources
    .map((source) => `${source.reference} (${swedishMonth(source.month)})`)
    .join(', ');

  const decision: DecisionLetterSection = {
    heading: 'Beslut',
    paragraphs: [
      `Du ska betala tillbaka ${formatKronor(input.amount)} av det ekonomiska bistånd som har betalats ut till dig enligt ${input.sources.length === 1 ? 'beslut' : 'besluten'} ${sourceList}.`,
    ],
    table: {
      columns: ['Beslut', 'Avser', 'Beslutsdatum', 'Utbetalt'],
      rows: [
        ...input.sources.map((source) => ({
          cells: [
            source.reference,
            swedishMonth(source.month),
            source.decisionDate,
            formatKronor(source.paid),
          ],
          emphasis: false,
        })),
        {
          cells: ['Att betala tillbaka', '', '', formatKronor(input.amount)],
          emphasis: true,
        },
      ],
      amountColumns: [3],
    },
  };

  const reasons: DecisionLetterSection = {
    heading: 'Motivering',
    paragraphs: [
      `Skäl för återkravet: ${rule.label}. ${rule.explanation}`,
      ...input.reasons
        .split(/\n\s*\n/)
        .map((paragraph) => paragraph.trim())
        .filter((paragraph) => paragraph !== ''),
    ],
    table: null,
  };

  const legal: DecisionLetterSection = {
    heading: 'Lagrum',
    paragraphs: [
      'Beslutet har fattats med stöd av:',
      ...input.legalBasis.map((basis) => basis.citation),
    ],
    table: null,
  };
  // SFS 2025:400 transitional provision 5: the old act for assistance granted before 2025-07-01.
  if (acts.has(OLD_ACT) && acts.has(SOCIAL_SERVICES_ACT_2025.sfs)) {
    legal.paragraphs.push(
      'Återkravet gäller bistånd som beviljades både före och efter den 1 juli 2025. För bistånd som beviljades före den 1 juli 2025 gäller den äldre socialtjänstlagen (2001:453) enligt övergångsbestämmelserna till socialtjänstlagen (2025:400), och för bistånd som beviljades därefter gäller socialtjänstlagen (2025:400).',
    );
  } else if (acts.has(OLD_ACT)) {
    legal.paragraphs.push(
      'Biståndet beviljades före den 1 juli 2025. Därför gäller den äldre socialtjänstlagen (2001:453) för återkravet, enligt övergångsbestämmelserna till socialtjänstlagen (2025:400).',
    );
  }

  const { officer, municipality } = input;
  const contact = contactSection(input);
  const recipient = recipientLines(input.recipient);

  const title = 'Beslut om återkrav av ekonomiskt bistånd';
  return {
    title: input.draft ? `UTKAST – ${title}` : title,
    sender: [municipality.name, municipality.unitName],
    recipient,
    details: [
      { label: 'Beslutsdatum', value: input.draft ? 'Ej beslutat (utkast)' : input.decisionDate },
      { label: 'Beslut nr', value: input.reference },
      { label: 'Belopp', value: formatKronor(input.amount) },
      { label: 'Beslutsfattare', value: input.decidedBy ?? '—' },
      { label: 'Handläggare', value: officer.name },
    ],
    sections: [
      decision,
      reasons,
      legal,
      planSection(input),
      courtSection(input),
      challengeSection(input),
      contact,
    ],
    footer: `${municipality.name} · beslut ${input.reference}`,
  };
}

/** The printed letter. Throws `RecoveryLetterInputError` for input that cannot make a letter. */
export async function renderRecoveryLetterPdf(input: RecoveryLetterInput): Promise<Buffer> {
  const text = recoveryLetterText(input);
  return renderPdf(decisionLetterDocument(text));
}

// ---- Service ------------------------------------------------------------------------------

export type RecoveryInput = {
  decisionIds: string[];
  amount: number;
  ground: RecoveryGround;
  /** 33 kap. 2–3 §§: the granting decision was written, served and stated the repayment terms. */
  repaymentTermsStated: boolean;
  reasons: string;
  plan: {
    installment: number;
    firstMonth: string;
    months: number;
    lastInstallment?: number | null;
  };
  /** The person's written consent to deductions from future assistance, or null. */
  deductionConsent: { writtenConsentOn: string } | null;
};

export type RecoveryUpdate = Partial<RecoveryInput>;

export type RecoverySource = {
  decisionId: string;
  reference: string;
  month: string;
  kind: DecisionKind;
  decisionDate: string;
  /** Whole kronor the decision granted. */
  granted: number;
  /** Whole kronor paid: payment lines instructed or accepted. */
  paid: number;
};

export type RecoveryView = {
  id: string;
  caseId: string;
  reference: string;
  status: 'draft' | 'signed';
  version: number;
  ground: RecoveryGround;
  groundLabel: string;
  repaymentTermsStated: boolean;
  amount: number;
  reasons: string;
  decisions: RecoverySource[];
  /** What the decisions paid, what other signed recoveries of them claim, and what is left. */
  paidTotal: number;
  previouslyRecovered: number;
  recoverable: number;
  plan: RepaymentPlan & { lastMonth: string };
  deductionConsent: { writtenConsentOn: string } | null;
  legalBasis: RecoveryLegalBasisEntry[];
  preparedBy: { userId: string; name: string };
  signedBy: { userId: string; name: string } | null;
  signedAt: string | null;
  decisionDate: string | null;
};

export type RecoverySummary = {
  id: string;
  reference: string;
  status: 'draft' | 'signed';
  amount: number;
  ground: RecoveryGround;
  decisionDate: string | null;
  decisionIds: string[];
};

/** The reference printed on recovery letters: the first block of the id, upper case. */
export function recoveryReference(id: string): string {
  return `ÅK-${id.slice(0, 8).toUpperCase()}`;
}

function refused(code: string, message: string, details?: unknown): AppError {
  return new AppError(422, code, message, details);
}

type Checked = {
  sources: RecoverySource[];
  paid: number;
  previouslyRecovered: number;
  plan: RepaymentPlan;
  legalBasis: RecoveryLegalBasisEntry[];
};

type RecoveryRow = Awaited<ReturnType<RecoveryService['findRow']>>;

export class RecoveryService {
  readonly #db: RecoveryDb;
  readonly #clock: () => Date;

  constructor(db: Db, clock: () => Date) {
    this.#db = db.$extendTables<RecoveryTables>();
    this.#clock = clock;
  }

  #today(): string {
    return stockholmDate(this.#clock());
  }

  async findRow(db: RecoveryDb, caseId: string, recoveryId: string, lock = false) {
    let query = db
      .selectFrom('app.recovery_decision')
      .selectAll()
      .select([
        sql<string | null>`to_char(decision_date, 'YYYY-MM-DD')`.as('decision_day'),
        sql<string | null>`to_char(deduction_consent_on, 'YYYY-MM-DD')`.as('consent_day'),
      ])
      .where('id', '=', recoveryId)
      .where('case_id', '=', caseId);
    if (lock) query = query.forUpdate();
    return query.executeTakeFirst();
  }

  /** The named decisions of the case with what each granted and paid. */
  async #sources(db: RecoveryDb, caseId: string, decisionIds: readonly string[]) {
    if (decisionIds.length === 0) return [];
    return db
      .selectFrom('app.decision as d')
      .select([
        'd.id',
        'd.month',
        'd.kind',
        'd.status',
        'd.amount',
        sql<string | null>`to_char(d.decision_date, 'YYYY-MM-DD')`.as('decision_day'),
        (eb) =>
          eb
            .selectFrom('app.payment_line as l')
            .select(sql<string>`coalesce(sum(l.amount), 0)::text`.as('paid'))
            .whereRef('l.decision_id', '=', 'd.id')
            .where('l.status', 'in', ['instructed', 'accepted'])
            .as('paid'),
      ])
      .where('d.case_id', '=', caseId)
      .where('d.id', 'in', [...decisionIds])
      .orderBy('d.month')
      .orderBy('d.decision_date')
      .execute();
  }

  /** What other signed recoveries naming any of these decisions already claim. */
  async #previouslyRecovered(
    db: RecoveryDb,
    decisionIds: readonly string[],
    exceptRecoveryId: string | null,
  ): Promise<number> {
    if (decisionIds.length === 0) return 0;
    let query = db
      .selectFrom('app.recovery_decision as r')
      .select(sql<string>`coalesce(sum(r.amount), 0)::text`.as('total'))
      .where('r.status', '=', 'signed')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('app.recovery_decision_source as s')
            .select('s.decision_id')
            .whereRef('s.recovery_id', '=', 'r.id')
            .where('s.decision_id', 'in', [...decisionIds]),
        ),
      );
    if (exceptRecoveryId !== null) query = query.where('r.id', '<>', exceptRecoveryId);
    const row = await query.executeTakeFirstOrThrow();
    return Number(row.total);
  }

  /**
   * Every rule a recovery must meet, checked against the database as it is now: signed decisions
   * of this case that fit the ground, an amount no larger than they paid less earlier recoveries,
   * a plan that adds up, and a legal basis for each grant date. Throws the first refusal.
   */
  async #check(
    db: RecoveryDb,
    caseId: string,
    input: RecoveryInput,
    recoveryId: string | null,
  ): Promise<Checked> {
    const ids = input.decisionIds;
    if (ids.length === 0) {
      throw badRequest('no_decisions', 'Välj minst ett beslut vars bistånd ska återkrävas.');
    }
    if (new Set(ids).size !== ids.length) {
      throw badRequest('duplicate_decision', 'Samma beslut är valt mer än en gång.');
    }
    const rows = await this.#sources(db, caseId, ids);
    const found = new Set(rows.map((row) => row.id));
    const unknown = ids.filter((id) => !found.has(id));
    if (unknown.length > 0) {
      throw badRequest(
        'unknown_decision',
        'Ett eller flera av de valda besluten finns inte i ärendet.',
        { decisionIds: unknown },
      );
    }
    const unsigned = rows.filter((row) => row.status !== 'signed' || row.decision_day === null);
    if (unsigned.length > 0) {
      throw refused(
        'decision_not_signed',
        `Beslut ${unsigned.map((row) => shortReference(row.id)).join(', ')} är inte signerat. Bara bistånd som har beviljats i ett signerat beslut kan återkrävas.`,
        { decisionIds: unsigned.map((row) => row.id) },
      );
    }
    const rule = RECOVERY_GROUND_RULES[input.ground];
    const misfits = rows.filter((row) => !RECLAIMED_KINDS[rule.reclaims].includes(row.kind));
    if (misfits.length > 0) {
      throw refused(
        'ground_does_not_fit',
        rule.reclaims === 'beyond_entitlement'
          ? `Skälet "${rule.label}" gäller bara bistånd utöver rätten till bistånd (12 kap. 2 §), men ${misfits.map((row) => shortReference(row.id)).join(', ')} är ett annat slags beslut.`
          : `Skälet "${rule.label}" gäller bistånd enligt 12 kap. 1 §, men ${misfits.map((row) => shortReference(row.id)).join(', ')} gäller bistånd utöver rätten till bistånd (12 kap. 2 §).`,
        { decisionIds: misfits.map((row) => row.id) },
      );
    }
    if (needsStatedTerms(input.ground) && !input.repaymentTermsStated) {
      throw refused(
        'repayment_terms_not_stated',
        `Skälet "${rule.label}" kräver att beslutet om biståndet var skriftligt, har delgetts och angav skälen för återbetalning. Bekräfta det, eller välj ett annat skäl.`,
      );
    }
    if (!Number.isSafeInteger(input.amount) || input.amount <= 0) {
      throw refused(
        'amount_not_positive',
        'Ange beloppet som ska betalas tillbaka, i hela kronor och minst 1 kr.',
      );
    }
    const sources: RecoverySource[] = rows.map((row) => ({
      decisionId: row.id,
      reference: shortReference(row.id),
      month: row.month,
      kind: row.kind,
      decisionDate: row.decision_day ?? '',
      granted: row.amount,
      paid: Number(row.paid ?? 0),
    }));
    const paid = sources.reduce((sum, source) => sum + source.paid, 0);
    if (paid === 0) {
      throw refused(
        'nothing_paid',
        'Inget har betalats ut enligt de valda besluten (inga utbetalningar är skickade till banken eller bekräftade). Det finns inget att återkräva.',
      );
    }
    const previouslyRecovered = await this.#previouslyRecovered(db, ids, recoveryId);
    const recoverable = paid - previouslyRecovered;
    if (input.amount > recoverable) {
      throw refused(
        'amount_exceeds_paid',
        previouslyRecovered > 0
          ? `Återkravet på ${formatKronor(input.amount)} är större än det som kan återkrävas: ${formatKronor(paid)} har betalats ut enligt besluten och ${formatKronor(previouslyRecovered)} återkrävs redan i andra beslut, så högst ${formatKronor(Math.max(0, recoverable))} återstår.`
          : `Återkravet på ${formatKronor(input.amount)} är större än det som har betalats ut enligt besluten, ${formatKronor(paid)}.`,
        { paid, previouslyRecovered, recoverable: Math.max(0, recoverable) },
      );
    }
    const plan: RepaymentPlan = {
      installment: input.plan.installment,
      firstMonth: input.plan.firstMonth,
      months: input.plan.months,
      lastInstallment: input.plan.lastInstallment ?? input.plan.installment,
    };
    if (
      !Number.isSafeInteger(plan.installment) ||
      plan.installment <= 0 ||
      !Number.isSafeInteger(plan.months) ||
      plan.months < 1 ||
      plan.months > MAX_PLAN_MONTHS ||
      !isPlainMonth(plan.firstMonth)
    ) {
      throw refused(
        'invalid_plan',
        `Avbetalningsplanen behöver ett månadsbelopp på minst 1 kr, en första månad och mellan 1 och ${String(MAX_PLAN_MONTHS)} månader.`,
      );
    }
    if (
      !Number.isSafeInteger(plan.lastInstallment) ||
      plan.lastInstallment < 1 ||
      plan.lastInstallment > plan.installment ||
      (plan.months === 1 && plan.lastInstallment !== plan.installment)
    ) {
      throw refused(
        'invalid_plan',
        'Den sista avbetalningen ska vara minst 1 kr och högst lika stor som månadsbeloppet.',
      );
    }
    if (planTotal(plan) !== input.amount) {
      throw refused(
        'plan_does_not_add_up',
        `Avbetalningsplanen blir ${formatKronor(planTotal(plan))} (${String(plan.months)} månader à ${formatKronor(plan.installment)}${plan.lastInstallment === plan.installment ? '' : `, den sista ${formatKronor(plan.lastInstallment)}`}), men återkravet är ${formatKronor(input.amount)}. Planen ska gå jämnt upp med beloppet.`,
        { planTotal: planTotal(plan), amount: input.amount },
      );
    }
    const consentOn = input.deductionConsent?.writtenConsentOn ?? null;
    if (consentOn !== null && (!isPlainDate(consentOn) || consentOn > this.#today())) {
      throw refused(
        'invalid_consent_date',
        'Datumet för det skriftliga medgivandet ska vara ett datum som har varit, inte ett datum framåt i tiden.',
      );
    }
    let legalBasis: RecoveryLegalBasisEntry[];
    try {
      legalBasis = recoveryLegalBasis(
        input.ground,
        sources.map((source) => source.decisionDate),
      );
    } catch (error) {
      throw refused('legal_basis_missing', (error as Error).message);
    }
    return { sources, paid, previouslyRecovered, plan, legalBasis };
  }

  async list(caseId: string): Promise<RecoverySummary[]> {
    const rows = await this.#db
      .selectFrom('app.recovery_decision as r')
      .select([
        'r.id',
        'r.status',
        'r.amount',
        'r.ground',
        sql<string | null>`to_char(r.decision_date, 'YYYY-MM-DD')`.as('decision_day'),
        sql<
          string[]
        >`array(select s.decision_id::text from app.recovery_decision_source s where s.recovery_id = r.id order by s.decision_id)`.as(
          'decision_ids',
        ),
      ])
      .where('r.case_id', '=', caseId)
      .orderBy('r.created_at', 'desc')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      reference: recoveryReference(row.id),
      status: row.status,
      amount: row.amount,
      ground: row.ground,
      decisionDate: row.decision_day,
      decisionIds: row.decision_ids,
    }));
  }

  /** Starts a draft; refused with a clear message unless every rule above is met. */
  async create(actor: Actor, caseId: string, input: RecoveryInput): Promise<string> {
    return this.#db.transaction().execute(async (tx) => {
      const checked = await this.#check(tx, caseId, input, null);
      const now = this.#clock();
      const row = await tx
        .insertInto('app.recovery_decision')
        .values({
          municipality_id: actor.municipalityId,
          case_id: caseId,
          ...this.#columns(input, checked),
          prepared_by: actor.userId,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.#replaceSources(tx, actor.municipalityId, caseId, row.id, checked.sources);
      return row.id;
    });
  }

  #columns(input: RecoveryInput, checked: Checked) {
    return {
      ground: input.ground,
      amount: input.amount,
      reasons: input.reasons,
      repayment_terms_stated: input.repaymentTermsStated,
      installment: checked.plan.installment,
      last_installment: checked.plan.lastInstallment,
      first_month: checked.plan.firstMonth,
      months: checked.plan.months,
      deduction_consent_on: input.deductionConsent?.writtenConsentOn ?? null,
      paid_amount: checked.paid,
      previously_recovered: checked.previouslyRecovered,
      legal_basis: JSON.stringify(checked.legalBasis),
    };
  }

  async #replaceSources(
    tx: RecoveryDb,
    municipalityId: string,
    caseId: string,
    recoveryId: string,
    sources: readonly RecoverySource[],
  ): Promise<void> {
    await tx
      .deleteFrom('app.recovery_decision_source')
      .where('recovery_id', '=', recoveryId)
      .execute();
    await tx
      .insertInto('app.recovery_decision_source')
      .values(
        sources.map((source) => ({
          municipality_id: municipalityId,
          recovery_id: recoveryId,
          case_id: caseId,
          decision_id: source.decisionId,
        })),
      )
      .execute();
  }

  async #lockDraft(tx: RecoveryDb, caseId: string, recoveryId: string, version: number) {
    const row = await this.findRow(tx, caseId, recoveryId, true);
    if (!row) throw notFound('Recovery decision');
    if (row.status === 'signed') {
      throw conflict('recovery_signed', 'Återkravsbeslutet är signerat och kan inte ändras.');
    }
    if (row.version !== version) {
      throw conflict('version_conflict', 'Utkastet har ändrats av någon annan; ladda om', {
        currentVersion: row.version,
      });
    }
    return row;
  }

  async #sourceIds(db: RecoveryDb, recoveryId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('app.recovery_decision_source')
      .select('decision_id')
      .where('recovery_id', '=', recoveryId)
      .orderBy('decision_id')
      .execute();
    return rows.map((row) => row.decision_id);
  }

  async #inputOf(db: RecoveryDb, row: NonNullable<RecoveryRow>): Promise<RecoveryInput> {
    return {
      decisionIds: await this.#sourceIds(db, row.id),
      amount: row.amount,
      ground: row.ground,
      repaymentTermsStated: row.repayment_terms_stated,
      reasons: row.reasons,
      plan: {
        installment: row.installment,
        firstMonth: row.first_month,
        months: row.months,
        lastInstallment: row.last_installment,
      },
      deductionConsent: row.consent_day === null ? null : { writtenConsentOn: row.consent_day },
    };
  }

  /** Changes a draft; everything is checked again as for a new one. */
  async update(
    actor: Actor,
    caseId: string,
    recoveryId: string,
    update: RecoveryUpdate,
    version: number,
  ): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      const row = await this.#lockDraft(tx, caseId, recoveryId, version);
      const current = await this.#inputOf(tx, row);
      const input: RecoveryInput = {
        decisionIds: update.decisionIds ?? current.decisionIds,
        amount: update.amount ?? current.amount,
        ground: update.ground ?? current.ground,
        repaymentTermsStated: update.repaymentTermsStated ?? current.repaymentTermsStated,
        reasons: update.reasons ?? current.reasons,
        plan: update.plan ?? current.plan,
        deductionConsent:
          update.deductionConsent === undefined
            ? current.deductionConsent
            : update.deductionConsent,
      };
      const checked = await this.#check(tx, caseId, input, recoveryId);
      await tx
        .updateTable('app.recovery_decision')
        .set({
          ...this.#columns(input, checked),
          prepared_by: actor.userId,
          version: version + 1,
          updated_at: this.#clock(),
        })
        .where('id', '=', recoveryId)
        .execute();
      await this.#replaceSources(tx, row.municipality_id, caseId, recoveryId, checked.sources);
    });
  }

  /**
   * Signs a draft: every rule is checked again on today's payments, the legal basis is fixed,
   * and the letter is stored as it will be printed. Four-eyes is not required; the route lets
   * only users who may write in the case get here. The database checks the amount once more.
   */
  async sign(actor: Actor, caseId: string, recoveryId: string, version: number): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      const row = await this.#lockDraft(tx, caseId, recoveryId, version);
      const input = await this.#inputOf(tx, row);
      const checked = await this.#check(tx, caseId, input, recoveryId);
      const now = this.#clock();
      const today = stockholmDate(now);
      const letter = await this.#letterInput(tx, row, input, checked, {
        decisionDate: today,
        draft: false,
        signerId: actor.userId,
      });
      try {
        await tx
          .updateTable('app.recovery_decision')
          .set({
            ...this.#columns(input, checked),
            status: 'signed',
            signed_by: actor.userId,
            signed_at: now,
            decision_date: today,
            letter: JSON.stringify(letter),
            updated_at: now,
          })
          .where('id', '=', recoveryId)
          .execute();
      } catch (error) {
        // The guard trigger found the payments or other recoveries changed since the check above.
        if ((error as { code?: unknown }).code === 'P0002') {
          throw conflict(
            'recovery_exceeds_paid',
            'Utbetalningarna eller andra återkrav för besluten ändrades samtidigt; ladda om och försök igen.',
          );
        }
        throw error;
      }
    });
  }

  async view(caseId: string, recoveryId: string): Promise<RecoveryView> {
    const row = await this.findRow(this.#db, caseId, recoveryId);
    if (!row) throw notFound('Recovery decision');
    const decisionIds = await this.#sourceIds(this.#db, row.id);
    const rows = await this.#sources(this.#db, caseId, decisionIds);
    const names = await this.#db
      .selectFrom('app.staff_user')
      .select(['id', 'display_name'])
      .where(
        'id',
        'in',
        [row.prepared_by, row.signed_by].filter((id): id is string => id !== null),
      )
      .execute();
    const nameOf = (id: string) => names.find((n) => n.id === id)?.display_name ?? '';
    const decisions = rows.map((source) => ({
      decisionId: source.id,
      reference: shortReference(source.id),
      month: source.month,
      kind: source.kind,
      decisionDate: source.decision_day ?? '',
      granted: source.amount,
      paid: Number(source.paid ?? 0),
    }));
    // A signed recovery shows the figures it was signed on; a draft shows today's.
    const signed = row.status === 'signed';
    const paidTotal = signed
      ? row.paid_amount
      : decisions.reduce((sum, source) => sum + source.paid, 0);
    const previouslyRecovered = signed
      ? row.previously_recovered
      : await this.#previouslyRecovered(this.#db, decisionIds, row.id);
    const plan: RepaymentPlan = {
      installment: row.installment,
      firstMonth: row.first_month,
      months: row.months,
      lastInstallment: row.last_installment,
    };
    return {
      id: row.id,
      caseId: row.case_id,
      reference: recoveryReference(row.id),
      status: row.status,
      version: row.version,
      ground: row.ground,
      groundLabel: RECOVERY_GROUND_RULES[row.ground].label,
      repaymentTermsStated: row.repayment_terms_stated,
      amount: row.amount,
      reasons: row.reasons,
      decisions,
      paidTotal,
      previouslyRecovered,
      recoverable: Math.max(0, paidTotal - previouslyRecovered),
      plan: { ...plan, lastMonth: planLastMonth(plan) },
      deductionConsent: row.consent_day === null ? null : { writtenConsentOn: row.consent_day },
      legalBasis: row.legal_basis as RecoveryLegalBasisEntry[],
      preparedBy: { userId: row.prepared_by, name: nameOf(row.prepared_by) },
      signedBy:
        row.signed_by === null ? null : { userId: row.signed_by, name: nameOf(row.signed_by) },
      signedAt: row.signed_at?.toISOString() ?? null,
      decisionDate: row.decision_day,
    };
  }

  async #letterInput(
    db: RecoveryDb,
    row: NonNullable<RecoveryRow>,
    input: RecoveryInput,
    checked: Checked,
    fixed: { decisionDate: string; draft: boolean; signerId: string | null },
  ): Promise<RecoveryLetterInput> {
    const info = await db
      .selectFrom('app.assistance_case as c')
      .innerJoin('app.person as p', 'p.id', 'c.person_id')
      .innerJoin('app.unit as u', 'u.id', 'c.unit_id')
      .innerJoin('app.municipality as m', 'm.id', 'c.municipality_id')
      .select([
        'p.first_name',
        'p.last_name',
        'p.street_address',
        'p.postal_code',
        'p.city',
        'p.protection',
        'u.name as unit_name',
        'm.name as municipality_name',
      ])
      .where('c.id', '=', row.case_id)
      .executeTakeFirstOrThrow();
    const settings = await db
      .selectFrom('app.decision_settings')
      .select(['letter_postal_address', 'letter_phone', 'letter_email'])
      .where('municipality_id', '=', row.municipality_id)
      .executeTakeFirst();
    const officerId = fixed.signerId ?? row.prepared_by;
    const officer = await db
      .selectFrom('app.staff_user')
      .select(['display_name', 'email'])
      .where('id', '=', officerId)
      .executeTakeFirstOrThrow();
    const phone = settings?.letter_phone ?? '';
    const email = settings?.letter_email ?? '';
    return {
      reference: recoveryReference(row.id),
      decisionDate: fixed.decisionDate,
      draft: fixed.draft,
      municipality: {
        name: info.municipality_name,
        unitName: info.unit_name,
        postalAddress:
          settings?.letter_postal_address || `${info.unit_name}, ${info.municipality_name}`,
        phone: phone || '—',
        email: email || '—',
      },
      recipient: letterRecipient({
        firstName: info.first_name,
        lastName: info.last_name,
        streetAddress: info.street_address,
        postalCode: info.postal_code,
        city: info.city,
        protection: info.protection,
      }),
      amount: input.amount,
      ground: input.ground,
      sources: checked.sources.map((source) => ({
        reference: source.reference,
        month: source.month,
        decisionDate: source.decisionDate,
        paid: source.paid,
      })),
      reasons: input.reasons,
      legalBasis: checked.legalBasis.map((basis) => ({ act: basis.act, citation: basis.citation })),
      plan: checked.plan,
      deductionConsentOn: input.deductionConsent?.writtenConsentOn ?? null,
      officer: { name: officer.display_name, phone: phone || null, email: officer.email },
      decidedBy: fixed.draft ? null : officer.display_name,
    };
  }

  /**
   * The letter as a PDF: a signed recovery exactly as stored at signing; a draft as a preview
   * marked UTKAST, checked against today's payments.
   */
  async letterPdf(caseId: string, recoveryId: string): Promise<{ pdf: Buffer; signed: boolean }> {
    const row = await this.findRow(this.#db, caseId, recoveryId);
    if (!row) throw notFound('Recovery decision');
    if (row.status === 'signed') {
      return {
        pdf: await renderRecoveryLetterPdf(row.letter as RecoveryLetterInput),
        signed: true,
      };
    }
    const input = await this.#inputOf(this.#db, row);
    const checked = await this.#check(this.#db, caseId, input, row.id);
    const letter = await this.#letterInput(this.#db, row, input, checked, {
      decisionDate: this.#today(),
      draft: true,
      signerId: null,
    });
    try {
      return { pdf: await renderRecoveryLetterPdf(letter), signed: false };
    } catch (error) {
      throw refused('letter_incomplete', (error as Error).message);
    }
  }
}
