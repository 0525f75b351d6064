// HTTP routes of the journal (journalanteckningar): drafts, signing, addenda, search and PDF.
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.ts';
import { purposeOf, requireActor, requireCaseAccess } from '../../http/access-control.ts';
import { errorResponses, plainDateSchema, purposeQuerySchema } from '../../http/schemas.ts';
import { recordCaseRead, type AccessLogWriter } from '../access-log/access-log.ts';
import { renderJournalPdf } from './pdf.ts';
import { JournalRepository, type AddendumRecord } from './repository.ts';
import { JournalService, SEARCH_LIMIT, type NoteWithAddenda } from './service.ts';
import { NOTE_STATUSES, NOTE_TYPES } from './tables.ts';

export interface JournalRouteDeps {
  db: Db;
  accessLog: AccessLogWriter;
  clock: () => Date;
}

const BODY_MAX = 20_000;
const HEADING_MAX = 10_000;

const staffRefSchema = z.object({ id: z.uuid(), displayName: z.string() });

const addendumSchema = z.object({
  id: z.uuid(),
  noteId: z.uuid(),
  body: z.string(),
  author: staffRefSchema,
  createdAt: z.string(),
});

const noteSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  eventDate: z.string(),
  noteType: z.enum(NOTE_TYPES),
  body: z.string(),
  childrenSituation: z.string().nullable(),
  childrenNotAddressedReason: z.string().nullable(),
  violenceAssessment: z.string().nullable(),
  status: z.enum(NOTE_STATUSES),
  author: staffRefSchema,
  signedBy: staffRefSchema.nullable(),
  signedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  addenda: z.array(addendumSchema),
});

const searchHitSchema = z.object({
  noteId: z.uuid(),
  caseId: z.uuid(),
  personId: z.uuid(),
  applicantName: z.string(),
  eventDate: z.string(),
  noteType: z.enum(NOTE_TYPES),
  status: z.enum(NOTE_STATUSES),
  authorName: z.string(),
  snippet: z.array(z.object({ text: z.string(), match: z.boolean() })),
  rank: z.number(),
});

const headingSchema = z.string().max(HEADING_MAX).nullable().optional();

const newNoteSchema = z
  .object({
    eventDate: plainDateSchema,
    noteType: z.enum(NOTE_TYPES),
    body: z.string().max(BODY_MAX),
    childrenSituation: headingSchema,
    childrenNotAddressedReason: headingSchema,
    violenceAssessment: headingSchema,
  })
  .strict();

const draftPatchSchema = z
  .object({
    version: z.number().int().min(1),
    eventDate: plainDateSchema.optional(),
    noteType: z.enum(NOTE_TYPES).optional(),
    body: z.string().max(BODY_MAX).optional(),
    childrenSituation: headingSchema,
    childrenNotAddressedReason: headingSchema,
    violenceAssessment: headingSchema,
  })
  .strict();

const periodQuerySchema = purposeQuerySchema.extend({
  from: plainDateSchema.optional(),
  to: plainDateSchema.optional(),
});

const caseParams = z.object({ caseId: z.string() });
const noteParams = z.object({ caseId: z.string(), noteId: z.string() });
const caseAccess = (action: 'case.read' | 'case.write') =>
  ({ kind: 'case', action, caseIdParam: 'caseId' }) as const;

function noteJson(note: NoteWithAddenda): z.infer<typeof noteSchema> {
  return {
    ...note,
    signedAt: note.signedAt?.toISOString() ?? null,
    createdAt: note.createdAt.toISOString(),
    updatedAt: note.updatedAt.toISOString(),
    addenda: note.addenda.map((addendum) => addendumJson(addendum)),
  };
}

function addendumJson(addendum: AddendumRecord): z.infer<typeof addendumSchema> {
  return { ...addendum, createdAt: addendum.createdAt.toISOString() };
}

export function journalRoutes(deps: JournalRouteDeps): FastifyPluginAsyncZod {
  const journal = new JournalService(new JournalRepository(deps.db), deps.clock);

  /** Every response of a case route shows journal text about the case's applicant. */
  const logCaseRead = (request: FastifyRequest, resource: string, fields: string[]) =>
    recordCaseRead(deps.accessLog, request, resource, fields);

  return async (app) => {
    app.post(
      '/cases/:caseId/journal-notes',
      {
        config: { access: caseAccess('case.write'), revealsPersonalData: true },
        schema: {
          summary: 'Start a journal note (a draft only its author sees and edits)',
          tags: ['journal'],
          params: caseParams,
          body: newNoteSchema,
          response: { 201: noteSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const access = requireCaseAccess(request);
        const note = await journal.create(requireActor(request), access.caseId, request.body);
        await logCaseRead(request, 'journal.note', ['journal']);
        return reply.code(201).send(noteJson(note));
      },
    );

    app.get(
      '/cases/:caseId/journal-notes',
      {
        config: { access: caseAccess('case.read'), revealsPersonalData: true },
        schema: {
          summary: "The case's journal: signed notes and your own drafts, with addenda",
          tags: ['journal'],
          params: caseParams,
          querystring: periodQuerySchema,
          response: {
            200: z.object({ caseId: z.uuid(), notes: z.array(noteSchema) }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const access = requireCaseAccess(request);
        const notes = await journal.list(requireActor(request), access.caseId, request.query);
        await logCaseRead(request, 'journal', ['journal']);
        return { caseId: access.caseId, notes: notes.map((note) => noteJson(note)) };
      },
    );

    app.get(
      '/cases/:caseId/journal-notes/:noteId',
      {
        config: { access: caseAccess('case.read'), revealsPersonalData: true },
        schema: {
          summary: 'One journal note (signed, or your own draft) with its addenda',
          tags: ['journal'],
          params: noteParams,
          querystring: purposeQuerySchema,
          response: { 200: noteSchema, ...errorResponses },
        },
      },
      async (request) => {
        const access = requireCaseAccess(request);
        const note = await journal.get(requireActor(request), access.caseId, request.params.noteId);
        await logCaseRead(request, 'journal.note', ['journal']);
        return noteJson(note);
      },
    );

    app.patch(
      '/cases/:caseId/journal-notes/:noteId',
      {
        config: { access: caseAccess('case.write'), revealsPersonalData: true },
        schema: {
          summary: 'Autosave a draft (author only); `version` guards against lost updates',
          tags: ['journal'],
          params: noteParams,
          body: draftPatchSchema,
          response: { 200: noteSchema, ...errorResponses },
        },
      },
      async (request) => {
        const access = requireCaseAccess(request);
        const note = await journal.saveDraft(
          requireActor(request),
          access.caseId,
          request.params.noteId,
          request.body,
        );
        await logCaseRead(request, 'journal.note', ['journal']);
        return noteJson(note);
      },
    );

    app.post(
      '/cases/:caseId/journal-notes/:noteId/sign',
      {
        config: { access: caseAccess('case.write'), revealsPersonalData: true },
        schema: {
          summary: 'Sign a draft (author only); a signed note is locked, changes are addenda',
          tags: ['journal'],
          params: noteParams,
          body: z.object({ version: z.number().int().min(1) }).strict(),
          response: { 200: noteSchema, ...errorResponses },
        },
      },
      async (request) => {
        const access = requireCaseAccess(request);
        const note = await journal.sign(
          requireActor(request),
          access.caseId,
          request.params.noteId,
          request.body.version,
        );
        await logCaseRead(request, 'journal.note', ['journal']);
        return noteJson(note);
      },
    );

    app.post(
      '/cases/:caseId/journal-notes/:noteId/addenda',
      {
        config: { access: caseAccess('case.write'), revealsPersonalData: true },
        schema: {
          summary: 'Add an addendum (tillägg) to a signed note; it shows beside the note',
          tags: ['journal'],
          params: noteParams,
          body: z.object({ body: z.string().trim().min(1).max(BODY_MAX) }).strict(),
          response: { 201: addendumSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const access = requireCaseAccess(request);
        const addendum = await journal.addAddendum(
          requireActor(request),
          access.caseId,
          request.params.noteId,
          request.body.body,
        );
        await logCaseRead(request, 'journal.note', ['journal']);
        return reply.code(201).send(addendumJson(addendum));
      },
    );

    app.get(
      '/cases/:caseId/journal.pdf',
      {
        config: { access: caseAccess('case.read'), revealsPersonalData: true },
        schema: {
          summary: 'The signed notes of a period with addenda, as a PDF (no address is printed)',
          tags: ['journal'],
          params: caseParams,
          querystring: periodQuerySchema,
          produces: ['application/pdf'],
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const access = requireCaseAccess(request);
        const period = { from: request.query.from, to: request.query.to };
        const extract = await journal.extract(actor, access.caseId, period);
        const pdf = await renderJournalPdf({
          caseId: access.caseId,
          period,
          extract,
          printedBy: actor.displayName,
          printedAt: deps.clock(),
        });
        await logCaseRead(request, 'journal.pdf', ['journal', 'name', 'personnummer']);
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="journal-${access.caseId}.pdf"`)
          .send(pdf);
      },
    );

    app.get(
      '/journal-search',
      {
        config: {
          access: { kind: 'general', action: 'journal.search' },
          revealsPersonalData: true,
        },
        schema: {
          summary:
            'Full-text search (Swedish) in signed notes and your own drafts, of cases you may read',
          tags: ['journal'],
          querystring: purposeQuerySchema.extend({ q: z.string().trim().min(1).max(200) }),
          response: {
            200: z.object({ hits: z.array(searchHitSchema), limit: z.number().int() }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const hits = await journal.search(actor, request.query.q, purposeOf(request));
        await deps.accessLog.record(request, {
          personIds: hits.map((hit) => hit.personId),
          resource: 'journal.search',
          fields: ['journal', 'name'],
          caseId: null,
          purpose: purposeOf(request) ?? request.generalDecision?.basis ?? 'journal search',
        });
        return { hits, limit: SEARCH_LIMIT };
      },
    );
  };
}
