// The decision letter (beslutsbrev): the model, its Swedish wording and the printed PDF (pdfmake).
import { renderPdf } from '../../pdf/render-pdf.ts';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import {
  decisionAmount,
  lineOutcome,
  overallOutcome,
  type DecisionKind,
  type DecisionOutcome,
} from '@skyddsnat/domain';
import { formatKronor, getProvision, isPlainDate, isPlainMonth } from '@skyddsnat/rules';

export type { DecisionKind, DecisionOutcome };

export type DecisionLetterLine = {
  label: string;
  /** Whole kronor. */
  applied: number;
  /** Whole kronor. */
  granted: number;
  outcome: DecisionOutcome;
  /** Why this item was not granted as applied for; printed under Motivering. */
  deviationReason: string | null;
};

export type DecisionLetterCalculationLine = {
  section: 'norm' | 'reasonable_costs' | 'income' | 'result';
  label: string;
  /** Whole kronor; for an income, the part that is counted. */
  amount: number;
  calculation?: string;
};

export type DecisionLetterInput = {
  /** The decision's id or short number, printed on the letter. */
  reference: string;
  /** `YYYY-MM-DD`, Stockholm. */
  decisionDate: string;
  /** `YYYY-MM`, the period decided. */
  month: string;
  kind: DecisionKind;
  outcome: DecisionOutcome;
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
  lines: DecisionLetterLine[];
  /** Whole kronor of counted incomes, deducted from the approved items. */
  countedIncome: number;
  /** Whole kronor paid: the lines' `granted` less `countedIncome`, never below zero. */
  totalGranted: number;
  /**
   * The norm calculation. The norm and reasonable-cost lines must add up to `need`, the income
   * lines to `countedIncome`, and `amount` must be max(0, need − countedIncome).
   */
  calculation: null | {
    need: number;
    countedIncome: number;
    amount: number;
    lines: DecisionLetterCalculationLine[];
  };
  /** Motivering (förvaltningslagen 32 §). */
  reasons: string;
  /** At least one, e.g. "Socialtjänstlagen (2025:400) 12 kap. 1 §". */
  legalBasis: { citation: string }[];
  /**
   * `administrative_appeal`: förvaltningsbesvär, citing the appeal provision in force on the
   * decision date. `legality_review`: 12 kap. 2 § decisions, which only kommunallagen 13 kap.
   * reaches.
   */
  appeal: { kind: 'administrative_appeal'; citation: string } | { kind: 'legality_review' };
  /** One entry per child; null when the household has no children or none is affected. */
  childImpact: { childName: string; assessment: string }[] | null;
  officer: { name: string; phone: string | null; email: string | null };
  /** Who made the decision (förvaltningslagen 31 §); null when it was made automatically. */
  decidedBy: string | null;
  /** Förvaltningslagen 28 §: the decision was made automatically by this rule version. */
  automatic: { ruleVersion: string } | null;
  /** The earlier decision this one replaces. */
  refersTo: { reference: string; decisionDate: string } | null;
};

export type DecisionLetterTable = {
  columns: string[];
  /** `emphasis` marks a group heading or a sum row. */
  rows: { cells: string[]; emphasis: boolean }[];
  /** Indexes of the columns holding amounts (right-aligned when printed). */
  amountColumns: number[];
};

export type DecisionLetterSection = {
  heading: string;
  paragraphs: string[];
  /** Printed after the paragraphs. */
  table: DecisionLetterTable | null;
};

/** Everything the letter says, in reading order; the PDF prints exactly this. */
export type DecisionLetterText = {
  title: string;
  /** Municipality and unit. */
  sender: string[];
  /** The name, then either the postal address or, for a protected person, the delivery channel. */
  recipient: string[];
  details: { label: string; value: string }[];
  sections: DecisionLetterSection[];
  /** Printed at the foot of each page with the page number. */
  footer: string;
};

/** The input cannot make a lawful or consistent letter; `problems` lists every reason. */
export class DecisionLetterInputError extends Error {
  readonly code = 'invalid_decision_letter';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid decision letter input: ${problems.join('; ')}`);
    this.name = 'DecisionLetterInputError';
    this.problems = problems;
  }
}

const OUTCOME_WORDS: Readonly<Record<DecisionOutcome, string>> = {
  granted: 'Bifall',
  partly_granted: 'Delvis bifall',
  refused: 'Avslag',
};

// What the application was for, as it reads after "Din ansökan om".
const APPLIED_FOR: Readonly<Record<DecisionKind, string>> = {
  regular: 'ekonomiskt bistånd',
  emergency: 'nödbistånd',
  reduction: 'försörjningsstöd',
  beyond_entitlement: 'ekonomiskt bistånd utöver det du har rätt till',
};

const SWEDISH_MONTHS = [
  'januari',
  'februari',
  'mars',
  'april',
  'maj',
  'juni',
  'juli',
  'augusti',
  'september',
  'oktober',
  'november',
  'december',
] as const;

/** "2026-11" → "november 2026". */
export function swedishMonth(month: string): string {
  const name = SWEDISH_MONTHS[Number(month.slice(5, 7)) - 1];
  if (!isPlainMonth(month) || name === undefined) {
    throw new RangeError(`Not a YYYY-MM month: "${month}"`);
  }
  return `${name} ${month.slice(0, 4)}`;
}

export function isBlank(value: string | null | undefined): boolean {
  return value === null || value === undefined || value.trim() === '';
}

function isKronor(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function lineProblems(line: DecisionLetterLine, index: number): string[] {
  const at = `lines[${index}]`;
  const problems: string[] = [];
  if (isBlank(line.label)) problems.push(`${at}.label is empty`);
  if (!isKronor(line.applied)) problems.push(`${at}.applied is not whole non-negative kronor`);
  if (!isKronor(line.granted)) problems.push(`${at}.granted is not whole non-negative kronor`);
  if (line.deviationReason !== null && isBlank(line.deviationReason)) {
    problems.push(`${at}.deviationReason is empty (use null for none)`);
  }
  const outcome = lineOutcome(line.applied, line.granted);
  if (line.outcome !== outcome) {
    problems.push(
      `${at} is ${line.outcome} but grants ${line.granted} of ${line.applied} applied for (${outcome})`,
    );
  }
  return problems;
}

// The outcome the lines add up to: all granted, all refused, or anything in between.
function calculationProblems(
  calculation: NonNullable<DecisionLetterInput['calculation']>,
): string[] {
  const problems: string[] = [];
  const { need, countedIncome, amount, lines } = calculation;
  for (const [name, value] of [
    ['need', need],
    ['countedIncome', countedIncome],
    ['amount', amount],
  ] as const) {
    if (!isKronor(value)) problems.push(`calculation.${name} is not whole non-negative kronor`);
  }
  lines.forEach((line, index) => {
    if (isBlank(line.label)) problems.push(`calculation.lines[${index}].label is empty`);
    if (!isKronor(line.amount)) {
      problems.push(`calculation.lines[${index}].amount is not whole non-negative kronor`);
    }
  });
  if (amount !== Math.max(0, need - countedIncome)) {
    problems.push(
      `calculation.amount ${amount} is not max(0, need ${need} − countedIncome ${countedIncome})`,
    );
  }
  // The letter explains the figures with these lines, so they must add up to what it states.
  const needLines = sum(
    lines
      .filter((l) => l.section === 'norm' || l.section === 'reasonable_costs')
      .map((l) => l.amount),
  );
  if (needLines !== need) {
    problems.push(`calculation norm and reasonable-cost lines add up to ${needLines}, not ${need}`);
  }
  const incomeLines = sum(lines.filter((l) => l.section === 'income').map((l) => l.amount));
  if (incomeLines !== countedIncome) {
    problems.push(`calculation income lines add up to ${incomeLines}, not ${countedIncome}`);
  }
  return problems;
}

function appealProblems(input: DecisionLetterInput): string[] {
  const { appeal, kind, decisionDate } = input;
  // 12 kap. 2 § is not among the decisions 35 kap. 1 § makes appealable; everything else here is.
  if (kind === 'beyond_entitlement' && appeal.kind !== 'legality_review') {
    return ['a beyond_entitlement decision can only be reviewed by laglighetsprövning'];
  }
  if (kind !== 'beyond_entitlement' && appeal.kind === 'legality_review') {
    return [`a ${kind} decision is appealable by förvaltningsbesvär, not only laglighetsprövning`];
  }
  if (appeal.kind !== 'administrative_appeal' || !isPlainDate(decisionDate)) return [];
  let inForce: string;
  try {
    inForce = getProvision('appeal', decisionDate).citation;
  } catch (error) {
    return [`no appeal provision is catalogued for ${decisionDate}: ${String(error)}`];
  }
  return appeal.citation === inForce
    ? []
    : [
        `appeal.citation "${appeal.citation}" is not the one in force on ${decisionDate}: "${inForce}"`,
      ];
}

/** Every reason the input cannot make a letter; empty when it can. */
export function decisionLetterProblems(input: DecisionLetterInput): string[] {
  const problems: string[] = [];
  if (isBlank(input.reference)) problems.push('reference is empty');
  if (!isPlainDate(input.decisionDate)) problems.push('decisionDate is not YYYY-MM-DD');
  if (!isPlainMonth(input.month)) problems.push('month is not YYYY-MM');

  const { municipality, recipient, officer } = input;
  for (const [name, value] of Object.entries(municipality)) {
    if (isBlank(value)) problems.push(`municipality.${name} is empty`);
  }
  if (isBlank(recipient.name)) problems.push('recipient.name is empty');
  if (recipient.address === null) {
    if (isBlank(recipient.deliveryChannel)) {
      problems.push(
        'recipient has no address and no deliveryChannel: the letter cannot reach them',
      );
    }
  } else {
    for (const [name, value] of Object.entries(recipient.address)) {
      if (isBlank(value)) problems.push(`recipient.address.${name} is empty`);
    }
    if (recipient.deliveryChannel !== null && isBlank(recipient.deliveryChannel)) {
      problems.push('recipient.deliveryChannel is empty (use null for none)');
    }
  }

  if (input.lines.length === 0) problems.push('lines is empty: nothing was decided');
  input.lines.forEach((line, index) => problems.push(...lineProblems(line, index)));
  if (!isKronor(input.totalGranted)) problems.push('totalGranted is not whole non-negative kronor');
  if (!isKronor(input.countedIncome))
    problems.push('countedIncome is not whole non-negative kronor');
  const granted = decisionAmount(input.lines, input.countedIncome);
  if (granted !== input.totalGranted) {
    problems.push(
      `totalGranted ${input.totalGranted} is not the lines less counted incomes, ${granted}`,
    );
  }
  if (input.decidedBy === null && input.automatic === null) {
    problems.push('decidedBy is empty and the decision is not automatic');
  }
  if (input.lines.length > 0) {
    const fromLines = overallOutcome(input.lines, input.countedIncome);
    if (fromLines !== input.outcome) {
      problems.push(`outcome is ${input.outcome} but the lines add up to ${fromLines}`);
    }
  }
  if (input.kind === 'reduction' && input.outcome === 'granted') {
    problems.push('a reduction cannot be granted in full');
  }
  if (input.calculation !== null) problems.push(...calculationProblems(input.calculation));

  if (isBlank(input.reasons))
    problems.push('reasons (motivering, förvaltningslagen 32 §) is empty');
  if (input.legalBasis.length === 0) problems.push('legalBasis is empty');
  input.legalBasis.forEach((basis, index) => {
    if (isBlank(basis.citation)) problems.push(`legalBasis[${index}].citation is empty`);
  });
  problems.push(...appealProblems(input));

  if (input.childImpact !== null) {
    if (input.childImpact.length === 0) {
      problems.push('childImpact is an empty list (use null when no child is concerned)');
    }
    input.childImpact.forEach((child, index) => {
      if (isBlank(child.childName)) problems.push(`childImpact[${index}].childName is empty`);
      if (isBlank(child.assessment)) problems.push(`childImpact[${index}].assessment is empty`);
    });
  }

  if (isBlank(officer.name)) problems.push('officer.name is empty');
  if (officer.phone !== null && isBlank(officer.phone)) problems.push('officer.phone is empty');
  if (officer.email !== null && isBlank(officer.email)) problems.push('officer.email is empty');
  if (input.automatic !== null && isBlank(input.automatic.ruleVersion)) {
    problems.push('automatic.ruleVersion is empty');
  }
  if (input.refersTo !== null) {
    if (isBlank(input.refersTo.reference)) problems.push('refersTo.reference is empty');
    if (!isPlainDate(input.refersTo.decisionDate)) {
      problems.push('refersTo.decisionDate is not YYYY-MM-DD');
    } else if (
      isPlainDate(input.decisionDate) &&
      input.refersTo.decisionDate > input.decisionDate
    ) {
      problems.push('refersTo.decisionDate is after the decision it is replaced by');
    }
  }
  return problems;
}

/** Throws a `DecisionLetterInputError` listing every problem, if there is any. */
export function assertValidDecisionLetterInput(input: DecisionLetterInput): void {
  const problems = decisionLetterProblems(input);
  if (problems.length > 0) throw new DecisionLetterInputError(problems);
}

function letterTitle(kind: DecisionKind, outcome: DecisionOutcome): string {
  switch (kind) {
    case 'regular':
      return 'Beslut om ekonomiskt bistånd';
    case 'emergency':
      return 'Beslut om nödbistånd';
    case 'reduction':
      // 12 kap. 5 §: continued försörjningsstöd "får nekas eller sättas ned".
      return outcome === 'refused'
        ? 'Beslut om att neka fortsatt försörjningsstöd'
        : 'Beslut om nedsättning av försörjningsstöd';
    case 'beyond_entitlement':
      // 12 kap. 2 §: bistånd beyond what 12 kap. 1 § gives a right to.
      return 'Beslut om ekonomiskt bistånd utöver rätten till bistånd';
  }
}

function decisionSentence(input: DecisionLetterInput, period: string): string {
  const total = formatKronor(input.totalGranted);
  const applied = formatKronor(sum(input.lines.map((line) => line.applied)));
  const appliedFor = APPLIED_FOR[input.kind];
  if (input.kind === 'reduction') {
    return input.outcome === 'refused'
      ? `Du nekas fortsatt försörjningsstöd för ${period}.`
      : `Ditt försörjningsstöd för ${period} sätts ned. Du beviljas ${total} av sökta ${applied}.`;
  }
  switch (input.outcome) {
    case 'granted':
      return `Din ansökan om ${appliedFor} för ${period} bifalls. Du beviljas ${total}.`;
    case 'partly_granted':
      return `Din ansökan om ${appliedFor} för ${period} bifalls delvis. Du beviljas ${total} av sökta ${applied}.`;
    case 'refused':
      return `Din ansökan om ${appliedFor} för ${period} avslås.`;
  }
}

function decisionSection(input: DecisionLetterInput, period: string): DecisionLetterSection {
  const paragraphs = [`Beslut: ${OUTCOME_WORDS[input.outcome]}`, decisionSentence(input, period)];
  if (input.refersTo !== null) {
    paragraphs.push(
      `Detta beslut ersätter beslut ${input.refersTo.reference} från ${input.refersTo.decisionDate}.`,
    );
  }
  if (input.automatic !== null) {
    paragraphs.push(
      `Beslutet har fattats automatiskt (förvaltningslagen 28 §) enligt regelversion ${input.automatic.ruleVersion}.`,
    );
  }
  return { heading: 'Beslut', paragraphs, table: null };
}

function itemsSection(input: DecisionLetterInput): DecisionLetterSection {
  const rows = input.lines.map((line) => ({
    cells: [
      line.label,
      formatKronor(line.applied),
      formatKronor(line.granted),
      OUTCOME_WORDS[line.outcome],
    ],
    emphasis: false,
  }));
  if (input.countedIncome > 0) {
    rows.push({
      cells: [
        'Summa godkänt behov',
        formatKronor(sum(input.lines.map((line) => line.applied))),
        formatKronor(sum(input.lines.map((line) => line.granted))),
        '',
      ],
      emphasis: false,
    });
    rows.push({
      cells: ['Avgår: hushållets inkomster', '', `−${formatKronor(input.countedIncome)}`, ''],
      emphasis: false,
    });
  }
  rows.push({
    cells: [
      input.countedIncome > 0 ? 'Beviljat belopp' : 'Summa',
      formatKronor(sum(input.lines.map((line) => line.applied))),
      formatKronor(input.totalGranted),
      OUTCOME_WORDS[input.outcome],
    ],
    emphasis: true,
  });
  return {
    heading: 'Sökt och beviljat',
    paragraphs: [],
    table: { columns: ['Avser', 'Sökt', 'Beviljat', 'Beslut'], rows, amountColumns: [1, 2] },
  };
}

const CALCULATION_GROUPS: readonly {
  section: DecisionLetterCalculationLine['section'];
  heading: string;
}[] = [
  { section: 'norm', heading: 'Riksnorm' },
  { section: 'reasonable_costs', heading: 'Skäliga kostnader' },
  { section: 'income', heading: 'Inkomster som räknas' },
  { section: 'result', heading: 'Summering' },
];

function calculationSection(
  calculation: NonNullable<DecisionLetterInput['calculation']>,
  period: string,
): DecisionLetterSection {
  const { need, countedIncome, amount, lines } = calculation;
  const norm = sum(lines.filter((line) => line.section === 'norm').map((line) => line.amount));
  const costs = need - norm;
  const paragraphs = [
    `Din norm: riksnormen för ditt hushåll är ${formatKronor(norm)} i månaden.`,
    costs > 0
      ? `Dina skäliga kostnader, till exempel för boende och hushållsel, är ${formatKronor(costs)}. Tillsammans med riksnormen blir ditt behov ${formatKronor(need)}.`
      : `Vi har inte räknat med några kostnader utöver riksnormen. Ditt behov är ${formatKronor(need)}.`,
    countedIncome > 0
      ? `Dina inkomster: de inkomster som räknas är ${formatKronor(countedIncome)}.`
      : 'Dina inkomster: du har inga inkomster som räknas denna månad.',
    amount > 0
      ? `Det du får: behovet minus inkomsterna, ${formatKronor(need)} − ${formatKronor(countedIncome)} = ${formatKronor(amount)} i försörjningsstöd för ${period}.`
      : `Det du får: dina inkomster är lika stora som eller större än ditt behov, så försörjningsstödet för ${period} blir ${formatKronor(0)}.`,
  ];
  const rows: DecisionLetterTable['rows'] = [];
  for (const group of CALCULATION_GROUPS) {
    const members = lines.filter((line) => line.section === group.section);
    if (members.length === 0) continue;
    rows.push({ cells: [group.heading, '', ''], emphasis: true });
    for (const line of members) {
      rows.push({
        cells: [line.label, line.calculation ?? '', formatKronor(line.amount)],
        emphasis: false,
      });
    }
  }
  return {
    heading: 'Så har vi räknat',
    paragraphs,
    table:
      rows.length === 0 ? null : { columns: ['', 'Uträkning', 'Belopp'], rows, amountColumns: [2] },
  };
}

function reasonsSection(input: DecisionLetterInput): DecisionLetterSection {
  const paragraphs = input.reasons
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '');
  for (const line of input.lines) {
    if (line.deviationReason === null) continue;
    paragraphs.push(
      `${line.label} (sökt ${formatKronor(line.applied)}, beviljat ${formatKronor(line.granted)}): ${line.deviationReason.trim()}`,
    );
  }
  return { heading: 'Motivering', paragraphs, table: null };
}

function childSections(input: DecisionLetterInput): DecisionLetterSection[] {
  return (input.childImpact ?? []).map((child) => ({
    heading: `Barnets bästa – ${child.childName.trim()}`,
    paragraphs: [
      `Vi har bedömt hur beslutet påverkar ${child.childName.trim()}.`,
      child.assessment.trim(),
    ],
    table: null,
  }));
}

function legalBasisSection(input: DecisionLetterInput): DecisionLetterSection {
  return {
    heading: 'Lagrum',
    paragraphs: [
      'Beslutet har fattats med stöd av:',
      ...input.legalBasis.map((basis) => basis.citation.trim()),
    ],
    table: null,
  };
}

// No-break spaces keep "08-508 10 000" on one printed line.
export function phoneNumber(phone: string): string {
  return phone.trim().replace(/ /g, '\u00a0');
}

function unitAddress(input: DecisionLetterInput): string {
  const { municipality } = input;
  return `${municipality.name}, ${municipality.unitName}, ${municipality.postalAddress}`;
}

function appealSection(input: DecisionLetterInput): DecisionLetterSection {
  const { municipality } = input;
  if (input.appeal.kind === 'legality_review') {
    return {
      heading: 'Laglighetsprövning',
      paragraphs: [
        'Det här beslutet kan inte överklagas genom förvaltningsbesvär. Bistånd utöver det du har rätt till enligt socialtjänstlagen hör inte till de beslut som kan överklagas på det sättet.',
        'Beslutet kan i stället laglighetsprövas enligt kommunallagen (2017:725) 13 kap. Varje medlem av kommunen kan begära laglighetsprövning hos förvaltningsrätten. Begäran skickas direkt till förvaltningsrätten och ska ha kommit in dit inom tre veckor från den dag då det tillkännagavs på kommunens anslagstavla att protokollet med beslutet har justerats.',
        'Förvaltningsrätten prövar bara om beslutet har kommit till på ett lagligt sätt: om det har fattats i rätt ordning, om kommunen har hållit sig inom sina befogenheter och om beslutet strider mot lag eller annan författning. Domstolen kan bara upphäva beslutet. Den kan inte ersätta det med ett annat beslut.',
        'Skriv i begäran vilket beslut den gäller och varför du anser att beslutet inte är lagligt.',
        `Vill du veta mer kan du kontakta oss på ${municipality.unitName}, telefon ${phoneNumber(municipality.phone)}, e-post ${municipality.email}.`,
      ],
      table: null,
    };
  }
  return {
    heading: 'Hur man överklagar',
    paragraphs: [
      'Om du inte är nöjd med beslutet kan du överklaga det till förvaltningsrätten inom tre veckor från den dag du fick del av beslutet (förvaltningslagen (2017:900) 44 §).',
      `Skicka eller lämna överklagandet till oss, inte till förvaltningsrätten: ${unitAddress(input)}. Överklagandet måste ha kommit in till oss inom tre veckor. Om det kommer in för sent kan det inte prövas.`,
      `Skriv i överklagandet vilket beslut du överklagar (beslut ${input.reference} från ${input.decisionDate}), vilken ändring du vill ha och varför du anser att beslutet ska ändras. Skicka gärna med handlingar som stöder det du skriver. Skriv ditt namn och hur vi kan nå dig, och underteckna överklagandet.`,
      'Vi prövar först om vi själva ska ändra beslutet. Om vi inte ändrar det på det sätt du begär skickar vi överklagandet vidare till förvaltningsrätten.',
      `Vi hjälper dig gärna att skriva överklagandet. Kontakta ${municipality.unitName}, telefon ${phoneNumber(municipality.phone)}, e-post ${municipality.email}.`,
      `Beslutet kan överklagas enligt ${input.appeal.citation.trim()}.`,
    ],
    table: null,
  };
}

/** "Kontakt": the officer and the unit (decision and recovery letters). */
export function contactSection({
  officer,
  municipality,
}: Pick<DecisionLetterInput, 'officer' | 'municipality'>): DecisionLetterSection {
  const paragraphs = [`Har du frågor om beslutet kan du kontakta din handläggare ${officer.name}.`];
  if (officer.phone !== null) paragraphs.push(`Telefon: ${phoneNumber(officer.phone)}`);
  if (officer.email !== null) paragraphs.push(`E-post: ${officer.email}`);
  paragraphs.push(
    `${municipality.unitName}: telefon ${phoneNumber(municipality.phone)}, e-post ${municipality.email}, postadress ${municipality.postalAddress}.`,
  );
  return { heading: 'Kontakt', paragraphs, table: null };
}

/** The recipient block: name, the address unless withheld, the delivery channel. */
export function recipientLines(recipient: DecisionLetterInput['recipient']): string[] {
  const lines = [recipient.name];
  // A protected person's address must never be printed: the letter goes by the channel instead.
  if (recipient.address !== null) {
    lines.push(
      recipient.address.street,
      `${recipient.address.postalCode} ${recipient.address.city}`,
    );
  }
  if (recipient.deliveryChannel !== null) lines.push(recipient.deliveryChannel);
  return lines;
}

/** The letter's Swedish wording, in reading order. Throws `DecisionLetterInputError` first. */
export function decisionLetterText(input: DecisionLetterInput): DecisionLetterText {
  assertValidDecisionLetterInput(input);
  const period = swedishMonth(input.month);
  const sections: DecisionLetterSection[] = [decisionSection(input, period), itemsSection(input)];
  if (input.calculation !== null) sections.push(calculationSection(input.calculation, period));
  sections.push(
    reasonsSection(input),
    ...childSections(input),
    legalBasisSection(input),
    appealSection(input),
    contactSection(input),
  );
  return {
    title: letterTitle(input.kind, input.outcome),
    sender: [input.municipality.name, input.municipality.unitName],
    recipient: recipientLines(input.recipient),
    details: [
      { label: 'Beslutsdatum', value: input.decisionDate },
      { label: 'Beslut nr', value: input.reference },
      { label: 'Period', value: period },
      {
        label: 'Beslutsfattare',
        value: input.decidedBy ?? 'Automatiskt beslut (förvaltningslagen 28 §)',
      },
      { label: 'Handläggare', value: input.officer.name },
    ],
    sections,
    footer: `${input.municipality.name} · beslut ${input.reference}`,
  };
}

function tableContent(table: DecisionLetterTable): Content {
  const amount = new Set(table.amountColumns);
  const header: TableCell[] = table.columns.map((column, index) => ({
    text: column,
    style: 'tableHeader',
    alignment: amount.has(index) ? 'right' : 'left',
  }));
  const body: TableCell[][] = table.rows.map((row) =>
    row.cells.map((cell, index) => ({
      text: cell,
      bold: row.emphasis,
      alignment: amount.has(index) ? 'right' : 'left',
    })),
  );
  return {
    table: {
      headerRows: 1,
      widths: table.columns.map((_, index) => (amount.has(index) ? 'auto' : '*')),
      body: [header, ...body],
    },
    layout: 'lightHorizontalLines',
    margin: [0, 2, 0, 6],
  };
}

function sectionContent(section: DecisionLetterSection): Content[] {
  const parts: Content[] = [{ text: section.heading, style: 'heading', headlineLevel: 1 }];
  for (const paragraph of section.paragraphs) parts.push({ text: paragraph, style: 'paragraph' });
  if (section.table !== null) parts.push(tableContent(section.table));
  return parts;
}

const DELIVERY_CHANNELS: Readonly<Record<string, string>> = {
  skyddad_folkbokforing:
    'Skickas via Skatteverkets förmedling (skyddad folkbokföring); adressen skrivs inte ut',
  sekretessmarkering: 'Lämnas ut på enheten eller skickas via den kanal den sökande har angett',
};

/**
 * The recipient block of any letter to a person: the address only when the person is not
 * protected; otherwise (or when the register has no address) how the letter reaches them.
 */
export function letterRecipient(person: {
  firstName: string;
  lastName: string;
  streetAddress: string | null;
  postalCode: string | null;
  city: string | null;
  protection: string;
}): DecisionLetterInput['recipient'] {
  const protectedPerson = person.protection !== 'none';
  const hasAddress = Boolean(person.streetAddress && person.postalCode && person.city);
  return {
    name: `${person.firstName} ${person.lastName}`,
    address:
      protectedPerson || !hasAddress
        ? null
        : {
            street: person.streetAddress ?? '',
            postalCode: person.postalCode ?? '',
            city: person.city ?? '',
          },
    deliveryChannel: protectedPerson
      ? (DELIVERY_CHANNELS[person.protection] ?? 'Lämnas ut på enheten')
      : hasAddress
        ? null
        : 'Lämnas ut på enheten: adress saknas i personregistret',
  };
}

/** The pdfmake document for a letter's text; kept separate so what is printed can be checked. */
export function decisionLetterDocument(text: DecisionLetterText): TDocumentDefinitions {
  const letterhead: Content = {
    columns: [
      {
        width: '*',
        stack: text.sender.map((line, index) => ({ text: line, bold: index === 0 })),
      },
      {
        width: 'auto',
        table: {
          body: text.details.map((detail) => [
            { text: detail.label, style: 'label' },
            { text: detail.value },
          ]),
        },
        layout: 'noBorders',
      },
    ],
    margin: [0, 0, 0, 24],
  };
  // Placed where a window envelope shows it.
  const recipient: Content = {
    stack: text.recipient.map((line) => ({ text: line })),
    margin: [0, 0, 0, 28],
  };
  return {
    info: { title: text.title, creator: 'Skyddsnät' },
    pageSize: 'A4',
    pageMargins: [50, 40, 50, 50],
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.15 },
    styles: {
      title: { fontSize: 16, bold: true, margin: [0, 0, 0, 6] },
      heading: { fontSize: 12, bold: true, margin: [0, 10, 0, 3] },
      paragraph: { margin: [0, 0, 0, 4] },
      label: { bold: true, fontSize: 9 },
      tableHeader: { bold: true, fontSize: 9 },
    },
    // A heading is never left alone at the foot of a page.
    pageBreakBefore: (node, queries) =>
      node.headlineLevel === 1 && queries.getFollowingNodesOnPage().length === 0,
    footer: (currentPage: number, pageCount: number): Content => ({
      text: `${text.footer} · sida ${currentPage} av ${pageCount}`,
      fontSize: 8,
      alignment: 'center',
      color: '#555555',
    }),
    content: [
      letterhead,
      recipient,
      { text: text.title, style: 'title' },
      ...text.sections.flatMap(sectionContent),
    ],
  };
}

/** The printed letter. Throws `DecisionLetterInputError` for input that cannot make a letter. */
export async function renderDecisionLetterPdf(input: DecisionLetterInput): Promise<Buffer> {
  const text = decisionLetterText(input);
  return renderPdf(decisionLetterDocument(text));
}
