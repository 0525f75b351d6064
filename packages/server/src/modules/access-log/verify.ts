// Verifies the access-log hash chain independently of the database trigger that built it.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

export interface ChainBreak {
  municipalityId: string;
  seq: string;
  entryId: string | null;
  problem: 'hash_mismatch' | 'prev_hash_mismatch' | 'sequence_gap' | 'head_mismatch';
  message: string;
}

export interface ChainReport {
  municipalityId: string;
  entries: number;
  ok: boolean;
  firstBreak: ChainBreak | null;
}

interface ChainRow {
  seq: string;
  id: string;
  municipality_id: string;
  occurred_utc: string;
  actor_user_id: string;
  actor_username: string;
  actor_roles: string[];
  actor_unit_ids: string[];
  person_ids: string[];
  resource: string;
  fields: string[];
  case_id: string | null;
  purpose: string;
  session_id: string | null;
  client_ip: string;
  prev_hash: Buffer;
  hash: Buffer;
}

/** The same canonical text as audit.access_log_canonical() in migration 0001. */
export function canonicalEntry(row: ChainRow): string {
  return [
    'v1',
    row.municipality_id,
    row.seq,
    row.id,
    row.occurred_utc,
    row.actor_user_id,
    row.actor_username,
    row.actor_roles.join(','),
    row.actor_unit_ids.join(','),
    row.person_ids.join(','),
    row.resource,
    row.fields.join(','),
    row.case_id ?? '',
    row.purpose.replaceAll('\n', ' '),
    row.session_id ?? '',
    row.client_ip,
    row.prev_hash.toString('hex'),
  ].join('\n');
}

const BATCH = 5_000;

/** Walks one municipality's chain in order; reports the first broken entry. */
export async function verifyAccessLogChain(db: Db, municipalityId: string): Promise<ChainReport> {
  let expectedSeq = 1n;
  let previousHash: Buffer = Buffer.alloc(0);
  let entries = 0;
  const fail = (
    problem: ChainBreak['problem'],
    seq: string,
    entryId: string | null,
    message: string,
  ): ChainReport => ({
    municipalityId,
    entries,
    ok: false,
    firstBreak: { municipalityId, seq, entryId, problem, message },
  });
  for (;;) {
    const rows = (await db
      .selectFrom('audit.access_log')
      .select([
        sql<string>`seq::text`.as('seq'),
        'id',
        'municipality_id',
        sql<string>`to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.as(
          'occurred_utc',
        ),
        'actor_user_id',
        'actor_username',
        sql<string[]>`actor_roles`.as('actor_roles'),
        sql<string[]>`actor_unit_ids::text[]`.as('actor_unit_ids'),
        sql<string[]>`person_ids::text[]`.as('person_ids'),
        'resource',
        sql<string[]>`fields`.as('fields'),
        'case_id',
        'purpose',
        'session_id',
        'client_ip',
        'prev_hash',
        'hash',
      ])
      .where('municipality_id', '=', municipalityId)
      .where(sql<boolean>`access_log.seq >= ${expectedSeq.toString()}::bigint`)
      // By the bigint column, not the text alias of the same name.
      .orderBy(sql`access_log.seq`)
      .limit(BATCH)
      .execute()) as ChainRow[];
    for (const row of rows) {
      if (BigInt(row.seq) !== expectedSeq) {
        return fail(
          'sequence_gap',
          row.seq,
          row.id,
          `Entry ${expectedSeq} is missing (next present is ${row.seq})`,
        );
      }
      if (!row.prev_hash.equals(previousHash)) {
        return fail(
          'prev_hash_mismatch',
          row.seq,
          row.id,
          `Entry ${row.seq} does not link to entry ${expectedSeq - 1n}`,
        );
      }
      const hash = createHash('sha256').update(canonicalEntry(row), 'utf8').digest();
      if (!hash.equals(row.hash)) {
        return fail(
          'hash_mismatch',
          row.seq,
          row.id,
          `Entry ${row.seq} was changed after it was written`,
        );
      }
      previousHash = row.hash;
      expectedSeq += 1n;
      entries += 1;
    }
    if (rows.length < BATCH) break;
  }
  const head = await db
    .selectFrom('audit.access_log_head')
    .select([sql<string>`last_seq::text`.as('last_seq'), 'last_hash'])
    .where('municipality_id', '=', municipalityId)
    .executeTakeFirst();
  const lastSeq = (expectedSeq - 1n).toString();
  if (head && (head.last_seq !== lastSeq || !head.last_hash.equals(previousHash))) {
    return fail(
      'head_mismatch',
      head.last_seq,
      null,
      `The chain ends at entry ${lastSeq} but ${head.last_seq} entries were written: entries at the end were removed`,
    );
  }
  return { municipalityId, entries, ok: true, firstBreak: null };
}

export async function verifyAllChains(db: Db): Promise<ChainReport[]> {
  const municipalities = await db
    .selectFrom('app.municipality')
    .select('id')
    .orderBy('code')
    .execute();
  const reports: ChainReport[] = [];
  for (const m of municipalities) reports.push(await verifyAccessLogChain(db, m.id));
  return reports;
}
