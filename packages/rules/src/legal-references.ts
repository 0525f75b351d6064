// Dated, cited catalogue of the statute provisions Skyddsnät cites, and lookups by date.
import { assertPlainDate, isPlainDate } from './plain-date.ts';

/**
 * `verified`: the paragraph number was confirmed against a stored primary or official source
 * (shared/reference/law-and-rules.md). `derived`: taken from that file's old→new mapping
 * without such confirmation; check the SFS text before relying on it in a decision.
 */
export type ProvisionStatus = 'verified' | 'derived';

export type Act = { readonly sfs: string; readonly title: string };

export type LegalProvision<Id extends string = string> = {
  /** Stable identifier of what the provision is for; the paragraph behind it changes over time. */
  readonly id: Id;
  readonly act: Act;
  readonly chapter: number;
  /** As written after "kap.": '1 §', '7–9 §§', '1 a, 1 b och 3 §§'. */
  readonly sections: string;
  /** First day in force, `YYYY-MM-DD`. */
  readonly validFrom: string;
  /** First day no longer in force (exclusive), or null while still in force. */
  readonly validTo: string | null;
  /** Swedish, as printed in a decision letter. */
  readonly citation: string;
  readonly source: string;
  readonly status: ProvisionStatus;
  /** What a caller must know to use the provision correctly (appealability, lookup date). */
  readonly note?: string;
};

export const PROVISION_IDS = [
  'economic-assistance.right',
  'economic-assistance.beyond-entitlement',
  'economic-assistance.norm-calculation',
  'economic-assistance.national-norm',
  'economic-assistance.earned-income-disregard',
  'economic-assistance.child-income',
  'economic-assistance.reduction',
  'appeal',
  'recovery',
  'documentation',
  'disposal',
  'lex-sarah',
] as const;

export type ProvisionId = (typeof PROVISION_IDS)[number];

export const SOCIAL_SERVICES_ACT_2001: Act = Object.freeze({
  sfs: '2001:453',
  title: 'Socialtjänstlag',
});

export const SOCIAL_SERVICES_ACT_2025: Act = Object.freeze({
  sfs: '2025:400',
  title: 'Socialtjänstlag',
});

/** The day SFS 2025:400 replaced SFS 2001:453. */
export const SOCIAL_SERVICES_ACT_2025_IN_FORCE = '2025-07-01';

/**
 * The reference does not say when each old paragraph number took effect; the earliest date it
 * attests for the old 4 kap. set is SFS 2013:421 (4 kap. 1 b §, in force 2013-07-01). Old-act
 * entries start there so that an earlier date fails loudly instead of getting a guessed citation.
 */
const OLD_ACT_COVERED_FROM = '2013-07-01';

const NEW_ACT_SOURCE =
  'SFS 2025:400, konsoliderad t.o.m. 2025-12-15: https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/socialtjanstlag-2025400_sfs-2025-400/';

// For old paragraphs that only the reference's own mapping gives: the act itself is the source
// to check them against.
const OLD_ACT_UNCONFIRMED_SOURCE =
  'SFS 2001:453 (paragraph number not confirmed in a stored source)';

type ProvisionFields = Omit<LegalProvision<ProvisionId>, 'act' | 'citation'>;
type DatedFields = Omit<ProvisionFields, 'validFrom' | 'validTo'> & {
  readonly validFrom?: string;
};

// The citation is built from the same fields it describes so that the two cannot disagree.
function provision(act: Act, fields: ProvisionFields): LegalProvision<ProvisionId> {
  return Object.freeze({
    ...fields,
    act,
    citation: `Socialtjänstlagen (${act.sfs}) ${fields.chapter} kap. ${fields.sections}`,
  });
}

function oldAct(fields: DatedFields): LegalProvision<ProvisionId> {
  return provision(SOCIAL_SERVICES_ACT_2001, {
    validFrom: OLD_ACT_COVERED_FROM,
    ...fields,
    validTo: SOCIAL_SERVICES_ACT_2025_IN_FORCE,
  });
}

function newAct(fields: DatedFields): LegalProvision<ProvisionId> {
  return provision(SOCIAL_SERVICES_ACT_2025, {
    validFrom: SOCIAL_SERVICES_ACT_2025_IN_FORCE,
    ...fields,
    validTo: null,
  });
}

/** Every catalogued provision version, old act before new within each id. */
export const LEGAL_PROVISIONS: readonly LegalProvision<ProvisionId>[] = Object.freeze([
  oldAct({
    id: 'economic-assistance.right',
    chapter: 4,
    sections: '1 §',
    source: 'SFS 2021:159 (confirms SoL 2001:453 4 kap. 1 §)',
    status: 'verified',
  }),
  newAct({
    id: 'economic-assistance.right',
    chapter: 12,
    sections: '1 §',
    source: NEW_ACT_SOURCE,
    status: 'verified',
  }),

  // The reference maps this to old 4 kap. 2 §, unconfirmed. It is deliberately left out: this id
  // is scoped to SFS 2025:400, so a lookup before 2025-07-01 finds nothing rather than citing an
  // unconfirmed paragraph.
  newAct({
    id: 'economic-assistance.beyond-entitlement',
    chapter: 12,
    sections: '2 §',
    source: NEW_ACT_SOURCE,
    status: 'verified',
    note: 'Not appealable by förvaltningsbesvär: 12 kap. 2 § is not listed in 35 kap. 1 §. The decision letter must point to laglighetsprövning under kommunallagen 13 kap. instead.',
  }),

  oldAct({
    id: 'economic-assistance.norm-calculation',
    chapter: 4,
    sections: '1 a, 1 b och 3 §§',
    source: 'SFS 2013:421 (4 kap. 1 a, 1 b §§); Regeringen riksnorm article 2023 (4 kap. 3 §)',
    status: 'verified',
  }),
  newAct({
    id: 'economic-assistance.norm-calculation',
    chapter: 12,
    sections: '7–9 §§',
    source: NEW_ACT_SOURCE,
    status: 'verified',
    note: '12 kap. 7 a § (fritidskort, SFS 2025:762, from 2025-09-08) falls inside the range.',
  }),

  oldAct({
    id: 'economic-assistance.national-norm',
    chapter: 4,
    sections: '3 §',
    source: 'Regeringen riksnorm article 2023 (confirms SoL 2001:453 4 kap. 3 §)',
    status: 'verified',
  }),
  newAct({
    id: 'economic-assistance.national-norm',
    chapter: 12,
    sections: '7 §',
    source: NEW_ACT_SOURCE,
    status: 'verified',
  }),

  oldAct({
    id: 'economic-assistance.earned-income-disregard',
    chapter: 4,
    sections: '1 b §',
    validFrom: '2013-07-01',
    source: 'SFS 2013:421 (introduces SoL 2001:453 4 kap. 1 b §, in force 2013-07-01)',
    status: 'verified',
  }),
  newAct({
    id: 'economic-assistance.earned-income-disregard',
    chapter: 12,
    sections: '8 §',
    source: NEW_ACT_SOURCE,
    status: 'verified',
  }),

  oldAct({
    id: 'economic-assistance.child-income',
    chapter: 4,
    sections: '1 a §',
    source: 'SFS 2013:421 (confirms SoL 2001:453 4 kap. 1 a §)',
    status: 'verified',
  }),
  newAct({
    id: 'economic-assistance.child-income',
    chapter: 12,
    sections: '9 §',
    source: NEW_ACT_SOURCE,
    status: 'verified',
  }),

  oldAct({
    id: 'economic-assistance.reduction',
    chapter: 4,
    sections: '5 §',
    source: OLD_ACT_UNCONFIRMED_SOURCE,
    status: 'derived',
  }),
  newAct({
    id: 'economic-assistance.reduction',
    chapter: 12,
    sections: '5 §',
    source: NEW_ACT_SOURCE,
    status: 'verified',
    note: 'Appealable by förvaltningsbesvär (35 kap. 1 § första stycket 2).',
  }),

  oldAct({
    id: 'appeal',
    chapter: 16,
    sections: '3 §',
    source: OLD_ACT_UNCONFIRMED_SOURCE,
    status: 'derived',
  }),
  newAct({
    id: 'appeal',
    chapter: 35,
    sections: '1 §',
    source: NEW_ACT_SOURCE,
    status: 'verified',
    note: 'SFS 2025:400 transitional provision 6: appeals of decisions made before 2025-07-01 follow the old act, so look this up on the decision date, not the appeal date.',
  }),

  oldAct({
    id: 'recovery',
    chapter: 9,
    sections: '1–2 §§',
    source: OLD_ACT_UNCONFIRMED_SOURCE,
    status: 'derived',
  }),
  newAct({
    id: 'recovery',
    chapter: 33,
    sections: '1–3 §§',
    source: NEW_ACT_SOURCE,
    status: 'verified',
    note: 'SFS 2025:400 transitional provision 5: recovery of assistance granted before 2025-07-01 follows the old act, so look this up on the date the assistance was granted. Court action, the three-year limit and waiver are 33 kap. 4–6 §§.',
  }),

  oldAct({
    id: 'documentation',
    chapter: 11,
    sections: '5 §',
    source: OLD_ACT_UNCONFIRMED_SOURCE,
    status: 'derived',
  }),
  newAct({
    id: 'documentation',
    chapter: 14,
    sections: '3 §',
    source: NEW_ACT_SOURCE,
    status: 'verified',
    note: 'Exceptions are 14 kap. 4–5 §§, integrity and the right to object to an entry 6 §, secure storage 7 §.',
  }),

  oldAct({
    id: 'disposal',
    chapter: 12,
    sections: '1 §',
    source: OLD_ACT_UNCONFIRMED_SOURCE,
    status: 'derived',
  }),
  newAct({
    id: 'disposal',
    chapter: 16,
    sections: '1 §',
    source: NEW_ACT_SOURCE,
    status: 'verified',
    note: 'Exceptions are 16 kap. 2, 2 a (from 2026-01-15), 3 and 4 §§.',
  }),

  oldAct({
    id: 'lex-sarah',
    chapter: 14,
    sections: '2–7 §§',
    source: OLD_ACT_UNCONFIRMED_SOURCE,
    status: 'derived',
    note: 'A municipal guideline cites 14 kap. 3–7 §§; 2 § is the general duty to contribute to quality.',
  }),
  newAct({
    id: 'lex-sarah',
    chapter: 27,
    sections: '1–6 §§',
    source: NEW_ACT_SOURCE,
    status: 'verified',
    note: 'The duty to contribute to quality is now 5 kap. 1 § andra stycket. 27 kap. 7 § (from 2026-01-01, reporting unlicensed activity to IVO) is not part of lex Sarah.',
  }),
]);

/** `id@validFrom`: names one version of a provision, for a decision to record what it cited. */
export function provisionVersionKey(provision: LegalProvision): string {
  return `${provision.id}@${provision.validFrom}`;
}

function isInForce(provision: LegalProvision, date: string): boolean {
  // Strings compare in calendar order only because every date has been validated as YYYY-MM-DD.
  return provision.validFrom <= date && (provision.validTo === null || date < provision.validTo);
}

// Code-point order, not locale order: ids and validated dates are ASCII.
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describePeriod(provision: LegalProvision): string {
  return provision.validTo === null
    ? `from ${provision.validFrom}`
    : `from ${provision.validFrom} until ${provision.validTo} (exclusive)`;
}

export type ProvisionLookup<Id extends string> = {
  /** The version of `id` in force on `date`, or undefined when none is. */
  readonly find: (id: Id, date: string) => LegalProvision<Id> | undefined;
  /** The version of `id` in force on `date`; throws an Error naming both when none is. */
  readonly get: (id: Id, date: string) => LegalProvision<Id>;
  /** Every provision in force on `date`, ordered by id. */
  readonly inForce: (date: string) => readonly LegalProvision<Id>[];
};

/**
 * Lookups over any catalogue; the exported functions below use `LEGAL_PROVISIONS`. Every lookup
 * refuses a date that is not a strict `YYYY-MM-DD` calendar date with a RangeError.
 */
export function createProvisionLookup<Id extends string>(
  catalogue: readonly LegalProvision<Id>[],
): ProvisionLookup<Id> {
  function find(id: Id, date: string): LegalProvision<Id> | undefined {
    assertPlainDate(date, `The date for legal provision '${id}'`);
    const matches = catalogue.filter((entry) => entry.id === id && isInForce(entry, date));
    // validateCatalogue rules this out; if it happens anyway, picking one would cite a guess.
    if (matches.length > 1) {
      throw new Error(
        `Legal provision '${id}' has ${matches.length} versions in force on ${date}; the catalogue has overlapping periods`,
      );
    }
    return matches[0];
  }

  function get(id: Id, date: string): LegalProvision<Id> {
    const found = find(id, date);
    if (found) return found;
    const versions = catalogue.filter((entry) => entry.id === id);
    if (versions.length === 0) {
      throw new Error(`No legal provision '${id}' is catalogued (asked for ${date})`);
    }
    const periods = versions.map(describePeriod).join('; ');
    throw new Error(
      `No version of legal provision '${id}' is in force on ${date}; catalogued periods: ${periods}`,
    );
  }

  function inForce(date: string): readonly LegalProvision<Id>[] {
    assertPlainDate(date, 'The date for provisions in force');
    return catalogue
      .filter((entry) => isInForce(entry, date))
      .sort((a, b) => compareStrings(a.id, b.id));
  }

  return { find, get, inForce };
}

const catalogueLookup = createProvisionLookup(LEGAL_PROVISIONS);

/** The version of `id` in force on `date` (`YYYY-MM-DD`), or undefined when none is. */
export function findProvision(
  id: ProvisionId,
  date: string,
): LegalProvision<ProvisionId> | undefined {
  return catalogueLookup.find(id, date);
}

/** The version of `id` in force on `date` (`YYYY-MM-DD`); throws naming both when none is. */
export function getProvision(id: ProvisionId, date: string): LegalProvision<ProvisionId> {
  return catalogueLookup.get(id, date);
}

/** Every catalogued provision in force on `date` (`YYYY-MM-DD`), ordered by id. */
export function provisionsInForce(date: string): readonly LegalProvision<ProvisionId>[] {
  return catalogueLookup.inForce(date);
}

// Lower-case words joined by hyphens, in dot-separated segments: 'economic-assistance.right'.
const ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*)*$/;
const SFS_PATTERN = /^\d{4}:\d+$/;
// One section ('1 §', '1 a §') or several joined by a range, commas or 'och' ('7–9 §§').
const SECTION = String.raw`\d+(?: [a-z])?`;
const SECTIONS_PATTERN = new RegExp(`^${SECTION}(?:(?:–|, | och )${SECTION})*$`);
const KNOWN_KEYS = new Set([
  'id',
  'act',
  'chapter',
  'sections',
  'validFrom',
  'validTo',
  'citation',
  'source',
  'status',
  'note',
]);
const STATUSES: ReadonlySet<string> = new Set<ProvisionStatus>(['verified', 'derived']);

function entryProblems(entry: LegalProvision): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(entry)) {
    if (!KNOWN_KEYS.has(key)) problems.push(`unknown key '${key}'`);
  }
  if (!ID_PATTERN.test(entry.id)) problems.push('id is not lower-case kebab/dot case');
  if (!SFS_PATTERN.test(entry.act.sfs)) problems.push(`act.sfs '${entry.act.sfs}' is not YYYY:N`);
  if (entry.act.title.trim() === '') problems.push('act.title is empty');
  if (!Number.isInteger(entry.chapter) || entry.chapter < 1) {
    problems.push(`chapter ${entry.chapter} is not a positive integer`);
  }

  const match = /^(.*) (§§?)$/.exec(entry.sections);
  const list = match?.[1];
  if (list === undefined || !SECTIONS_PATTERN.test(list)) {
    problems.push(`sections '${entry.sections}' is not like '1 §' or '7–9 §§'`);
  } else {
    const several = /–|,| och /.test(list);
    if (several !== (match?.[2] === '§§')) {
      problems.push(`sections '${entry.sections}' should end '${several ? '§§' : '§'}'`);
    }
  }

  const { validFrom, validTo } = entry;
  const fromOk = isPlainDate(validFrom);
  if (!fromOk) problems.push(`validFrom '${validFrom}' is not a YYYY-MM-DD date`);
  if (validTo !== null) {
    if (!isPlainDate(validTo)) {
      problems.push(`validTo '${validTo}' is not a YYYY-MM-DD date`);
    } else if (fromOk && !(validFrom < validTo)) {
      problems.push(`validFrom ${validFrom} is not before validTo ${validTo}`);
    }
  }

  const cited = `(${entry.act.sfs}) ${entry.chapter} kap. ${entry.sections}`;
  if (!entry.citation.endsWith(cited)) problems.push(`citation does not end with '${cited}'`);
  if (entry.source.trim() === '') problems.push('source is empty');
  if (!STATUSES.has(entry.status)) problems.push(`status '${entry.status}' is unknown`);
  return problems;
}

/**
 * Every problem in a catalogue, as readable lines; empty when the catalogue is sound. Checks each
 * entry's shape, dates, citation and source, and that no two versions of an id overlap in time.
 */
export function validateCatalogue(catalogue: readonly LegalProvision[]): string[] {
  const problems: string[] = [];
  for (const entry of catalogue) {
    for (const problem of entryProblems(entry)) {
      problems.push(`${provisionVersionKey(entry)}: ${problem}`);
    }
  }

  const byId = new Map<string, LegalProvision[]>();
  for (const entry of catalogue) {
    byId.set(entry.id, [...(byId.get(entry.id) ?? []), entry]);
  }
  for (const versions of byId.values()) {
    const ordered = versions.toSorted((a, b) => compareStrings(a.validFrom, b.validFrom));
    for (let index = 1; index < ordered.length; index += 1) {
      const previous = ordered[index - 1];
      const current = ordered[index];
      if (previous === undefined || current === undefined) continue;
      // Periods are half-open, so a version may start on the very day the previous one ends.
      if (previous.validTo === null || current.validFrom < previous.validTo) {
        problems.push(
          `${provisionVersionKey(current)}: overlaps ${provisionVersionKey(previous)} (${describePeriod(previous)})`,
        );
      }
    }
  }
  return problems;
}

/** Throws one Error listing every problem `validateCatalogue` finds. */
export function assertValidCatalogue(catalogue: readonly LegalProvision[]): void {
  const problems = validateCatalogue(catalogue);
  if (problems.length > 0) {
    throw new Error(`Invalid legal provision catalogue:\n${problems.join('\n')}`);
  }
}
