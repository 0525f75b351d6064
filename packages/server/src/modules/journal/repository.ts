// Journal queries: notes with their authors and addenda, guarded updates, household and search.
import { sql, type SqlBool } from 'kysely';
import { relationFromStrength, type ProtectionLevel, type Relation } from '@skyddsnat/domain';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { caseRelationStrength, protectedDataGrant } from '../cases/relation-sql.ts';
import { journalDb, type JournalDb, type NoteStatus, type NoteType } from './tables.ts';

export interface StaffRef {
  id: string;
  displayName: string;
}

export interface NoteRecord {
  id: string;
  caseId: string;
  eventDate: string;
  noteType: NoteType;
  body: string;
  childrenSituation: string | null;
  childrenNotAddressedReason: string | null;
  violenceAssessment: string | null;
  status: NoteStatus;
  author: StaffRef;
  signedBy: StaffRef | null;
  signedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface AddendumRecord {
  id: string;
  noteId: string;
  body: string;
  author: StaffRef;
  createdAt: Date;
}

export interface NoteContent {
  eventDate: string;
  noteType: NoteType;
  body: string;
  childrenSituation: string | null;
  childrenNotAddressedReason: string | null;
  violenceAssessment: string | null;
}

export interface PeriodFilter {
  from?: string | undefined;
  to?: string | undefined;
}

/** A note's place in the journal's newest-first order. */
export interface SearchPosition {
  eventDate: string;
  id: string;
}

/** One search candidate with what the policy needs to decide on its case. */
export interface SearchCandidate {
  noteId: string;
  caseId: string;
  personId: string;
  protection: ProtectionLevel;
  relation: Relation;
  hasProtectedDataGrant: boolean;
}

export interface SearchHitRecord {
  noteId: string;
  caseId: string;
  personId: string;
  applicantName: string;
  eventDate: string;
  noteType: NoteType;
  status: NoteStatus;
  authorName: string;
  headline: string;
  rank: number;
}

export interface Applicant {
  personId: string;
  firstName: string;
  lastName: string;
  personnummer: string;
}

/** Marks the matched words in ts_headline output; control characters never typed in a note. */
export const HEADLINE_START = '\u0001';
export const HEADLINE_STOP = '\u0002';

interface RawNoteRow {
  id: string;
  case_id: string;
  event_date: string;
  note_type: NoteType;
  body: string;
  children_situation: string | null;
  children_not_addressed_reason: string | null;
  violence_assessment: string | null;
  status: NoteStatus;
  author_id: string;
  author_name: string;
  signed_by: string | null;
  signer_name: string | null;
  signed_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

function toNote(row: RawNoteRow): NoteRecord {
  return {
    id: row.id,
    caseId: row.case_id,
    eventDate: row.event_date,
    noteType: row.note_type,
    body: row.body,
    childrenSituation: row.children_situation,
    childrenNotAddressedReason: row.children_not_addressed_reason,
    violenceAssessment: row.violence_assessment,
    status: row.status,
    author: { id: row.author_id, displayName: row.author_name },
    signedBy:
      row.signed_by === null ? null : { id: row.signed_by, displayName: row.signer_name ?? '' },
    signedAt: row.signed_at,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class JournalRepository {
  readonly #db: JournalDb;

  constructor(db: Db) {
    this.#db = journalDb(db);
  }

  #selectNotes() {
    return this.#db
      .selectFrom('app.journal_note as n')
      .innerJoin('app.staff_user as au', 'au.id', 'n.author_id')
      .leftJoin('app.staff_user as su', 'su.id', 'n.signed_by')
      .select([
        'n.id',
        'n.case_id',
        sql<string>`to_char(n.event_date, 'YYYY-MM-DD')`.as('event_date'),
        'n.note_type',
        'n.body',
        'n.children_situation',
        'n.children_not_addressed_reason',
        'n.violence_assessment',
        'n.status',
        'n.author_id',
        'au.display_name as author_name',
        'n.signed_by',
        'su.display_name as signer_name',
        'n.signed_at',
        'n.version',
        'n.created_at',
        'n.updated_at',
      ]);
  }

  async insertNote(
    actor: Actor,
    caseId: string,
    content: NoteContent,
    now: Date,
  ): Promise<NoteRecord> {
    const inserted = await this.#db
      .insertInto('app.journal_note')
      .values({
        municipality_id: actor.municipalityId,
        case_id: caseId,
        event_date: content.eventDate,
        note_type: content.noteType,
        body: content.body,
        children_situation: content.childrenSituation,
        children_not_addressed_reason: content.childrenNotAddressedReason,
        violence_assessment: content.violenceAssessment,
        author_id: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const note = await this.findNote(actor.municipalityId, caseId, inserted.id);
    if (!note) throw new Error(`journal note ${inserted.id} vanished after insert`);
    return note;
  }

  /** The note if it belongs to this case (a note id under another case is "not found"). */
  async findNote(
    municipalityId: string,
    caseId: string,
    noteId: string,
  ): Promise<NoteRecord | undefined> {
    const row = await this.#selectNotes()
      .where('n.id', '=', noteId)
      .where('n.case_id', '=', caseId)
      .where('n.municipality_id', '=', municipalityId)
      .executeTakeFirst();
    return row ? toNote(row) : undefined;
  }

  /**
   * Saves a draft only if nobody changed it since `version` (compare-and-set: no lost update).
   * Returns false when no row matched; the caller reads the note again to say why.
   */
  async updateDraft(
    noteId: string,
    version: number,
    authorId: string,
    content: NoteContent,
    now: Date,
  ): Promise<boolean> {
    const result = await this.#db
      .updateTable('app.journal_note')
      .set({
        event_date: content.eventDate,
        note_type: content.noteType,
        body: content.body,
        children_situation: content.childrenSituation,
        children_not_addressed_reason: content.childrenNotAddressedReason,
        violence_assessment: content.violenceAssessment,
        version: sql<number>`version + 1`,
        updated_at: now,
      })
      .where('id', '=', noteId)
      .where('version', '=', version)
      .where('author_id', '=', authorId)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Signs the draft exactly as it was at `version`; false when it changed or was signed. */
  async sign(noteId: string, version: number, authorId: string, now: Date): Promise<boolean> {
    const result = await this.#db
      .updateTable('app.journal_note')
      .set({
        status: 'signed',
        signed_by: authorId,
        signed_at: now,
        version: sql<number>`version + 1`,
        updated_at: now,
      })
      .where('id', '=', noteId)
      .where('version', '=', version)
      .where('author_id', '=', authorId)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Whether a child (member_role 'child') lived in the case's household on `date`. */
  async hasChildInHousehold(caseId: string, date: string): Promise<boolean> {
    const row = await this.#db
      .selectFrom('app.household_member')
      .select(sql<number>`1`.as('one'))
      .where('case_id', '=', caseId)
      .where('member_role', '=', 'child')
      .where(sql<SqlBool>`valid_from <= ${date}::date`)
      .where(sql<SqlBool>`(valid_to is null or valid_to >= ${date}::date)`)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async insertAddendum(
    actor: Actor,
    noteId: string,
    body: string,
    now: Date,
  ): Promise<AddendumRecord> {
    const row = await this.#db
      .insertInto('app.journal_addendum')
      .values({
        municipality_id: actor.municipalityId,
        note_id: noteId,
        body,
        author_id: actor.userId,
        created_at: now,
      })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    return {
      id: row.id,
      noteId,
      body,
      author: { id: actor.userId, displayName: actor.displayName },
      createdAt: row.created_at,
    };
  }

  /** Notes of a case in a period: signed ones, and drafts only when `draftsOf` wrote them. */
  async listNotes(
    municipalityId: string,
    caseId: string,
    period: PeriodFilter,
    draftsOf: string | null,
  ): Promise<NoteRecord[]> {
    let query = this.#selectNotes()
      .where('n.case_id', '=', caseId)
      .where('n.municipality_id', '=', municipalityId);
    query =
      draftsOf === null
        ? query.where('n.status', '=', 'signed')
        : query.where((eb) =>
            eb.or([eb('n.status', '=', 'signed'), eb('n.author_id', '=', draftsOf)]),
          );
    if (period.from !== undefined)
      query = query.where(sql<SqlBool>`n.event_date >= ${period.from}::date`);
    if (period.to !== undefined)
      query = query.where(sql<SqlBool>`n.event_date <= ${period.to}::date`);
    const rows = await query
      .orderBy('n.event_date', 'desc')
      .orderBy('n.created_at', 'desc')
      .orderBy('n.id', 'desc')
      .execute();
    return rows.map((row) => toNote(row));
  }

  async addendaOf(noteIds: readonly string[]): Promise<AddendumRecord[]> {
    if (noteIds.length === 0) return [];
    const rows = await this.#db
      .selectFrom('app.journal_addendum as a')
      .innerJoin('app.staff_user as u', 'u.id', 'a.author_id')
      .select(['a.id', 'a.note_id', 'a.body', 'a.author_id', 'u.display_name', 'a.created_at'])
      .where('a.note_id', 'in', [...noteIds])
      .orderBy('a.created_at')
      .orderBy('a.id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      noteId: row.note_id,
      body: row.body,
      author: { id: row.author_id, displayName: row.display_name },
      createdAt: row.created_at,
    }));
  }

  async applicantOf(municipalityId: string, caseId: string): Promise<Applicant | undefined> {
    const row = await this.#db
      .selectFrom('app.assistance_case as c')
      .innerJoin('app.person as p', 'p.id', 'c.person_id')
      .select(['p.id', 'p.first_name', 'p.last_name', 'p.personnummer'])
      .where('c.id', '=', caseId)
      .where('c.municipality_id', '=', municipalityId)
      .executeTakeFirst();
    return row
      ? {
          personId: row.id,
          firstName: row.first_name,
          lastName: row.last_name,
          personnummer: row.personnummer,
        }
      : undefined;
  }

  /**
   * Walks the municipality's notes newest first from `after` (the end of the previous walk), at
   * most `size` notes, and returns the first `matchLimit` matches among them (signed, or the
   * actor's own drafts) in order, with what the policy needs; `cut` says the limit stopped the
   * walk early. Bounded work whatever the word: the journal-date index gives the order, the text
   * is checked on the walked rows. Where the walk ended is asked separately (`walkExtent`),
   * only when the search goes on.
   */
  async searchWalk(
    actor: Actor,
    query: string,
    now: Date,
    after: SearchPosition | null,
    size: number,
    matchLimit: number,
  ): Promise<{ candidates: SearchCandidate[]; cut: SearchPosition | null }> {
    const tsquery = sql`websearch_to_tsquery('swedish', ${query})`;
    const afterCondition = after
      ? sql`and (n.event_date, n.id) < (${after.eventDate}::date, ${after.id}::uuid)`
      : sql``;
    // The walk is read lazily, in the index's order: it stops as soon as `matchLimit` matches
    // are found.
    const rows = (
      await sql<{
        id: string;
        event_date: string;
        case_id: string;
        person_id: string;
        protection: ProtectionLevel;
        rank: number;
        has_grant: boolean;
      }>`
      select w.id, to_char(w.event_date, 'YYYY-MM-DD') as event_date, w.case_id,
        c.person_id, p.protection,
        ${caseRelationStrength(actor, 'c')} as rank,
        ${protectedDataGrant(actor, 'p.id', now)} as has_grant
      from (
        select w.id, w.event_date, w.case_id from (
          select n.id, n.case_id, n.event_date, n.status, n.author_id, n.search
          from app.journal_note n
          where n.municipality_id = ${actor.municipalityId} ${afterCondition}
          order by n.event_date desc, n.id desc
          limit ${size}
        ) w
        where w.search @@ ${tsquery} and (w.status = 'signed' or w.author_id = ${actor.userId})
        order by w.event_date desc, w.id desc
        limit ${matchLimit}
      ) w
      join app.assistance_case c on c.id = w.case_id
      join app.person p on p.id = c.person_id
      order by w.event_date desc, w.id desc`.execute(this.#db)
    ).rows;
    const candidates: SearchCandidate[] = rows.map((row) => ({
      noteId: row.id,
      caseId: row.case_id,
      personId: row.person_id,
      protection: row.protection,
      relation: relationFromStrength(row.rank),
      hasProtectedDataGrant: row.has_grant,
    }));
    const last = rows.at(-1);
    return {
      candidates,
      cut: rows.length === matchLimit && last ? { eventDate: last.event_date, id: last.id } : null,
    };
  }

  /**
   * Where a walk of `size` notes from `after` ended, and how many notes it covered: up to and
   * including `cut` if its match limit stopped it there, else the whole walk (`more`: notes may
   * remain after `end`). The date index alone answers this.
   */
  async walkExtent(
    municipalityId: string,
    after: SearchPosition | null,
    size: number,
    cut: SearchPosition | null,
  ): Promise<{ walked: number; end: SearchPosition | null; more: boolean }> {
    const afterCondition = after
      ? sql`and (n.event_date, n.id) < (${after.eventDate}::date, ${after.id}::uuid)`
      : sql``;
    const cutCondition = cut
      ? sql`and (n.event_date, n.id) >= (${cut.eventDate}::date, ${cut.id}::uuid)`
      : sql``;
    const edge = (
      await sql<{ walked: number; event_date: string | null; id: string | null }>`
      select count(*)::int as walked, to_char(min(e.event_date), 'YYYY-MM-DD') as event_date,
        (array_agg(e.id order by e.event_date, e.id))[1] as id
      from (
        select n.event_date, n.id from app.journal_note n
        where n.municipality_id = ${municipalityId} ${afterCondition} ${cutCondition}
        order by n.event_date desc, n.id desc
        limit ${size}
      ) e`.execute(this.#db)
    ).rows[0];
    const walked = edge?.walked ?? 0;
    if (cut) return { walked, end: cut, more: true };
    return {
      walked,
      end: edge?.event_date && edge.id ? { eventDate: edge.event_date, id: edge.id } : null,
      more: walked === size,
    };
  }

  /**
   * Matching notes (signed, or the actor's own drafts) older than `before` (all if null), newest
   * first, through the full-text index: for words too rare for a walk to find enough of them.
   */
  async searchCandidates(
    actor: Actor,
    query: string,
    now: Date,
    before: SearchPosition | null,
    offset: number,
    limit: number,
  ): Promise<SearchCandidate[]> {
    const tsquery = sql`websearch_to_tsquery('swedish', ${query})`;
    const rows = await this.#db
      .selectFrom('app.journal_note as n')
      .innerJoin('app.assistance_case as c', 'c.id', 'n.case_id')
      .innerJoin('app.person as p', 'p.id', 'c.person_id')
      .select([
        'n.id',
        'n.case_id',
        'c.person_id',
        'p.protection',
        caseRelationStrength(actor, 'c').as('rank'),
        protectedDataGrant(actor, 'p.id', now).as('has_grant'),
      ])
      .where('n.municipality_id', '=', actor.municipalityId)
      .where(sql<SqlBool>`n.search @@ ${tsquery}`)
      .where((eb) => eb.or([eb('n.status', '=', 'signed'), eb('n.author_id', '=', actor.userId)]))
      .$if(before !== null, (q) =>
        q.where(
          sql<SqlBool>`(n.event_date, n.id) < (${before?.eventDate}::date, ${before?.id}::uuid)`,
        ),
      )
      // "+ 0": the order is not taken from the date index, so the plan starts from the text index.
      .orderBy(sql`n.event_date + 0`, 'desc')
      .orderBy('n.id', 'desc')
      .offset(offset)
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      noteId: row.id,
      caseId: row.case_id,
      personId: row.person_id,
      protection: row.protection,
      relation: relationFromStrength(row.rank),
      hasProtectedDataGrant: row.has_grant,
    }));
  }

  /** Display data and a highlighted snippet for notes the policy already allowed. */
  async searchHits(
    municipalityId: string,
    noteIds: readonly string[],
    query: string,
  ): Promise<SearchHitRecord[]> {
    if (noteIds.length === 0) return [];
    const tsquery = sql`websearch_to_tsquery('swedish', ${query})`;
    const options = `StartSel=${HEADLINE_START}, StopSel=${HEADLINE_STOP}, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
    const rows = await this.#db
      .selectFrom('app.journal_note as n')
      .innerJoin('app.assistance_case as c', 'c.id', 'n.case_id')
      .innerJoin('app.person as p', 'p.id', 'c.person_id')
      .innerJoin('app.staff_user as au', 'au.id', 'n.author_id')
      .select([
        'n.id',
        'n.case_id',
        'c.person_id',
        'p.first_name',
        'p.last_name',
        sql<string>`to_char(n.event_date, 'YYYY-MM-DD')`.as('event_date'),
        'n.note_type',
        'n.status',
        'au.display_name as author_name',
        sql<string>`ts_headline('swedish',
          n.body || ' ' || coalesce(n.children_situation, '') || ' ' || coalesce(n.violence_assessment, ''),
          ${tsquery}, ${options})`.as('headline'),
        sql<number>`ts_rank(n.search, ${tsquery})`.as('rank'),
      ])
      .where('n.municipality_id', '=', municipalityId)
      .where('n.id', 'in', [...noteIds])
      .execute();
    return rows.map((row) => ({
      noteId: row.id,
      caseId: row.case_id,
      personId: row.person_id,
      applicantName: `${row.first_name} ${row.last_name}`,
      eventDate: row.event_date,
      noteType: row.note_type,
      status: row.status,
      authorName: row.author_name,
      headline: row.headline,
      rank: row.rank,
    }));
  }
}
