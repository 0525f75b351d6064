// HTTP routes of the access log: search, CSV export and chain verification.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { parsePersonnummer, STAFF_ROLES } from '@skyddsnat/domain';
import type { Db } from '../../db/database.ts';
import { requireActor } from '../../http/access-control.ts';
import { badRequest } from '../../http/errors.ts';
import { errorResponses, plainDateSchema } from '../../http/schemas.ts';
import { stockholmDate } from '../../time.ts';
import type { Actor } from '../auth/actor.ts';
import type { AccessLogWriter } from './access-log.ts';
import { accessLogCsv, type AccessLogQueries, type LogSearchFilter } from './queries.ts';
import { verifyAccessLogChain } from './verify.ts';

const filterSchema = z
  .object({
    username: z.string().trim().min(1).max(64).optional(),
    personnummer: z.string().trim().min(1).max(20).optional(),
    from: plainDateSchema.optional(),
    to: plainDateSchema.optional(),
    purpose: z.string().trim().max(500).optional(),
  })
  .strict();

const EXPORT_LIMIT = 50_000;

export interface AccessLogRouteDeps {
  db: Db;
  queries: AccessLogQueries;
  accessLog: AccessLogWriter;
  clock: () => Date;
}

export function accessLogRoutes(deps: AccessLogRouteDeps): FastifyPluginAsyncZod {
  async function toFilter(
    actor: Actor,
    query: z.infer<typeof filterSchema>,
    page: { limit: number; offset: number },
  ): Promise<LogSearchFilter | undefined> {
    if (query.from && query.to && query.to < query.from) {
      throw badRequest('invalid_period', 'The end date is before the start date');
    }
    let personId: string | undefined;
    if (query.personnummer) {
      const parsed = parsePersonnummer(query.personnummer, stockholmDate(deps.clock()));
      if (!parsed.ok)
        throw badRequest('invalid_personnummer', parsed.error.message, {
          reason: parsed.error.code,
        });
      personId = await deps.queries.findPersonIdByPersonnummer(
        actor.municipalityId,
        parsed.value.normalized,
      );
      if (!personId) return undefined;
    }
    return { username: query.username, personId, from: query.from, to: query.to, ...page };
  }

  const entrySchema = z.object({
    id: z.uuid(),
    seq: z.string(),
    occurredAt: z.string(),
    actorUsername: z.string(),
    actorRoles: z.array(z.enum(STAFF_ROLES)),
    persons: z.array(z.object({ id: z.uuid(), personnummer: z.string() })),
    resource: z.string(),
    fields: z.array(z.string()),
    purpose: z.string(),
    caseId: z.uuid().nullable(),
    clientIp: z.string(),
  });

  return async (app) => {
    app.get(
      '/access-log',
      {
        config: {
          access: { kind: 'general', action: 'access_log.search' },
          revealsPersonalData: true,
        },
        schema: {
          summary: 'Search the access log by user, person and period',
          tags: ['access-log'],
          querystring: filterSchema.extend({
            limit: z.coerce.number().int().min(1).max(500).default(100),
            offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
          }),
          response: {
            200: z.object({ entries: z.array(entrySchema), total: z.number().int() }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const { limit, offset, ...query } = request.query;
        const filter = await toFilter(actor, query, { limit, offset });
        const result = filter
          ? await deps.queries.search(actor, filter)
          : { entries: [], total: 0 };
        const personIds = result.entries.flatMap((e) => e.persons.map((p) => p.id));
        await deps.accessLog.record(request, {
          personIds,
          resource: 'access_log.search',
          fields: ['personnummer', 'access_history'],
          caseId: null,
          purpose: query.purpose ?? request.generalDecision?.basis ?? 'log review',
        });
        return result;
      },
    );

    app.get(
      '/access-log/export.csv',
      {
        config: {
          access: { kind: 'general', action: 'access_log.search' },
          revealsPersonalData: true,
        },
        schema: {
          summary: 'The access-log search as CSV (semicolon separated, UTF-8 with BOM)',
          tags: ['access-log'],
          querystring: filterSchema,
          produces: ['text/csv'],
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const filter = await toFilter(actor, request.query, { limit: EXPORT_LIMIT, offset: 0 });
        const result = filter
          ? await deps.queries.search(actor, filter)
          : { entries: [], total: 0 };
        const personIds = result.entries.flatMap((e) => e.persons.map((p) => p.id));
        await deps.accessLog.record(request, {
          personIds,
          resource: 'access_log.export',
          fields: ['personnummer', 'access_history'],
          caseId: null,
          purpose: request.query.purpose ?? request.generalDecision?.basis ?? 'log review',
        });
        const day = stockholmDate(deps.clock());
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="atkomstlogg-${day}.csv"`)
          .send(accessLogCsv(result.entries));
      },
    );

    app.get(
      '/access-log/verify',
      {
        config: { access: { kind: 'general', action: 'access_log.verify' } },
        schema: {
          summary: "Verify the hash chain of the municipality's access log",
          tags: ['access-log'],
          response: {
            200: z.object({
              reports: z.array(
                z.object({
                  municipalityId: z.uuid(),
                  entries: z.number().int(),
                  ok: z.boolean(),
                  firstBreak: z
                    .object({
                      seq: z.string(),
                      entryId: z.uuid().nullable(),
                      problem: z.string(),
                      message: z.string(),
                    })
                    .nullable(),
                }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const report = await verifyAccessLogChain(deps.db, actor.municipalityId);
        return { reports: [report] };
      },
    );
  };
}
