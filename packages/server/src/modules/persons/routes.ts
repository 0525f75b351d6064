// HTTP routes of the person register.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PROTECTION_LEVELS, STAFF_ROLES } from '@skyddsnat/domain';
import { requireActor, requirePersonAccess } from '../../http/access-control.ts';
import { errorResponses, purposeQuerySchema, uuidSchema } from '../../http/schemas.ts';
import type { AccessLogWriter } from '../access-log/access-log.ts';
import type { AccessLogQueries } from '../access-log/queries.ts';
import { PersonService, SEARCH_LIMIT } from './service.ts';

const protectionSchema = z.enum(PROTECTION_LEVELS);

const searchHitSchema = z.object({
  id: z.uuid(),
  personnummer: z.string(),
  visibility: z.enum(['full', 'restricted']),
  name: z.string().nullable(),
  districtName: z.string().nullable(),
  protection: protectionSchema,
});

const personPageSchema = z.object({
  id: z.uuid(),
  personnummer: z.string(),
  identityKind: z.enum(['personnummer', 'samordningsnummer']),
  firstName: z.string(),
  lastName: z.string(),
  districtId: z.uuid(),
  districtName: z.string(),
  protection: protectionSchema,
  address: z
    .object({
      streetAddress: z.string().nullable(),
      postalCode: z.string().nullable(),
      city: z.string().nullable(),
    })
    .nullable(),
  addressHidden: z.boolean(),
  relation: z.string(),
  openCases: z.array(
    z.object({
      id: z.uuid(),
      districtName: z.string(),
      unitName: z.string(),
      openedAt: z.string(),
    }),
  ),
  version: z.number().int(),
});

const accessHistorySchema = z.object({
  entries: z.array(
    z.object({
      id: z.uuid(),
      occurredAt: z.string(),
      actorUsername: z.string(),
      actorDisplayName: z.string(),
      actorRoles: z.array(z.enum(STAFF_ROLES)),
      resource: z.string(),
      fields: z.array(z.string()),
      purpose: z.string(),
      caseId: z.uuid().nullable(),
    }),
  ),
});

const newPersonSchema = z
  .object({
    personnummer: z.string().trim().min(1).max(20),
    firstName: z.string().trim().min(1).max(100),
    lastName: z.string().trim().min(1).max(100),
    streetAddress: z.string().trim().max(200).optional(),
    postalCode: z
      .string()
      .trim()
      .regex(/^[0-9]{3} ?[0-9]{2}$/, 'Postnummer: five digits, e.g. 112 34')
      .optional(),
    city: z.string().trim().max(100).optional(),
    districtId: uuidSchema,
    protection: protectionSchema.default('none'),
  })
  .strict();

const PAGE_FIELDS = ['personnummer', 'name', 'district', 'protection', 'cases'] as const;

export interface PersonRouteDeps {
  persons: PersonService;
  accessLog: AccessLogWriter;
  accessLogQueries: AccessLogQueries;
}

export function personRoutes(deps: PersonRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/persons',
      {
        config: { access: { kind: 'general', action: 'person.search' }, revealsPersonalData: true },
        schema: {
          summary: 'Search persons by personnummer/samordningsnummer or name',
          tags: ['persons'],
          querystring: purposeQuerySchema.extend({ q: z.string().trim().min(1).max(100) }),
          response: {
            200: z.object({ hits: z.array(searchHitSchema), limit: z.number().int() }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const hits = await deps.persons.search(actor, request.query.q);
        await deps.accessLog.record(request, {
          personIds: hits.map((hit) => hit.id),
          resource: 'person.search',
          fields: ['personnummer', 'name', 'district', 'protection'],
          caseId: null,
          purpose: request.query.purpose ?? request.generalDecision?.basis ?? 'search',
        });
        return { hits, limit: SEARCH_LIMIT };
      },
    );

    app.get(
      '/persons/:personId',
      {
        config: {
          access: { kind: 'person', action: 'person.read', personIdParam: 'personId' },
          revealsPersonalData: true,
        },
        schema: {
          summary:
            'The person page: identity, district, protection, address where allowed, open cases',
          tags: ['persons'],
          params: z.object({ personId: z.string() }),
          querystring: purposeQuerySchema,
          response: { 200: personPageSchema, ...errorResponses },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const access = requirePersonAccess(request);
        const showAddress = PersonService.addressVisible(actor, access.person);
        // The entry is known before the page is built: write it alongside, respond after both.
        const [page] = await Promise.all([
          deps.persons.page(actor, access.person),
          deps.accessLog.record(request, {
            personIds: [access.personId],
            resource: 'person',
            fields: showAddress ? [...PAGE_FIELDS, 'address'] : [...PAGE_FIELDS],
            caseId: access.relationCaseId,
            purpose: access.purpose,
          }),
        ]);
        return page;
      },
    );

    app.get(
      '/persons/:personId/access-history',
      {
        config: {
          access: { kind: 'person', action: 'person.access_history', personIdParam: 'personId' },
          revealsPersonalData: true,
        },
        schema: {
          summary: 'Who has looked at this person',
          tags: ['persons', 'access-log'],
          params: z.object({ personId: z.string() }),
          querystring: purposeQuerySchema,
          response: { 200: accessHistorySchema, ...errorResponses },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const access = requirePersonAccess(request);
        const entries = await deps.accessLogQueries.historyOfPerson(
          actor.municipalityId,
          access.personId,
        );
        await deps.accessLog.record(request, {
          personIds: [access.personId],
          resource: 'person.access_history',
          fields: ['access_history'],
          caseId: access.relationCaseId,
          purpose: access.purpose,
        });
        return { entries };
      },
    );

    app.post(
      '/persons',
      {
        config: {
          access: { kind: 'general', action: 'person.register' },
          revealsPersonalData: false,
        },
        schema: {
          summary: 'Register a person',
          tags: ['persons'],
          body: newPersonSchema,
          response: { 201: z.object({ id: z.uuid() }), ...errorResponses },
        },
      },
      async (request, reply) => {
        const id = await deps.persons.register(requireActor(request), request.body, request.ip);
        return reply.code(201).send({ id });
      },
    );

    app.post(
      '/persons/:personId/protected-data-grants',
      {
        config: { access: { kind: 'general', action: 'person.grant_protected' } },
        schema: {
          summary: 'Give one user time-limited access to a protected person',
          tags: ['persons'],
          params: z.object({ personId: uuidSchema }),
          body: z
            .object({
              userId: uuidSchema,
              reason: z.string().trim().min(5).max(500),
              validUntil: z.iso.datetime(),
            })
            .strict(),
          response: { 201: z.object({ id: z.uuid() }), ...errorResponses },
        },
      },
      async (request, reply) => {
        const id = await deps.persons.grantProtectedAccess(
          requireActor(request),
          request.params.personId,
          request.body,
          request.ip,
        );
        return reply.code(201).send({ id });
      },
    );
  };
}
