// HTTP routes: the organisation (for every user) and its administration (administrators only).
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { STAFF_ROLES } from '@skyddsnat/domain';
import { requireActor } from '../../http/access-control.ts';
import { errorResponses, uuidSchema } from '../../http/schemas.ts';
import type { ChangeContext, ChangeLog } from '../change-log/change-log.ts';
import type { OrganisationService } from './service.ts';

const nameSchema = z.string().trim().min(1, 'Name is required').max(200);
const versionSchema = z.number().int().min(1);
const idList = z.array(uuidSchema).max(100);

const userViewSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  roles: z.array(z.enum(STAFF_ROLES)),
  unitIds: z.array(z.uuid()),
  groupIds: z.array(z.uuid()),
  disabled: z.boolean(),
  version: z.number().int(),
});

const organisationSchema = z.object({
  municipality: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  districts: z.array(z.object({ id: z.uuid(), name: z.string(), version: z.number().int() })),
  units: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      runByDistrictId: z.uuid(),
      servedDistrictIds: z.array(z.uuid()),
      version: z.number().int(),
      groups: z.array(z.object({ id: z.uuid(), name: z.string(), version: z.number().int() })),
    }),
  ),
});

const unitBody = z.object({
  name: nameSchema,
  runByDistrictId: uuidSchema,
  servedDistrictIds: idList.min(1, 'A unit serves at least one district'),
});
const idResponse = { 201: z.object({ id: z.uuid() }), ...errorResponses };
const noContent = { 204: z.null(), ...errorResponses };

function changeContext(request: FastifyRequest): ChangeContext {
  const actor = requireActor(request);
  return {
    municipalityId: actor.municipalityId,
    actorUserId: actor.userId,
    actorUsername: actor.username,
    clientIp: request.ip,
  };
}

export interface OrgRouteDeps {
  organisation: OrganisationService;
  changeLog: ChangeLog;
}

export function orgRoutes(deps: OrgRouteDeps): FastifyPluginAsyncZod {
  const org = deps.organisation;
  const adminOrg = { access: { kind: 'general', action: 'admin.organisation' } } as const;
  const adminStaff = { access: { kind: 'general', action: 'admin.staff' } } as const;
  return async (app) => {
    app.get(
      '/org',
      {
        config: { access: { kind: 'general', action: 'session.self' } },
        schema: {
          summary: 'The municipality, its districts, units and groups',
          tags: ['organisation'],
          response: { 200: organisationSchema, ...errorResponses },
        },
      },
      async (request) => org.organisation(requireActor(request).municipalityId),
    );

    app.post(
      '/admin/districts',
      {
        config: adminOrg,
        schema: {
          summary: 'Create a district committee',
          tags: ['admin'],
          body: z.object({ name: nameSchema }).strict(),
          response: idResponse,
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send({ id: await org.createDistrict(changeContext(request), request.body.name) }),
    );

    app.patch(
      '/admin/districts/:id',
      {
        config: adminOrg,
        schema: {
          summary: 'Rename a district committee',
          tags: ['admin'],
          params: z.object({ id: uuidSchema }),
          body: z.object({ name: nameSchema, version: versionSchema }).strict(),
          response: noContent,
        },
      },
      async (request, reply) => {
        await org.updateDistrict(
          changeContext(request),
          request.params.id,
          request.body.name,
          request.body.version,
        );
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/admin/units',
      {
        config: adminOrg,
        schema: {
          summary: 'Create a unit',
          tags: ['admin'],
          body: unitBody.strict(),
          response: idResponse,
        },
      },
      async (request, reply) =>
        reply.code(201).send({ id: await org.createUnit(changeContext(request), request.body) }),
    );

    app.patch(
      '/admin/units/:id',
      {
        config: adminOrg,
        schema: {
          summary: 'Change a unit',
          tags: ['admin'],
          params: z.object({ id: uuidSchema }),
          body: unitBody.extend({ version: versionSchema }).strict(),
          response: noContent,
        },
      },
      async (request, reply) => {
        const { version, ...input } = request.body;
        await org.updateUnit(changeContext(request), request.params.id, input, version);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/admin/units/:unitId/groups',
      {
        config: adminOrg,
        schema: {
          summary: 'Create a group in a unit',
          tags: ['admin'],
          params: z.object({ unitId: uuidSchema }),
          body: z.object({ name: nameSchema }).strict(),
          response: idResponse,
        },
      },
      async (request, reply) =>
        reply.code(201).send({
          id: await org.createGroup(
            changeContext(request),
            request.params.unitId,
            request.body.name,
          ),
        }),
    );

    app.patch(
      '/admin/groups/:id',
      {
        config: adminOrg,
        schema: {
          summary: 'Rename a group',
          tags: ['admin'],
          params: z.object({ id: uuidSchema }),
          body: z.object({ name: nameSchema, version: versionSchema }).strict(),
          response: noContent,
        },
      },
      async (request, reply) => {
        await org.updateGroup(
          changeContext(request),
          request.params.id,
          request.body.name,
          request.body.version,
        );
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/admin/users',
      {
        config: adminStaff,
        schema: {
          summary: 'Staff users with roles and memberships',
          tags: ['admin'],
          response: { 200: z.object({ users: z.array(userViewSchema) }), ...errorResponses },
        },
      },
      async (request) => ({ users: await org.listUsers(requireActor(request).municipalityId) }),
    );

    app.post(
      '/admin/users',
      {
        config: adminStaff,
        schema: {
          summary: 'Create a staff user',
          tags: ['admin'],
          body: z
            .object({
              username: z
                .string()
                .trim()
                .toLowerCase()
                .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'Username: 2–64 of a–z, 0–9, . _ -'),
              displayName: nameSchema,
              email: z.email().optional(),
              password: z.string().max(1024).optional(),
              roles: z.array(z.enum(STAFF_ROLES)).min(1, 'Give the user at least one role'),
              unitIds: idList,
              groupIds: idList,
            })
            .strict(),
          response: idResponse,
        },
      },
      async (request, reply) =>
        reply.code(201).send({ id: await org.createUser(changeContext(request), request.body) }),
    );

    app.patch(
      '/admin/users/:id',
      {
        config: adminStaff,
        schema: {
          summary: 'Change a staff user: name, roles, memberships, password, disabled',
          tags: ['admin'],
          params: z.object({ id: uuidSchema }),
          body: z
            .object({
              displayName: nameSchema.optional(),
              email: z.email().nullable().optional(),
              password: z.string().max(1024).optional(),
              roles: z.array(z.enum(STAFF_ROLES)).optional(),
              unitIds: idList.optional(),
              groupIds: idList.optional(),
              disabled: z.boolean().optional(),
              version: versionSchema,
            })
            .strict(),
          response: { 200: userViewSchema, ...errorResponses },
        },
      },
      async (request) => org.updateUser(changeContext(request), request.params.id, request.body),
    );

    app.get(
      '/admin/change-log',
      {
        config: { access: { kind: 'general', action: 'change_log.read' } },
        schema: {
          summary: 'Administrative changes, newest first',
          tags: ['admin'],
          querystring: z
            .object({
              entity: z.string().max(50).optional(),
              limit: z.coerce.number().int().min(1).max(1000).default(200),
            })
            .strict(),
          response: {
            200: z.object({
              entries: z.array(
                z.object({
                  id: z.string(),
                  occurredAt: z.string(),
                  actorUsername: z.string(),
                  entity: z.string(),
                  entityId: z.uuid(),
                  change: z.string(),
                  before: z.unknown(),
                  after: z.unknown(),
                }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => ({
        entries: await deps.changeLog.list(requireActor(request).municipalityId, request.query),
      }),
    );
  };
}
