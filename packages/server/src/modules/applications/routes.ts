// HTTP routes of applications: register, change, confirm, documents, completion requests.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { requireActor, requireCaseAccess } from '../../http/access-control.ts';
import {
  errorBodySchema,
  errorResponses,
  plainDateSchema,
  purposeQuerySchema,
  uuidSchema,
} from '../../http/schemas.ts';
import { recordCaseRead, type AccessLogWriter } from '../access-log/access-log.ts';
import {
  applicationContentSchema,
  CONFIRMATION_METHODS,
  createApplicationSchema,
  documentKindSchema,
  MAX_DOCUMENT_BYTES,
} from './schemas.ts';
import { maskProtectedMembers } from '../cases/protected-members.ts';
import type { ApplicationService } from './service.ts';

export interface ApplicationRouteDeps {
  applications: ApplicationService;
  accessLog: AccessLogWriter;
}

const caseParams = z.object({ caseId: z.string() });
const applicationParams = caseParams.extend({ applicationId: uuidSchema });
const read = { kind: 'case', action: 'case.read', caseIdParam: 'caseId' } as const;
const write = { kind: 'case', action: 'case.write', caseIdParam: 'caseId' } as const;
// The view is documented by ApplicationView in service.ts; here it passes through.
const viewSchema = z.looseObject({ id: z.uuid(), version: z.number().int() });
const withErrors = {
  413: errorBodySchema,
  415: errorBodySchema,
  422: errorBodySchema,
  ...errorResponses,
};

/** The uploaded types: the bytes decide what a file is; these headers only let it in. */
const UPLOAD_CONTENT_TYPES = [
  'application/octet-stream',
  'application/pdf',
  'image/jpeg',
  'image/png',
];

export function applicationRoutes(deps: ApplicationRouteDeps): FastifyPluginAsyncZod {
  const { applications } = deps;
  return async (app) => {
    app.addContentTypeParser(
      UPLOAD_CONTENT_TYPES,
      { parseAs: 'buffer', bodyLimit: MAX_DOCUMENT_BYTES + 1 },
      (_request, body, done) => {
        done(null, body);
      },
    );

    const log = (request: FastifyRequest, resource: string, fields: string[]) =>
      recordCaseRead(deps.accessLog, request, resource, fields);

    app.get(
      '/cases/:caseId/applications',
      {
        config: { access: read, revealsPersonalData: true },
        schema: {
          summary: "The case's applications, newest month first",
          tags: ['applications'],
          params: caseParams,
          response: {
            200: z.object({ applications: z.array(z.looseObject({ id: z.uuid() })) }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const list = await applications.list(requireCaseAccess(request).caseId);
        await log(request, 'application.list', ['application']);
        return { applications: list };
      },
    );

    app.post(
      '/cases/:caseId/applications',
      {
        config: { access: write, revealsPersonalData: true },
        schema: {
          summary:
            'Register an application (initial or continued) for a month; it is calculated at once',
          tags: ['applications'],
          params: caseParams,
          body: createApplicationSchema,
          response: { 201: z.object({ id: z.uuid() }), ...withErrors },
        },
      },
      async (request, reply) => {
        const access = requireCaseAccess(request);
        const id = await applications.create(requireActor(request), access.caseId, request.body);
        await log(request, 'application', ['application']);
        return reply.code(201).send({ id });
      },
    );

    app.get(
      '/cases/:caseId/applications/:applicationId',
      {
        config: { access: read, revealsPersonalData: true },
        schema: {
          summary:
            'An application: household of the month, costs, incomes, documents, what is missing, and the calculation line by line',
          tags: ['applications'],
          params: applicationParams,
          response: { 200: viewSchema, ...errorResponses },
        },
      },
      async (request) => {
        const access = requireCaseAccess(request);
        const found = await applications.get(access.caseId, request.params.applicationId);
        const view = {
          ...found,
          household: maskProtectedMembers(found.household, requireActor(request).roles, access),
        };
        await log(request, 'application', ['application', 'household', 'name', 'personnummer']);
        return view;
      },
    );

    app.put(
      '/cases/:caseId/applications/:applicationId',
      {
        config: { access: write, revealsPersonalData: true },
        schema: {
          summary: 'Change costs and incomes; the calculation is redone',
          tags: ['applications'],
          params: applicationParams,
          body: applicationContentSchema.extend({ version: z.number().int().min(1) }).strict(),
          response: { 204: z.null(), ...withErrors },
        },
      },
      async (request, reply) => {
        const { version, ...content } = request.body;
        await applications.update(
          requireCaseAccess(request).caseId,
          request.params.applicationId,
          content,
          version,
        );
        await log(request, 'application', ['application']);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/cases/:caseId/applications/:applicationId/confirm',
      {
        config: { access: write, revealsPersonalData: true },
        schema: {
          summary: "Record the applicant's signature or confirmation of the application",
          tags: ['applications'],
          params: applicationParams,
          body: z
            .object({ version: z.number().int().min(1), method: z.enum(CONFIRMATION_METHODS) })
            .strict(),
          response: { 204: z.null(), ...withErrors },
        },
      },
      async (request, reply) => {
        await applications.confirm(
          requireCaseAccess(request).caseId,
          request.params.applicationId,
          request.body.method,
          request.body.version,
        );
        await log(request, 'application', ['application']);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/cases/:caseId/applications/:applicationId/recalculate',
      {
        config: { access: write, revealsPersonalData: true },
        schema: {
          summary: 'Recalculate with the household as it is now (after a household change)',
          tags: ['applications'],
          params: applicationParams,
          response: { 204: z.null(), ...withErrors },
        },
      },
      async (request, reply) => {
        await applications.recalculate(
          requireCaseAccess(request).caseId,
          request.params.applicationId,
        );
        await log(request, 'application', ['application', 'household']);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/cases/:caseId/applications/:applicationId/documents',
      {
        config: { access: write, revealsPersonalData: true },
        bodyLimit: MAX_DOCUMENT_BYTES + 1,
        schema: {
          summary:
            'Attach a document: the request body is the file (PDF, JPEG or PNG, at most 10 MiB, recognised by its content)',
          tags: ['applications'],
          params: applicationParams,
          querystring: purposeQuerySchema
            .extend({ kind: documentKindSchema, fileName: z.string().trim().min(1).max(200) })
            .strict(),
          response: { 201: z.object({ id: z.uuid() }), ...withErrors },
        },
      },
      async (request, reply) => {
        const body: unknown = request.body;
        if (!Buffer.isBuffer(body)) {
          return reply.code(415).send({
            error: {
              code: 'unsupported_document_type',
              message: 'Skicka filen som den är (PDF, JPEG eller PNG), inte som formulär.',
            },
          });
        }
        const id = await applications.addDocument(
          requireActor(request),
          requireCaseAccess(request).caseId,
          request.params.applicationId,
          { kind: request.query.kind, fileName: request.query.fileName, content: body },
        );
        await log(request, 'application.document', ['document']);
        return reply.code(201).send({ id });
      },
    );

    app.get(
      '/cases/:caseId/applications/:applicationId/documents/:documentId',
      {
        config: { access: read, revealsPersonalData: true },
        schema: {
          summary: 'Download an attached document',
          tags: ['applications'],
          params: applicationParams.extend({ documentId: uuidSchema }),
          produces: ['application/pdf', 'image/jpeg', 'image/png'],
        },
      },
      async (request, reply) => {
        const doc = await applications.document(
          requireCaseAccess(request).caseId,
          request.params.applicationId,
          request.params.documentId,
        );
        await log(request, 'application.document', ['document']);
        return reply
          .type(doc.contentType)
          .header(
            'content-disposition',
            `attachment; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`,
          )
          .header('content-security-policy', "default-src 'none'; sandbox")
          .send(doc.content);
      },
    );

    app.post(
      '/cases/:caseId/applications/:applicationId/completion-requests',
      {
        config: { access: write, revealsPersonalData: true },
        schema: {
          summary: 'Ask the applicant for the missing documents by a due date',
          tags: ['applications'],
          params: applicationParams,
          body: z
            .object({ message: z.string().trim().min(1).max(2000), dueDate: plainDateSchema })
            .strict(),
          response: { 201: z.object({ id: z.uuid() }), ...withErrors },
        },
      },
      async (request, reply) => {
        const id = await applications.requestCompletion(
          requireActor(request),
          requireCaseAccess(request).caseId,
          request.params.applicationId,
          request.body,
        );
        await log(request, 'application.completion_request', ['application']);
        return reply.code(201).send({ id });
      },
    );
  };
}
