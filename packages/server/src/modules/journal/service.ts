// Journal rules: drafts only their author edits, signing locks, children's heading, need-to-know search.
import { decidePersonAction } from '@skyddsnat/domain';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.ts';
import { stockholmDate } from '../../time.ts';
import type { Actor } from '../auth/actor.ts';
import {
  HEADLINE_START,
  HEADLINE_STOP,
  type AddendumRecord,
  type Applicant,
  type JournalRepository,
  type NoteContent,
  type NoteRecord,
  type PeriodFilter,
  type SearchCandidate,
  type SearchPosition,
  type SearchHitRecord,
} from './repository.ts';
import type { NoteType } from './tables.ts';

export interface NoteWithAddenda extends NoteRecord {
  addenda: AddendumRecord[];
}

export interface NewNoteInput {
  eventDate: string;
  noteType: NoteType;
  body: string;
  childrenSituation?: string | null | undefined;
  childrenNotAddressedReason?: string | null | undefined;
  violenceAssessment?: string | null | undefined;
}

/** An autosave: the fields sent replace the stored ones; `null` clears an optional heading. */
export interface DraftPatch {
  version: number;
  eventDate?: string | undefined;
  noteType?: NoteType | undefined;
  body?: string | undefined;
  childrenSituation?: string | null | undefined;
  childrenNotAddressedReason?: string | null | undefined;
  violenceAssessment?: string | null | undefined;
}

export interface SnippetPart {
  text: string;
  match: boolean;
}

export interface JournalSearchHit {
  noteId: string;
  caseId: string;
  personId: string;
  applicantName: string;
  eventDate: string;
  noteType: NoteType;
  status: 'draft' | 'signed';
  authorName: string;
  snippet: SnippetPart[];
  rank: number;
}

export interface JournalExtract {
  applicant: Applicant;
  notes: NoteWithAddenda[];
}

export const SEARCH_LIMIT = 50;
const CANDIDATE_PAGE = 200;
/** Notes walked newest first before deciding how to find the rest (see search()). */
const SEARCH_WALK_FIRST = 1000;
/** Matches read per walk: enough for a page when the policy allows most of them. */
const SEARCH_WALK_MATCHES = 60;
/** The furthest a walk goes; beyond it the full-text index is the cheaper way. */
const SEARCH_WALK_MAX = 24_000;
/** Note types that record a meeting, where the children's situation must be addressed. */
const MEETING_TYPES: readonly NoteType[] = ['visit', 'home_visit'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const notAuthor = (): AppError =>
  new AppError(403, 'not_author', 'Only the author of a draft may change or sign it');
const noteSigned = (): AppError =>
  conflict('note_signed', 'The note is signed and cannot be changed; write an addendum instead');

function filled(text: string | null | undefined): boolean {
  return typeof text === 'string' && text.trim().length > 0;
}

/** Blank optional headings are stored as "not written". */
function optionalText(text: string | null | undefined): string | null {
  return filled(text) ? (text ?? null) : null;
}

/** ts_headline output with start/stop markers → plain text parts, matched words flagged. */
export function snippetParts(headline: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let rest = headline;
  while (rest.length > 0) {
    const start = rest.indexOf(HEADLINE_START);
    if (start === -1) {
      parts.push({ text: rest, match: false });
      break;
    }
    if (start > 0) parts.push({ text: rest.slice(0, start), match: false });
    const stop = rest.indexOf(HEADLINE_STOP, start + 1);
    const end = stop === -1 ? rest.length : stop;
    parts.push({ text: rest.slice(start + 1, end), match: true });
    rest = stop === -1 ? '' : rest.slice(stop + 1);
  }
  return parts.filter((part) => part.text.length > 0);
}

export function validatePeriod(period: PeriodFilter): void {
  if (period.from !== undefined && period.to !== undefined && period.to < period.from) {
    throw badRequest('invalid_period', 'The period ends before it starts', {
      from: period.from,
      to: period.to,
    });
  }
}

export class JournalService {
  readonly #notes: JournalRepository;
  readonly #clock: () => Date;

  readonly #walk: { first: number; max: number; matches: number };
  /** `searchWalk` sizes the search's walks (tests use small ones to reach every path). */
  constructor(
    notes: JournalRepository,
    clock: () => Date,
    searchWalk: { first: number; max: number; matches?: number } = {
      first: SEARCH_WALK_FIRST,
      max: SEARCH_WALK_MAX,
    },
  ) {
    this.#notes = notes;
    this.#clock = clock;
    this.#walk = { matches: SEARCH_WALK_MATCHES, ...searchWalk };
  }

  #checkEventDate(eventDate: string): void {
    const today = stockholmDate(this.#clock());
    if (eventDate > today) {
      throw badRequest('future_event_date', 'The event date cannot be after today', {
        eventDate,
        today,
      });
    }
  }

  /** The note of this case, drafts of others included (writes must say why they are refused). */
  async #find(actor: Actor, caseId: string, noteId: string): Promise<NoteRecord> {
    if (!UUID.test(noteId)) throw notFound('Journal note');
    const note = await this.#notes.findNote(actor.municipalityId, caseId, noteId);
    if (!note) throw notFound('Journal note');
    return note;
  }

  /** Why a guarded update matched no row: the note was signed, or changed since `version`. */
  async #refusal(actor: Actor, caseId: string, noteId: string, version: number): Promise<AppError> {
    const current = await this.#notes.findNote(actor.municipalityId, caseId, noteId);
    if (!current) return notFound('Journal note');
    if (current.status === 'signed') return noteSigned();
    if (current.author.id !== actor.userId) return notAuthor();
    return this.#versionConflict(current, version);
  }

  #versionConflict(current: NoteRecord, version: number): AppError {
    // Only the author writes a draft, so the author made the last change.
    const changedBy = current.author;
    return conflict(
      'version_conflict',
      `The note was changed by ${changedBy.displayName} at ${current.updatedAt.toISOString()}; reload it before saving`,
      {
        yourVersion: version,
        currentVersion: current.version,
        changedBy,
        changedAt: current.updatedAt.toISOString(),
      },
    );
  }

  async create(actor: Actor, caseId: string, input: NewNoteInput): Promise<NoteWithAddenda> {
    this.#checkEventDate(input.eventDate);
    const note = await this.#notes.insertNote(
      actor,
      caseId,
      {
        eventDate: input.eventDate,
        noteType: input.noteType,
        body: input.body,
        childrenSituation: optionalText(input.childrenSituation),
        childrenNotAddressedReason: optionalText(input.childrenNotAddressedReason),
        violenceAssessment: optionalText(input.violenceAssessment),
      },
      this.#clock(),
    );
    return { ...note, addenda: [] };
  }

  async saveDraft(
    actor: Actor,
    caseId: string,
    noteId: string,
    patch: DraftPatch,
  ): Promise<NoteWithAddenda> {
    const note = await this.#find(actor, caseId, noteId);
    if (note.status === 'signed') throw noteSigned();
    if (note.author.id !== actor.userId) throw notAuthor();
    if (note.version !== patch.version) throw this.#versionConflict(note, patch.version);
    if (patch.eventDate !== undefined && patch.eventDate !== note.eventDate) {
      this.#checkEventDate(patch.eventDate);
    }
    const content: NoteContent = {
      eventDate: patch.eventDate ?? note.eventDate,
      noteType: patch.noteType ?? note.noteType,
      body: patch.body ?? note.body,
      childrenSituation:
        patch.childrenSituation === undefined
          ? note.childrenSituation
          : optionalText(patch.childrenSituation),
      childrenNotAddressedReason:
        patch.childrenNotAddressedReason === undefined
          ? note.childrenNotAddressedReason
          : optionalText(patch.childrenNotAddressedReason),
      violenceAssessment:
        patch.violenceAssessment === undefined
          ? note.violenceAssessment
          : optionalText(patch.violenceAssessment),
    };
    const saved = await this.#notes.updateDraft(
      noteId,
      patch.version,
      actor.userId,
      content,
      this.#clock(),
    );
    if (!saved) throw await this.#refusal(actor, caseId, noteId, patch.version);
    return this.#reload(actor, caseId, noteId);
  }

  async sign(
    actor: Actor,
    caseId: string,
    noteId: string,
    version: number,
  ): Promise<NoteWithAddenda> {
    const note = await this.#find(actor, caseId, noteId);
    if (note.status === 'signed') throw noteSigned();
    if (note.author.id !== actor.userId) throw notAuthor();
    if (note.version !== version) throw this.#versionConflict(note, version);
    if (!filled(note.body)) {
      throw badRequest('empty_body', 'Skriv anteckningen innan den signeras');
    }
    if (
      MEETING_TYPES.includes(note.noteType) &&
      !filled(note.childrenSituation) &&
      !filled(note.childrenNotAddressedReason) &&
      (await this.#notes.hasChildInHousehold(caseId, note.eventDate))
    ) {
      throw badRequest(
        'children_heading_required',
        'Beskriv barnens situation eller ange varför det inte gjordes',
        { fields: ['childrenSituation', 'childrenNotAddressedReason'] },
      );
    }
    const signed = await this.#notes.sign(noteId, version, actor.userId, this.#clock());
    if (!signed) throw await this.#refusal(actor, caseId, noteId, version);
    return this.#reload(actor, caseId, noteId);
  }

  async addAddendum(
    actor: Actor,
    caseId: string,
    noteId: string,
    body: string,
  ): Promise<AddendumRecord> {
    const note = await this.#find(actor, caseId, noteId);
    if (note.status !== 'signed') {
      throw conflict('note_not_signed', 'Only a signed note takes addenda; edit the draft instead');
    }
    return this.#notes.insertAddendum(actor, noteId, body, this.#clock());
  }

  /** One note as its reader may see it: signed, or their own draft. */
  async get(actor: Actor, caseId: string, noteId: string): Promise<NoteWithAddenda> {
    const note = await this.#find(actor, caseId, noteId);
    // Someone else's draft is not part of the journal yet: for the reader it does not exist.
    if (note.status === 'draft' && note.author.id !== actor.userId) throw notFound('Journal note');
    const [withAddenda] = await this.#withAddenda([note]);
    return withAddenda ?? { ...note, addenda: [] };
  }

  async #reload(actor: Actor, caseId: string, noteId: string): Promise<NoteWithAddenda> {
    return this.get(actor, caseId, noteId);
  }

  async #withAddenda(notes: NoteRecord[]): Promise<NoteWithAddenda[]> {
    const addenda = await this.#notes.addendaOf(notes.map((note) => note.id));
    const byNote = new Map<string, AddendumRecord[]>();
    for (const addendum of addenda) {
      const list = byNote.get(addendum.noteId) ?? [];
      list.push(addendum);
      byNote.set(addendum.noteId, list);
    }
    return notes.map((note) => ({ ...note, addenda: byNote.get(note.id) ?? [] }));
  }

  /** The case's journal in a period: signed notes and the reader's own drafts, with addenda. */
  async list(actor: Actor, caseId: string, period: PeriodFilter): Promise<NoteWithAddenda[]> {
    validatePeriod(period);
    const notes = await this.#notes.listNotes(actor.municipalityId, caseId, period, actor.userId);
    return this.#withAddenda(notes);
  }

  /** What the printed journal shows: the applicant and the signed notes of the period. */
  async extract(actor: Actor, caseId: string, period: PeriodFilter): Promise<JournalExtract> {
    validatePeriod(period);
    const applicant = await this.#notes.applicantOf(actor.municipalityId, caseId);
    if (!applicant) throw notFound('Case');
    const notes = await this.#notes.listNotes(actor.municipalityId, caseId, period, null);
    return { applicant, notes: await this.#withAddenda(notes) };
  }

  /**
   * Full-text search (Swedish stemming) over signed notes and the actor's own drafts, keeping
   * only notes of cases the case policy lets the actor read — decided case by case.
   */
  async search(
    actor: Actor,
    query: string,
    statedPurpose: string | undefined,
  ): Promise<JournalSearchHit[]> {
    const now = this.#clock();
    const decisions = new Map<string, boolean>();
    const allowed: string[] = [];
    const seen = new Set<string>();
    /** Takes candidates in order while the policy allows them, up to SEARCH_LIMIT. */
    const take = (candidates: readonly SearchCandidate[]): void => {
      for (const candidate of candidates) {
        if (allowed.length === SEARCH_LIMIT) return;
        if (seen.has(candidate.noteId)) continue;
        seen.add(candidate.noteId);
        let mayRead = decisions.get(candidate.caseId);
        if (mayRead === undefined) {
          const decision = decidePersonAction(actor.roles, 'case.read', candidate);
          mayRead = decision.allowed && (!decision.purposeRequired || statedPurpose !== undefined);
          decisions.set(candidate.caseId, mayRead);
        }
        if (mayRead) allowed.push(candidate.noteId);
      }
    };
    // Newest first. A walk over the newest notes finds a common word at bounded cost; the share
    // of hits it found tells how far the next walk must go, or, for a rarer word, that the
    // full-text index is cheaper for the rest (the notes older than where the walks ended).
    let position: SearchPosition | null = null;
    let walked = 0;
    let matched = 0;
    let size = this.#walk.first;
    let more = true;
    while (allowed.length < SEARCH_LIMIT) {
      const walk = await this.#notes.searchWalk(
        actor,
        query,
        now,
        position,
        size,
        this.#walk.matches,
      );
      take(walk.candidates);
      matched += walk.candidates.length;
      if (allowed.length === SEARCH_LIMIT) break;
      const extent = await this.#notes.walkExtent(actor.municipalityId, position, size, walk.cut);
      walked += extent.walked;
      position = extent.end;
      more = extent.more;
      if (!more || matched === 0) break;
      // The hits allowed so far say how far to walk; matches that the policy all refused (a
      // user who may read few of the cases) say only that the word is common: walk further.
      size =
        allowed.length > 0
          ? Math.ceil(((SEARCH_LIMIT - allowed.length) * walked * 1.3) / allowed.length)
          : Math.min(walked * 4, this.#walk.max - walked);
      if (size < 1 || walked + size > this.#walk.max) break;
    }
    if (more && allowed.length < SEARCH_LIMIT) {
      for (let offset = 0; allowed.length < SEARCH_LIMIT; offset += CANDIDATE_PAGE) {
        const page = await this.#notes.searchCandidates(
          actor,
          query,
          now,
          position,
          offset,
          CANDIDATE_PAGE,
        );
        take(page);
        if (page.length < CANDIDATE_PAGE) break;
      }
    }
    const records = await this.#notes.searchHits(actor.municipalityId, allowed, query);
    const byId = new Map<string, SearchHitRecord>(records.map((record) => [record.noteId, record]));
    return allowed.flatMap((noteId) => {
      const record = byId.get(noteId);
      if (!record) return [];
      const { headline, ...rest } = record;
      return [{ ...rest, snippet: snippetParts(headline) }];
    });
  }
}
