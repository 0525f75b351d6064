// The decision letter: its Swedish wording, the printed PDF read back with pdf.js, the law cited
// on each side of 2025-07-01, protected addresses, and the input it refuses.
import { describe, expect, it } from 'vitest';
import {
  calculateIncomeSupport,
  formatKronor,
  getProvision,
  parseHouseholdMonth,
} from '@skyddsnat/rules';
import { loadBundledParameterSet } from '@skyddsnat/rules/node';
import {
  DecisionLetterInputError,
  decisionLetterText,
  letterRecipient,
  renderDecisionLetterPdf,
  swedishMonth,
  type DecisionKind,
  type DecisionLetterInput,
  type DecisionLetterLine,
  type DecisionLetterText,
  type DecisionOutcome,
} from '../src/modules/decisions/letter.ts';
import { flattenWhitespace, readPdfText } from './support/pdf-text.ts';

const PROTECTED_STREET = 'Gömslestigen 17';
const PROTECTED_POSTAL_CODE = '987 65';
const PROTECTED_CITY = 'Hemligeby';

function citation(id: Parameters<typeof getProvision>[0], date: string): string {
  return getProvision(id, date).citation;
}

/** A valid letter: a partly granted regular decision under the new act, with two children. */
function letterInput(overrides: Partial<DecisionLetterInput> = {}): DecisionLetterInput {
  const decisionDate = overrides.decisionDate ?? '2026-11-03';
  return {
    reference: 'B-2026-0042',
    decisionDate,
    month: '2026-11',
    kind: 'regular',
    outcome: 'partly_granted',
    municipality: {
      name: 'Stockholms stad',
      unitName: 'Försörjningsstödsenheten Östermalm',
      postalAddress: 'Box 24156, 104 51 Stockholm',
      phone: '08-508 10 000',
      email: 'ekonomisktbistand.ostermalm@stockholm.se',
    },
    recipient: {
      name: 'Åsa Öberg',
      address: { street: 'Storgatan 3', postalCode: '114 55', city: 'Stockholm' },
      deliveryChannel: null,
    },
    lines: [
      {
        label: 'Försörjningsstöd enligt riksnormen',
        applied: 8940,
        granted: 8940,
        outcome: 'granted',
        deviationReason: null,
      },
      {
        label: 'Hyra',
        applied: 9500,
        granted: 8200,
        outcome: 'partly_granted',
        deviationReason: 'Hyran är högre än vad som är skäligt på orten. Du har haft rådrum.',
      },
      {
        label: 'Glasögon',
        applied: 2400,
        granted: 0,
        outcome: 'refused',
        deviationReason: 'Kostnaden ryms i riksnormens post för hälsa och hygien.',
      },
    ],
    countedIncome: 0,
    decidedBy: 'Eva Beslutsfattare',
    totalGranted: 17140,
    calculation: {
      need: 17140,
      countedIncome: 0,
      amount: 17140,
      lines: [
        { section: 'norm', label: 'Personlig kostnad, ensamstående', amount: 3940 },
        { section: 'norm', label: 'Personlig kostnad, barn 7–10 år', amount: 3820 },
        { section: 'norm', label: 'Gemensamma hushållskostnader, 2 personer', amount: 1180 },
        { section: 'reasonable_costs', label: 'Hyra', amount: 8200, calculation: 'skälig nivå' },
        { section: 'result', label: 'Försörjningsstöd', amount: 17140 },
      ],
    },
    reasons:
      'Du har inte kunnat tillgodose ditt behov på annat sätt.\n\nHyran är högre än skälig nivå.',
    legalBasis: overrides.legalBasis ?? [
      { citation: citation('economic-assistance.right', decisionDate) },
    ],
    appeal: overrides.appeal ?? {
      kind: 'administrative_appeal',
      citation: citation('appeal', decisionDate),
    },
    childImpact: [
      { childName: 'Ängla', assessment: 'Ängla kan bo kvar i sin skolas närhet.' },
      { childName: 'Örjan', assessment: 'Örjans fritidsaktiviteter ryms i riksnormen.' },
    ],
    officer: { name: 'Östen Ärlig', phone: '08-508 10 123', email: 'osten.arlig@stockholm.se' },
    automatic: null,
    refersTo: null,
    ...overrides,
  };
}

async function pdfText(input: DecisionLetterInput): Promise<string> {
  return (await readPdfText(await renderDecisionLetterPdf(input))).flat;
}

/** Every string of the text model, in the order the PDF must print it. */
function printedPieces(text: DecisionLetterText): string[] {
  return [
    ...text.sender,
    ...text.details.flatMap((detail) => [detail.label, detail.value]),
    ...text.recipient,
    text.title,
    ...text.sections.flatMap((section) => [
      section.heading,
      ...section.paragraphs,
      ...(section.table === null
        ? []
        : [...section.table.columns, ...section.table.rows.flatMap((row) => row.cells)]),
    ]),
  ]
    .map(flattenWhitespace)
    .filter((piece) => piece !== '');
}

/**
 * The PDF says exactly what the text model says: each piece in order, and nothing else but the
 * page footers.
 */
function expectPdfToMatchText(flat: string, text: DecisionLetterText): void {
  // Footers can fall inside a paragraph that runs over a page break: take them out first.
  const footer = flattenWhitespace(text.footer).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const footers = new RegExp(`${footer} · sida \\d+ av \\d+`, 'g');
  expect(flat).toMatch(footers);
  const body = flattenWhitespace(flat.replace(footers, ' '));
  // A table split over two pages repeats its column headings on the second.
  const repeatedHeadings = new Set(
    text.sections.flatMap((section) =>
      section.table === null ? [] : [flattenWhitespace(section.table.columns.join(' '))],
    ),
  );
  let position = 0;
  const unexplained: string[] = [];
  for (const piece of printedPieces(text)) {
    const found = body.indexOf(piece, position);
    expect(found, `"${piece}" after position ${position}`).toBeGreaterThanOrEqual(0);
    unexplained.push(body.slice(position, found).trim());
    position = found + piece.length;
  }
  unexplained.push(body.slice(position).trim());
  expect(unexplained.filter((rest) => rest !== '' && !repeatedHeadings.has(rest))).toEqual([]);
}

describe('decisionLetterText', () => {
  it('names the decision kind, the outcome and the period in Swedish', () => {
    const text = decisionLetterText(letterInput());
    expect(text.title).toBe('Beslut om ekonomiskt bistånd');
    const decision = text.sections[0];
    expect(decision?.heading).toBe('Beslut');
    expect(decision?.paragraphs[0]).toBe('Beslut: Delvis bifall');
    expect(flattenWhitespace(decision?.paragraphs[1] ?? '')).toBe(
      'Din ansökan om ekonomiskt bistånd för november 2026 bifalls delvis. Du beviljas 17 140 kr av sökta 20 840 kr.',
    );

    const titles: [DecisionKind, DecisionOutcome, string][] = [
      ['emergency', 'granted', 'Beslut om nödbistånd'],
      ['reduction', 'partly_granted', 'Beslut om nedsättning av försörjningsstöd'],
      ['reduction', 'refused', 'Beslut om att neka fortsatt försörjningsstöd'],
      ['beyond_entitlement', 'granted', 'Beslut om ekonomiskt bistånd utöver rätten till bistånd'],
    ];
    for (const [kind, outcome, title] of titles) {
      const line: DecisionLetterLine = {
        label: 'Bistånd',
        applied: 1000,
        granted: outcome === 'granted' ? 1000 : outcome === 'refused' ? 0 : 400,
        outcome,
        deviationReason: null,
      };
      const input = letterInput({
        kind,
        outcome,
        lines: [line],
        totalGranted: line.granted,
        calculation: null,
        appeal:
          kind === 'beyond_entitlement'
            ? { kind: 'legality_review' }
            : { kind: 'administrative_appeal', citation: citation('appeal', '2026-11-03') },
      });
      expect(decisionLetterText(input).title).toBe(title);
    }
    expect(swedishMonth('2026-01')).toBe('januari 2026');
    expect(swedishMonth('2025-12')).toBe('december 2025');
  });

  it('words the refusal of an application', () => {
    const line: DecisionLetterLine = {
      label: 'Tandvård',
      applied: 3200,
      granted: 0,
      outcome: 'refused',
      deviationReason: null,
    };
    const text = decisionLetterText(
      letterInput({ outcome: 'refused', lines: [line], totalGranted: 0, calculation: null }),
    );
    expect(text.sections[0]?.paragraphs).toEqual([
      'Beslut: Avslag',
      'Din ansökan om ekonomiskt bistånd för november 2026 avslås.',
    ]);
  });

  it('explains the calculation of a real CalculationResult in plain words', () => {
    const parsed = parseHouseholdMonth({
      month: '2025-09',
      members: [
        { id: 'a1', role: 'adult', birthDate: '1986-04-12' },
        { id: 'c1', role: 'child', birthDate: '2016-02-03' },
      ],
      costs: [
        { type: 'rent', amount: 8200 },
        { type: 'electricity', amount: 350 },
      ],
      incomes: [
        { type: 'child_allowance', amount: 1250 },
        { type: 'salary', memberId: 'a1', amount: 3000 },
      ],
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const result = calculateIncomeSupport(parsed.value, loadBundledParameterSet());
    const text = decisionLetterText(
      letterInput({
        decisionDate: '2025-09-02',
        month: '2025-09',
        outcome: 'granted',
        lines: [
          {
            label: 'Försörjningsstöd',
            applied: result.amount,
            granted: result.amount,
            outcome: 'granted',
            deviationReason: null,
          },
        ],
        totalGranted: result.amount,
        calculation: {
          need: result.need,
          countedIncome: result.income.counted,
          amount: result.amount,
          lines: result.trace.map((line) => ({
            section: line.section,
            label: line.label,
            amount: line.amount,
            calculation: line.calculation,
          })),
        },
      }),
    );
    const calculation = text.sections.find((section) => section.heading === 'Så har vi räknat');
    const words = (calculation?.paragraphs ?? []).map(flattenWhitespace);
    const kr = (value: number): string => flattenWhitespace(formatKronor(value));
    expect(words).toEqual([
      `Din norm: riksnormen för ditt hushåll är ${kr(result.norm.total)} i månaden.`,
      `Dina skäliga kostnader, till exempel för boende och hushållsel, är ${kr(8550)}. Tillsammans med riksnormen blir ditt behov ${kr(result.need)}.`,
      `Dina inkomster: de inkomster som räknas är ${kr(4250)}.`,
      `Det du får: behovet minus inkomsterna, ${kr(result.need)} − ${kr(4250)} = ${kr(result.amount)} i försörjningsstöd för september 2025.`,
    ]);
    const labels = calculation?.table?.rows.map((row) => row.cells[0]);
    expect(labels).toContain('Hyra');
    expect(labels).toContain('Barnbidrag');
  });

  it('says when incomes cover the need', () => {
    const text = decisionLetterText(
      letterInput({
        outcome: 'refused',
        lines: [
          {
            label: 'Försörjningsstöd',
            applied: 5000,
            granted: 0,
            outcome: 'refused',
            deviationReason: null,
          },
        ],
        totalGranted: 0,
        calculation: {
          need: 5220,
          countedIncome: 6000,
          amount: 0,
          lines: [
            { section: 'norm', label: 'Riksnorm, ensamstående', amount: 5220 },
            { section: 'income', label: 'Lön', amount: 6000 },
          ],
        },
      }),
    );
    const words = text.sections.find((section) => section.heading === 'Så har vi räknat');
    expect(words?.paragraphs.map(flattenWhitespace)).toContain(
      'Det du får: dina inkomster är lika stora som eller större än ditt behov, så försörjningsstödet för november 2026 blir 0 kr.',
    );
    expect(words?.paragraphs.map(flattenWhitespace)).toContain(
      'Vi har inte räknat med några kostnader utöver riksnormen. Ditt behov är 5 220 kr.',
    );
  });
});

describe('renderDecisionLetterPdf', () => {
  it('prints å ä ö Å Ä Ö as themselves, readable back from the PDF', async () => {
    const flat = await pdfText(
      letterInput({ reasons: 'Tecknen å ä ö Å Ä Ö ska gå att läsa: Åre, Älmhult, Örebro.' }),
    );
    expect(flat).toContain('Tecknen å ä ö Å Ä Ö ska gå att läsa: Åre, Älmhult, Örebro.');
    expect(flat).toContain('Åsa Öberg');
    expect(flat).toContain('Försörjningsstödsenheten Östermalm');
    expect(flat).toContain('Barnets bästa – Ängla');
    expect(flat).not.toContain('\uFFFD');
  });

  it('prints the decision, the items, the amounts, the reasons and the law applied', async () => {
    const flat = await pdfText(letterInput({ reference: 'B-2026-0777' }));
    for (const expected of [
      'Beslut om ekonomiskt bistånd',
      'Beslutsdatum 2026-11-03',
      'Beslut nr B-2026-0777',
      'Period november 2026',
      'Beslut: Delvis bifall',
      'Avser Sökt Beviljat Beslut',
      'Försörjningsstöd enligt riksnormen 8 940 kr 8 940 kr Bifall',
      'Hyra 9 500 kr 8 200 kr Delvis bifall',
      'Glasögon 2 400 kr 0 kr Avslag',
      'Summa 20 840 kr 17 140 kr Delvis bifall',
      'Din norm: riksnormen för ditt hushåll är 8 940 kr i månaden.',
      'Det du får: behovet minus inkomsterna, 17 140 kr − 0 kr = 17 140 kr i försörjningsstöd för november 2026.',
      'Motivering Du har inte kunnat tillgodose ditt behov på annat sätt. Hyran är högre än skälig nivå.',
      'Hyra (sökt 9 500 kr, beviljat 8 200 kr): Hyran är högre än vad som är skäligt på orten.',
      'Glasögon (sökt 2 400 kr, beviljat 0 kr): Kostnaden ryms',
      'Barnets bästa – Ängla Vi har bedömt hur beslutet påverkar Ängla. Ängla kan bo kvar',
      'Barnets bästa – Örjan Vi har bedömt hur beslutet påverkar Örjan. Örjans fritidsaktiviteter',
      'Lagrum Beslutet har fattats med stöd av: Socialtjänstlagen (2025:400) 12 kap. 1 §',
      'Kontakt Har du frågor om beslutet kan du kontakta din handläggare Östen Ärlig.',
      'Telefon: 08-508 10 123',
      'E-post: osten.arlig@stockholm.se',
    ]) {
      expect(flat).toContain(expected);
    }
    expect(flat).not.toContain('automatiskt');
    expect(flat).not.toContain('ersätter beslut');
  });

  it('says that and by which rule version a decision was made automatically, and what it replaces', async () => {
    const flat = await pdfText(
      letterInput({
        automatic: { ruleVersion: 'regler-2026.11' },
        refersTo: { reference: 'B-2026-0031', decisionDate: '2026-10-28' },
      }),
    );
    expect(flat).toContain(
      'Beslutet har fattats automatiskt (förvaltningslagen 28 §) enligt regelversion regler-2026.11.',
    );
    expect(flat).toContain('Detta beslut ersätter beslut B-2026-0031 från 2026-10-28.');
  });

  it('tells how to appeal, citing the old act for a decision of 2025-06-30', async () => {
    const date = '2025-06-30';
    const appeal = citation('appeal', date);
    expect(appeal).toBe('Socialtjänstlagen (2001:453) 16 kap. 3 §');
    const flat = await pdfText(
      letterInput({
        decisionDate: date,
        month: '2025-07',
        legalBasis: [{ citation: citation('economic-assistance.right', date) }],
        appeal: { kind: 'administrative_appeal', citation: appeal },
      }),
    );
    expect(flat).toContain(
      'Beslutet kan överklagas enligt Socialtjänstlagen (2001:453) 16 kap. 3 §.',
    );
    expect(flat).toContain('Socialtjänstlagen (2001:453) 4 kap. 1 §');
    expect(flat).not.toContain('35 kap.');
    expect(flat).not.toContain('2025:400');
  });

  it('tells how to appeal, citing the new act for a decision of 2025-07-01', async () => {
    const date = '2025-07-01';
    const appeal = citation('appeal', date);
    expect(appeal).toBe('Socialtjänstlagen (2025:400) 35 kap. 1 §');
    const flat = await pdfText(
      letterInput({
        reference: 'B-2025-1001',
        decisionDate: date,
        month: '2025-07',
        legalBasis: [{ citation: citation('economic-assistance.right', date) }],
        appeal: { kind: 'administrative_appeal', citation: appeal },
      }),
    );
    expect(flat).toContain(
      'Hur man överklagar Om du inte är nöjd med beslutet kan du överklaga det till förvaltningsrätten inom tre veckor från den dag du fick del av beslutet (förvaltningslagen (2017:900) 44 §).',
    );
    expect(flat).toContain(
      'Skicka eller lämna överklagandet till oss, inte till förvaltningsrätten: Stockholms stad, Försörjningsstödsenheten Östermalm, Box 24156, 104 51 Stockholm.',
    );
    expect(flat).toContain(
      'Skriv i överklagandet vilket beslut du överklagar (beslut B-2025-1001 från 2025-07-01), vilken ändring du vill ha och varför du anser att beslutet ska ändras.',
    );
    expect(flat).toContain('Vi hjälper dig gärna att skriva överklagandet.');
    expect(flat).toContain(
      'Beslutet kan överklagas enligt Socialtjänstlagen (2025:400) 35 kap. 1 §.',
    );
    expect(flat).not.toContain('16 kap. 3 §');
    expect(flat).not.toContain('2001:453');
  });

  it('points a 12 kap. 2 § decision to laglighetsprövning and never to förvaltningsbesvär', async () => {
    const date = '2026-03-10';
    const flat = await pdfText(
      letterInput({
        decisionDate: date,
        month: '2026-03',
        kind: 'beyond_entitlement',
        outcome: 'refused',
        lines: [
          {
            label: 'Möbler',
            applied: 6000,
            granted: 0,
            outcome: 'refused',
            deviationReason: null,
          },
        ],
        totalGranted: 0,
        calculation: null,
        legalBasis: [{ citation: citation('economic-assistance.beyond-entitlement', date) }],
        appeal: { kind: 'legality_review' },
      }),
    );
    expect(flat).toContain('Beslut om ekonomiskt bistånd utöver rätten till bistånd');
    expect(flat).toContain('Socialtjänstlagen (2025:400) 12 kap. 2 §');
    expect(flat).toContain('Det här beslutet kan inte överklagas genom förvaltningsbesvär.');
    expect(flat).toContain('laglighetsprövas enligt kommunallagen (2017:725) 13 kap.');
    expect(flat).toContain(
      'Varje medlem av kommunen kan begära laglighetsprövning hos förvaltningsrätten.',
    );
    expect(flat).toContain('kommunens anslagstavla att protokollet med beslutet har justerats');
    expect(flat).toContain('Domstolen kan bara upphäva beslutet. Den kan inte ersätta det');
    expect(flat).not.toContain('förvaltningsrätten inom tre veckor från den dag du fick del');
    expect(flat).not.toContain('fick del av beslutet');
    expect(flat).not.toContain('44 §');
    expect(flat).not.toContain('Hur man överklagar');
    expect(flat).not.toContain('35 kap.');
  });

  it('prints an unprotected recipient’s address, so the extraction would find one', async () => {
    const flat = await pdfText(
      letterInput({
        recipient: {
          name: 'Åsa Öberg',
          address: {
            street: PROTECTED_STREET,
            postalCode: PROTECTED_POSTAL_CODE,
            city: PROTECTED_CITY,
          },
          deliveryChannel: null,
        },
      }),
    );
    expect(flat).toContain(
      `Åsa Öberg ${PROTECTED_STREET} ${PROTECTED_POSTAL_CODE} ${PROTECTED_CITY}`,
    );
  });
});

// A small deterministic generator (mulberry32), so a failing letter can be reproduced by its seed.
function randomSource(seed: number): {
  int: (max: number) => number;
  pick: <T>(items: readonly T[]) => T;
} {
  let state = seed >>> 0;
  function next(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  const int = (max: number): number => Math.floor(next() * max);
  return {
    int,
    pick: <T>(items: readonly T[]): T => {
      const item = items[int(items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
  };
}

const ITEM_LABELS = [
  'Försörjningsstöd enligt riksnormen',
  'Hyra',
  'Hushållsel',
  'Hemförsäkring',
  'Arbetsresor',
  'Tandvård',
  'Glasögon',
  'Läkarvård och medicin',
  'Barnomsorgsavgift',
  'Umgängesresor',
  'Hemutrustning',
  'Begravningskostnad',
];
const CHILD_NAMES = ['Ängla', 'Örjan', 'Åke', 'Märta', 'Björn', 'Saga'];
const REASON_SENTENCES = [
  'Du har inte kunnat tillgodose ditt behov på annat sätt.',
  'Hushållets inkomster räcker inte till en skälig levnadsnivå.',
  'Kostnaden är inte nödvändig för att uppnå en skälig levnadsnivå.',
  'Vi har tagit hänsyn till det du berättade vid besöket på enheten.',
  'Du har stått till arbetsmarknadens förfogande och följt planeringen.',
];
const DECISION_DATES = ['2025-03-14', '2025-06-30', '2025-07-01', '2025-12-19', '2026-11-03'];

/** A protected recipient's letter with varied kind, items, calculation, children and length. */
function generatedProtectedLetter(seed: number): DecisionLetterInput {
  const random = randomSource(seed);
  const kinds: DecisionKind[] = ['regular', 'emergency', 'reduction', 'beyond_entitlement'];
  const kind = random.pick(kinds);
  // 12 kap. 2 § is catalogued only from 2025-07-01.
  const decisionDate =
    kind === 'beyond_entitlement'
      ? random.pick(DECISION_DATES.filter((date) => date >= '2025-07-01'))
      : random.pick(DECISION_DATES);
  const lines: DecisionLetterLine[] = Array.from({ length: 1 + random.int(12) }, (_, index) => {
    const applied = 100 + random.int(15000);
    const outcome = random.pick<DecisionOutcome>(['granted', 'partly_granted', 'refused']);
    const granted =
      outcome === 'granted' ? applied : outcome === 'refused' ? 0 : 1 + random.int(applied - 1);
    return {
      label: ITEM_LABELS[index] ?? `Post ${index + 1}`,
      applied,
      granted,
      outcome,
      deviationReason: outcome === 'granted' ? null : random.pick(REASON_SENTENCES),
    };
  });
  // A reduction is never granted in full: make one item partly granted.
  if (kind === 'reduction' && lines.every((line) => line.outcome === 'granted')) {
    const first = lines[0];
    if (first)
      lines[0] = {
        ...first,
        granted: 1,
        applied: Math.max(first.applied, 2),
        outcome: 'partly_granted',
      };
  }
  const outcome: DecisionOutcome = lines.every((line) => line.outcome === 'granted')
    ? 'granted'
    : lines.every((line) => line.outcome === 'refused')
      ? 'refused'
      : 'partly_granted';
  const totalGranted = lines.reduce((total, line) => total + line.granted, 0);
  const norm = 3000 + random.int(9000);
  const rent = random.int(12000);
  const income = random.int(20000);
  const need = norm + rent;
  const children = random.int(4);
  const month = decisionDate.slice(0, 7);
  return letterInput({
    reference: `B-${seed}`,
    decisionDate,
    month,
    kind,
    outcome,
    // The recipient as the service builds it from a protected person whose register row does
    // hold an address: it is letterRecipient() that must keep it out of the letter.
    recipient: letterRecipient({
      firstName: random.pick(['Åsa', 'Märta', 'Ömer']),
      lastName: random.pick(['Öberg', 'Ek', 'Åberg']),
      streetAddress: PROTECTED_STREET,
      postalCode: PROTECTED_POSTAL_CODE,
      city: PROTECTED_CITY,
      protection: random.pick(['sekretessmarkering', 'skyddad_folkbokforing']),
    }),
    lines,
    totalGranted,
    calculation:
      random.int(3) === 0
        ? null
        : {
            need,
            countedIncome: income,
            amount: Math.max(0, need - income),
            lines: [
              { section: 'norm', label: 'Riksnorm för hushållet', amount: norm },
              { section: 'reasonable_costs', label: 'Hyra', amount: rent },
              { section: 'income', label: 'Lön', amount: income, calculation: 'lön efter skatt' },
              { section: 'result', label: 'Försörjningsstöd', amount: Math.max(0, need - income) },
            ],
          },
    reasons: Array.from({ length: 1 + random.int(40) }, () => random.pick(REASON_SENTENCES)).join(
      random.int(2) === 0 ? ' ' : '\n\n',
    ),
    legalBasis: [
      {
        citation: citation(
          kind === 'beyond_entitlement'
            ? 'economic-assistance.beyond-entitlement'
            : kind === 'reduction'
              ? 'economic-assistance.reduction'
              : 'economic-assistance.right',
          decisionDate,
        ),
      },
    ],
    appeal:
      kind === 'beyond_entitlement'
        ? { kind: 'legality_review' }
        : { kind: 'administrative_appeal', citation: citation('appeal', decisionDate) },
    childImpact:
      children === 0
        ? null
        : CHILD_NAMES.slice(0, children).map((childName) => ({
            childName,
            assessment: `${childName}s vardag påverkas inte av beslutet.`,
          })),
    automatic: random.int(2) === 0 ? null : { ruleVersion: `regler-${month}` },
    refersTo: random.int(4) === 0 ? { reference: `B-${seed - 1}`, decisionDate } : null,
  });
}

describe('protected recipients across many letters', () => {
  it('never prints an address, prints what the text model says, and renders quickly', async () => {
    const count = 100;
    const inputs = Array.from({ length: count }, (_, index) => generatedProtectedLetter(index + 1));
    const started = performance.now();
    const pdfs: Buffer[] = [];
    for (const input of inputs) pdfs.push(await renderDecisionLetterPdf(input));
    const msPerLetter = (performance.now() - started) / count;
    console.info(`decision letters: ${msPerLetter.toFixed(1)} ms per letter over ${count}`);

    let longest = 0;
    for (const [index, input] of inputs.entries()) {
      const pdf = pdfs[index];
      if (pdf === undefined) throw new Error('missing pdf');
      const read = await readPdfText(pdf);
      longest = Math.max(longest, read.pageCount);
      const raw = read.pages.join('\n');
      for (const secret of [PROTECTED_STREET, PROTECTED_POSTAL_CODE, PROTECTED_CITY, 'Storgatan']) {
        expect(raw, `letter ${input.reference}`).not.toContain(secret);
        expect(read.flat, `letter ${input.reference}`).not.toContain(secret);
      }
      const text = decisionLetterText(input);
      expect(text.recipient).toEqual([input.recipient.name, input.recipient.deliveryChannel]);
      expect(read.flat).toContain(
        `${input.recipient.name} ${input.recipient.deliveryChannel ?? ''}`,
      );
      expectPdfToMatchText(read.flat, text);
    }
    // The generator made long letters too, so page breaks were exercised.
    expect(longest).toBeGreaterThanOrEqual(3);
    expect(msPerLetter).toBeLessThan(1000);
  }, 120_000);
});

describe('input the letter refuses', () => {
  function expectRefused(input: DecisionLetterInput, problem: RegExp): void {
    let caught: unknown;
    try {
      decisionLetterText(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DecisionLetterInputError);
    expect((caught as DecisionLetterInputError).problems.join('\n')).toMatch(problem);
  }

  it('refuses a letter without reasons or legal basis', () => {
    expectRefused(letterInput({ reasons: '' }), /reasons .* is empty/);
    expectRefused(letterInput({ reasons: ' \n\t ' }), /reasons .* is empty/);
    expectRefused(letterInput({ legalBasis: [] }), /legalBasis is empty/);
    expectRefused(letterInput({ legalBasis: [{ citation: ' ' }] }), /legalBasis\[0\]\.citation/);
  });

  it('refuses amounts that do not add up', () => {
    expectRefused(
      letterInput({ totalGranted: 17141 }),
      /totalGranted 17141 is not the lines less counted incomes, 17140/,
    );
    const base = letterInput();
    const calculation = base.calculation;
    if (calculation === null) throw new Error('fixture has a calculation');
    expectRefused(
      letterInput({ calculation: { ...calculation, amount: 17000 } }),
      /calculation\.amount 17000/,
    );
    expectRefused(
      letterInput({ calculation: { ...calculation, need: 17000, amount: 17000 } }),
      /norm and reasonable-cost lines add up to 17140, not 17000/,
    );
    expectRefused(
      letterInput({
        lines: [
          {
            label: 'Hyra',
            applied: 100.5,
            granted: 100.5,
            outcome: 'granted',
            deviationReason: null,
          },
        ],
        totalGranted: 100.5,
        calculation: null,
      }),
      /whole non-negative kronor/,
    );
  });

  it('refuses outcomes the items contradict', () => {
    expectRefused(
      letterInput({ outcome: 'granted' }),
      /outcome is granted but the lines add up to partly_granted/,
    );
    expectRefused(
      letterInput({
        lines: [
          { label: 'Hyra', applied: 100, granted: 50, outcome: 'refused', deviationReason: null },
        ],
        totalGranted: 50,
        calculation: null,
      }),
      /lines\[0\] is refused but grants 50/,
    );
  });

  it('refuses an empty child impact list', () => {
    expectRefused(letterInput({ childImpact: [] }), /childImpact is an empty list/);
    expectRefused(
      letterInput({ childImpact: [{ childName: 'Ängla', assessment: '' }] }),
      /childImpact\[0\]\.assessment is empty/,
    );
  });

  it('refuses a protected recipient with no way to reach them', () => {
    expectRefused(
      letterInput({ recipient: { name: 'Åsa Öberg', address: null, deliveryChannel: null } }),
      /no address and no deliveryChannel/,
    );
  });

  it('refuses appeal instructions that do not fit the decision', () => {
    expectRefused(
      letterInput({
        appeal: { kind: 'administrative_appeal', citation: citation('appeal', '2025-06-30') },
      }),
      /not the one in force on 2026-11-03: "Socialtjänstlagen \(2025:400\) 35 kap\. 1 §"/,
    );
    expectRefused(
      letterInput({ appeal: { kind: 'legality_review' } }),
      /appealable by förvaltningsbesvär/,
    );
    expectRefused(
      letterInput({
        kind: 'beyond_entitlement',
        legalBasis: [
          { citation: citation('economic-assistance.beyond-entitlement', '2026-11-03') },
        ],
      }),
      /only be reviewed by laglighetsprövning/,
    );
  });

  it('refuses bad dates and a reduction granted in full', () => {
    const cited = { legalBasis: letterInput().legalBasis, appeal: letterInput().appeal };
    expectRefused(
      letterInput({ decisionDate: '2026-02-30', ...cited }),
      /decisionDate is not YYYY-MM-DD/,
    );
    expectRefused(letterInput({ month: '2026-13' }), /month is not YYYY-MM/);
    expectRefused(
      letterInput({ refersTo: { reference: 'B-1', decisionDate: '2026-12-01' } }),
      /refersTo\.decisionDate is after/,
    );
    const line: DecisionLetterLine = {
      label: 'Försörjningsstöd',
      applied: 100,
      granted: 100,
      outcome: 'granted',
      deviationReason: null,
    };
    expectRefused(
      letterInput({
        kind: 'reduction',
        outcome: 'granted',
        lines: [line],
        totalGranted: 100,
        calculation: null,
      }),
      /reduction cannot be granted in full/,
    );
  });

  it('refuses to render a PDF from invalid input', async () => {
    await expect(renderDecisionLetterPdf(letterInput({ reasons: '' }))).rejects.toBeInstanceOf(
      DecisionLetterInputError,
    );
  });
});
