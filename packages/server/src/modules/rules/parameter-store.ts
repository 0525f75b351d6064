// Official rule-parameter versions stored in the database, merged over the bundled files.
import { sql } from 'kysely';
import {
  createParameterSet,
  validateParameterValue,
  type ParameterOverride,
  type ParameterSet,
} from '@skyddsnat/rules';
import { readBundledParameterSources } from '@skyddsnat/rules/node';
import { parseParameterFile, type ParameterFile } from '@skyddsnat/rules';
import type { Db } from '../../db/database.ts';
import { badRequest } from '../../http/errors.ts';

let bundledFiles: ParameterFile[] | undefined;
/** The parameter files shipped with the rules package, parsed once per process. */
export function bundledParameterFiles(): ParameterFile[] {
  bundledFiles ??= readBundledParameterSources().map((source) => parseParameterFile(source));
  return bundledFiles;
}

export async function loadOverrides(db: Db): Promise<ParameterOverride[]> {
  const rows = await db
    .selectFrom('app.rule_parameter_version')
    .select([
      'id',
      'parameter_id',
      sql<string>`to_char(effective_from, 'YYYY-MM-DD')`.as('effective_from'),
      'value',
      'source',
      'status',
      'note',
      'recorded_at',
      'recorded_by',
    ])
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    parameterId: row.parameter_id,
    effectiveFrom: row.effective_from,
    value: row.value,
    source: row.source,
    status: row.status,
    ...(row.note ? { note: row.note } : {}),
    recordedAt: row.recorded_at.toISOString(),
    recordedBy: row.recorded_by,
  }));
}

export interface OfficialVersionInput {
  parameterId: string;
  effectiveFrom: string;
  value: unknown;
  source: string;
  status: 'verified' | 'derived';
  note?: string | undefined;
  recordedBy: string;
}

/** Validates against the parameter's schema and the whole set, then appends the version. */
export async function recordOfficialVersion(
  db: Db,
  input: OfficialVersionInput,
): Promise<ParameterSet> {
  const check = validateParameterValue(input.parameterId, input.value);
  if (!check.ok) {
    throw badRequest(
      'invalid_parameter_value',
      `The value does not fit parameter ${input.parameterId}`,
      check.errors,
    );
  }
  const overrides = await loadOverrides(db);
  const candidate: ParameterOverride = {
    parameterId: input.parameterId,
    effectiveFrom: input.effectiveFrom,
    value: input.value,
    source: input.source,
    status: input.status,
    ...(input.note ? { note: input.note } : {}),
    recordedAt: new Date().toISOString(),
    recordedBy: input.recordedBy,
  };
  // Building the set proves the new version is consistent with everything else before storing it.
  const set = createParameterSet(bundledParameterFiles(), [...overrides, candidate]);
  await db
    .insertInto('app.rule_parameter_version')
    .values({
      parameter_id: input.parameterId,
      effective_from: input.effectiveFrom,
      value: JSON.stringify(input.value),
      source: input.source,
      status: input.status,
      note: input.note ?? null,
      recorded_by: input.recordedBy,
    })
    .execute();
  return set;
}

/** The parameter set for calculations, rebuilt only when a new official version was recorded. */
export class ParameterSetCache {
  readonly #db: Db;
  #cached: { latestId: string | null; set: ParameterSet } | undefined;

  constructor(db: Db) {
    this.#db = db;
  }

  async current(): Promise<ParameterSet> {
    const latest = await this.#db
      .selectFrom('app.rule_parameter_version')
      .select(sql<string | null>`max(id)::text`.as('latest'))
      .executeTakeFirstOrThrow();
    if (this.#cached && this.#cached.latestId === latest.latest) return this.#cached.set;
    const set = createParameterSet(bundledParameterFiles(), await loadOverrides(this.#db));
    this.#cached = { latestId: latest.latest, set };
    return set;
  }
}
