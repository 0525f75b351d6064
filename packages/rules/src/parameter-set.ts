// The parameter versions in force: bundled files plus administrators' overrides, and lookups by date.
import { isPlainDate } from './plain-date.ts';
import { yearOf } from './plain-month.ts';
import {
  PARAMETER_STATUSES,
  formatPath,
  getParameterDefinition,
  isParameterId,
  parameterValueProblems,
  type ParameterId,
  type ParameterStatus,
  type ParameterValues,
} from './parameter-definitions.ts';
import type { ParameterFile } from './parameter-file.ts';

/**
 * A version supplied from outside the bundled files, e.g. official 2026 figures an administrator
 * stored in a database table. It supersedes a file version with the same parameter id and
 * effective date; with a new date it adds a version. `recordedAt` is an ISO 8601 timestamp.
 */
export type ParameterOverride = {
  readonly parameterId: string;
  readonly effectiveFrom: string;
  readonly value: unknown;
  readonly source: string;
  /** `verified` or `derived`; typed as text because it usually comes from a database row. */
  readonly status: string;
  readonly note?: string | undefined;
  readonly recordedAt: string;
  readonly recordedBy: string;
};

export type ParameterOrigin =
  | { readonly kind: 'file'; readonly fileName: string; readonly line: number }
  | { readonly kind: 'override'; readonly recordedAt: string; readonly recordedBy: string };

export type ParameterVersion<Id extends ParameterId = ParameterId> = {
  readonly parameterId: Id;
  readonly effectiveFrom: string;
  readonly value: ParameterValues[Id];
  readonly source: string;
  readonly status: ParameterStatus;
  readonly note?: string | undefined;
  readonly origin: ParameterOrigin;
};

export type ParameterHistoryEntry<Id extends ParameterId = ParameterId> = ParameterVersion<Id> & {
  /** True when a later-recorded override with the same id and date replaced this version. */
  readonly superseded: boolean;
};

/** Versions by parameter, validated once; immutable. Build it with `createParameterSet`. */
export type ParameterSet = {
  /** The versions in force, ascending by `effectiveFrom`, one per date. */
  readonly active: ReadonlyMap<ParameterId, readonly ParameterVersion[]>;
  /** Every version ever supplied, superseded ones included. */
  readonly history: ReadonlyMap<ParameterId, readonly ParameterHistoryEntry[]>;
};

/** A set that cannot be built: every problem, one per line. */
export class ParameterSetError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid parameter set:\n${problems.join('\n')}`);
    this.name = 'ParameterSetError';
    this.problems = problems;
  }
}

/** A calculation needed a parameter that has no version in force for the month. */
export class MissingParameterError extends Error {
  readonly code = 'missing_parameter';
  /** A parameter id, or `legal-provision:<id>` for a statute provision not catalogued then. */
  readonly parameterId: string;
  readonly year: number;
  /** The date looked up, `YYYY-MM-DD` (the first day of the calculated month). */
  readonly date: string;
  readonly messageSv: string;
  readonly messageEn: string;

  constructor(parameterId: string, date: string, titles: { sv: string; en: string }) {
    const year = yearOf(date);
    const month = date.slice(0, 7);
    const messageSv = `Parameter saknas: ${titles.sv} (${parameterId}) har inget värde i kraft för ${month} (år ${year}).`;
    const messageEn = `Missing parameter: ${titles.en} (${parameterId}) has no value in force for ${month} (year ${year}).`;
    super(`${messageSv} / ${messageEn}`);
    this.name = 'MissingParameterError';
    this.parameterId = parameterId;
    this.year = year;
    this.date = date;
    this.messageSv = messageSv;
    this.messageEn = messageEn;
  }
}

// An ISO 8601 timestamp with a time zone, e.g. 2026-01-15T09:30:00Z; only its shape is checked.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

const OVERRIDE_KEYS: ReadonlySet<string> = new Set([
  'parameterId',
  'effectiveFrom',
  'value',
  'source',
  'status',
  'note',
  'recordedAt',
  'recordedBy',
]);

function overrideProblems(override: ParameterOverride, index: number): string[] {
  const where = `override ${index} (${override.parameterId}@${override.effectiveFrom})`;
  const problems: string[] = [];
  for (const key of Object.keys(override)) {
    if (!OVERRIDE_KEYS.has(key)) problems.push(`${where}: unknown key '${key}'`);
  }
  if (!isParameterId(override.parameterId)) {
    problems.push(`${where}: unknown parameter '${override.parameterId}'`);
  } else {
    for (const problem of parameterValueProblems(override.parameterId, override.value)) {
      const path = formatPath(problem.path);
      problems.push(`${where}: value${path === '' ? '' : `.${path}`}: ${problem.message}`);
    }
  }
  if (!isPlainDate(override.effectiveFrom)) {
    problems.push(`${where}: effectiveFrom must be a date written YYYY-MM-DD`);
  }
  if (typeof override.source !== 'string' || override.source.trim() === '') {
    problems.push(`${where}: source must be a non-empty text (SFS number or the authority's page)`);
  }
  if (!(PARAMETER_STATUSES as readonly string[]).includes(override.status)) {
    problems.push(`${where}: status must be one of ${PARAMETER_STATUSES.join(', ')}`);
  }
  if (override.note !== undefined && typeof override.note !== 'string') {
    problems.push(`${where}: note must be text`);
  }
  if (typeof override.recordedAt !== 'string' || !TIMESTAMP.test(override.recordedAt)) {
    problems.push(`${where}: recordedAt must be an ISO 8601 timestamp with a time zone`);
  }
  if (typeof override.recordedBy !== 'string' || override.recordedBy.trim() === '') {
    problems.push(`${where}: recordedBy must name who recorded the override`);
  }
  return problems;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Within one date: the file version first, then overrides in the order they were recorded.
function recordedOrder(entry: ParameterVersion): string {
  return entry.origin.kind === 'file' ? '' : entry.origin.recordedAt;
}

/**
 * Builds a parameter set from parsed files and optional overrides. Validates every value against
 * its parameter's value shape again (files may have been built by hand), refuses two files for
 * one parameter, and throws one `ParameterSetError` listing every problem.
 */
export function createParameterSet(
  files: readonly ParameterFile[],
  overrides: readonly ParameterOverride[] = [],
): ParameterSet {
  const problems: string[] = [];
  const entries = new Map<ParameterId, ParameterVersion[]>();
  const fileFor = new Map<ParameterId, string>();

  function add(version: ParameterVersion): void {
    const list = entries.get(version.parameterId) ?? [];
    list.push(version);
    entries.set(version.parameterId, list);
  }

  for (const file of files) {
    if (!isParameterId(file.parameterId)) {
      problems.push(`${file.fileName}: unknown parameter '${String(file.parameterId)}'`);
      continue;
    }
    const earlier = fileFor.get(file.parameterId);
    if (earlier !== undefined) {
      problems.push(
        `${file.fileName}: parameter '${file.parameterId}' is already defined in ${earlier}`,
      );
      continue;
    }
    fileFor.set(file.parameterId, file.fileName);
    const seen = new Set<string>();
    for (const version of file.versions) {
      const where = `${file.fileName}:${version.line}`;
      if (!isPlainDate(version.effectiveFrom)) {
        problems.push(`${where}: '${version.effectiveFrom}' is not a date written YYYY-MM-DD`);
      }
      if (seen.has(version.effectiveFrom)) {
        problems.push(`${where}: a second version for ${version.effectiveFrom}`);
      }
      seen.add(version.effectiveFrom);
      if (version.source.trim() === '') problems.push(`${where}: the source is empty`);
      if (!(PARAMETER_STATUSES as readonly string[]).includes(version.status)) {
        problems.push(`${where}: unknown status '${version.status}'`);
      }
      for (const problem of parameterValueProblems(file.parameterId, version.value)) {
        const path = formatPath(problem.path);
        problems.push(`${where}: value${path === '' ? '' : `.${path}`}: ${problem.message}`);
      }
      add({
        parameterId: file.parameterId,
        effectiveFrom: version.effectiveFrom,
        value: version.value as never,
        source: version.source,
        status: version.status,
        note: version.note,
        origin: { kind: 'file', fileName: file.fileName, line: version.line },
      });
    }
  }

  overrides.forEach((override, index) => {
    const found = overrideProblems(override, index);
    problems.push(...found);
    if (found.length > 0 || !isParameterId(override.parameterId)) return;
    add({
      parameterId: override.parameterId,
      effectiveFrom: override.effectiveFrom,
      value: structuredClone(override.value) as never,
      source: override.source,
      status: override.status as ParameterStatus,
      note: override.note,
      origin: {
        kind: 'override',
        recordedAt: override.recordedAt,
        recordedBy: override.recordedBy,
      },
    });
  });

  if (problems.length > 0) throw new ParameterSetError(problems);

  const active = new Map<ParameterId, readonly ParameterVersion[]>();
  const history = new Map<ParameterId, readonly ParameterHistoryEntry[]>();
  for (const [id, list] of entries) {
    const ordered = list.toSorted(
      (a, b) =>
        compareStrings(a.effectiveFrom, b.effectiveFrom) ||
        compareStrings(recordedOrder(a), recordedOrder(b)),
    );
    const entriesForId: ParameterHistoryEntry[] = ordered.map((version, index) => {
      const next = ordered[index + 1];
      const superseded = next !== undefined && next.effectiveFrom === version.effectiveFrom;
      return Object.freeze({ ...deepFreeze(version), superseded });
    });
    history.set(id, Object.freeze(entriesForId));
    active.set(
      id,
      Object.freeze(
        entriesForId
          .filter((entry) => !entry.superseded)
          .map(({ superseded: _superseded, ...version }) => Object.freeze(version)),
      ),
    );
  }
  return Object.freeze({ active, history });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Every version of `id` ever supplied, ascending by date; within a date the file version first
 * and then overrides by `recordedAt`, all but the last marked `superseded`.
 */
export function parameterHistory<Id extends ParameterId>(
  set: ParameterSet,
  id: Id,
): readonly ParameterHistoryEntry<Id>[] {
  return (set.history.get(id) ?? []) as readonly ParameterHistoryEntry<Id>[];
}

/**
 * The version of `id` in force on `date` (`YYYY-MM-DD`): the latest one that has taken effect,
 * unless the parameter is set per calendar year and that version belongs to an earlier year.
 * Undefined when none is in force.
 */
export function findParameterVersion<Id extends ParameterId>(
  set: ParameterSet,
  id: Id,
  date: string,
): ParameterVersion<Id> | undefined {
  const versions = set.active.get(id);
  if (versions === undefined) return undefined;
  for (let index = versions.length - 1; index >= 0; index -= 1) {
    const version = versions[index];
    if (version === undefined || version.effectiveFrom > date) continue;
    const lapsesAtYearEnd = getParameterDefinition(id).validity === 'calendar-year';
    if (lapsesAtYearEnd && yearOf(version.effectiveFrom) !== yearOf(date)) return undefined;
    return version as ParameterVersion<Id>;
  }
  return undefined;
}

/** Like `findParameterVersion`, but throws a `MissingParameterError` when none is in force. */
export function getParameterVersion<Id extends ParameterId>(
  set: ParameterSet,
  id: Id,
  date: string,
): ParameterVersion<Id> {
  const found = findParameterVersion(set, id, date);
  if (found !== undefined) return found;
  const definition = getParameterDefinition(id);
  throw new MissingParameterError(id, date, { sv: definition.titleSv, en: definition.titleEn });
}
