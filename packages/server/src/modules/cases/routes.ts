// HTTP routes of the case file: open a case, read it, append actions, my cases, caseload.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { allowedNextActions, CONTACT_CHANNELS } from '@skyddsnat/domain';
import { requireActor, requireCaseAccess } from '../../http/access-control.ts';
import {
  errorBodySchema,
  errorResponses,
  plainDateSchema,
  purposeQuerySchema,
  uuidSchema,
} from '../../http/schemas.ts';
import type { AccessLogWriter } from '../access-log/access-log.ts';
import { caseActionInputSchema } from './schemas.ts';
import { maskProtectedMembers } from './protected-members.ts';
import type { CaseService } from './service.ts';

export interface CaseRouteDeps {
  cases: CaseService;
  accessLog: AccessLogWriter;
  caseloadThreshold: number;
}

// The fold's state is documented by packages/domain's CaseState type; here it passes through.
const caseViewSchema = z.looseObject({
  id: z.uuid(),
  version: z.number().int(),
  status: z.enum(['open', 'closed']),
  allowedNextActions: z.array(z.string()).readonly(),
});

const myCaseSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  applicantName: z.string(),
  personnummer: z.string(),
  protection: z.string(),
  districtName: z.string(),
  openedAt: z.string(),
  firstVisitDeadline: z.string().nullable(),
  firstVisitBooked: z.string().nullable(),
  firstVisitOverdue: z.boolean(),
  pendingApplications: z.array(z.string()),
  nextPaymentDate: z.string().nullable(),
  lastActionAt: z.string().nullable(),
  role: z.string(),
});

export function caseRoutes(deps: CaseRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/cases',
      {
        config: { access: { kind: 'general', action: 'case.open' } },
        schema: {
          summary: 'Open a case (aktualisering) for a registered person in your unit',
          tags: ['cases'],
          body: z
            .object({
              personId: uuidSchema,
              unitId: uuidSchema,
              groupId: uuidSchema.nullable().optional(),
              channel: z.enum(CONTACT_CHANNELS),
            })
            .strict(),
          response: { 201: z.object({ id: z.uuid() }), ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send({ id: await deps.cases.open(requireActor(request), request.body) }),
    );

    app.get(
      '/cases/:caseId',
      {
        config: {
          access: { kind: 'case', action: 'case.read', caseIdParam: 'caseId' },
          revealsPersonalData: true,
        },
        schema: {
          summary:
            'The case: applicant, household, officers, its state folded from the action log, and the actions allowed next',
          tags: ['cases'],
          params: z.object({ caseId: z.string() }),
          querystring: purposeQuerySchema,
          response: { 200: caseViewSchema, ...errorResponses },
        },
      },
      async (request) => {
        const access = requireCaseAccess(request);
        const [view] = await Promise.all([
          deps.cases.view(access.caseId).then((v) => ({
            ...v,
            household: maskProtectedMembers(v.household, requireActor(request).roles, access),
          })),
          deps.accessLog.record(request, {
            personIds: [access.personId],
            resource: 'case',
            fields: ['name', 'personnummer', 'household', 'case_log'],
            caseId: access.caseId,
            purpose: access.purpose,
          }),
        ]);
        return view;
      },
    );

    app.post(
      '/cases/:caseId/actions',
      {
        config: {
          access: { kind: 'case', action: 'case.write', caseIdParam: 'caseId' },
          revealsPersonalData: true,
        },
        schema: {
          summary: 'Append an action to the case log (corrections are new actions)',
          tags: ['cases'],
          params: z.object({ caseId: z.string() }),
          body: z
            .object({ version: z.number().int().min(0), action: caseActionInputSchema })
            .strict(),
          response: {
            200: z.object({
              version: z.number().int(),
              status: z.enum(['open', 'closed']),
              allowedNextActions: z.array(z.string()).readonly(),
            }),
            422: errorBodySchema,
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const access = requireCaseAccess(request);
        const state = await deps.cases.append(
          requireActor(request),
          access.caseId,
          request.body.action,
          request.body.version,
        );
        await deps.accessLog.record(request, {
          personIds: [access.personId],
          resource: 'case.action',
          fields: ['case_log'],
          caseId: access.caseId,
          purpose: access.purpose,
        });
        return {
          version: state.version,
          status: state.status,
          allowedNextActions: allowedNextActions(state),
        };
      },
    );

    app.post(
      '/cases/:caseId/household-members',
      {
        config: {
          access: { kind: 'case', action: 'case.write', caseIdParam: 'caseId' },
          revealsPersonalData: true,
        },
        schema: {
          summary: 'Add a member to the household from a date',
          tags: ['cases'],
          params: z.object({ caseId: z.string() }),
          body: z
            .object({
              personId: uuidSchema,
              memberRole: z.enum(['partner', 'child', 'other']),
              validFrom: plainDateSchema,
            })
            .strict(),
          response: { 201: z.object({ id: z.uuid() }), ...errorResponses },
        },
      },
      async (request, reply) => {
        const access = requireCaseAccess(request);
        const id = await deps.cases.addHouseholdMember(
          requireActor(request),
          access.caseId,
          request.body,
        );
        await deps.accessLog.record(request, {
          personIds: [access.personId, request.body.personId],
          resource: 'case.household',
          fields: ['household'],
          caseId: access.caseId,
          purpose: access.purpose,
        });
        return reply.code(201).send({ id });
      },
    );

    app.post(
      '/cases/:caseId/household-members/:memberId/end',
      {
        config: {
          access: { kind: 'case', action: 'case.write', caseIdParam: 'caseId' },
          revealsPersonalData: true,
        },
        schema: {
          summary: 'End a household membership on a date',
          tags: ['cases'],
          params: z.object({ caseId: z.string(), memberId: uuidSchema }),
          body: z.object({ validTo: plainDateSchema }).strict(),
          response: { 204: z.null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        const access = requireCaseAccess(request);
        await deps.cases.endHouseholdMember(
          access.caseId,
          request.params.memberId,
          request.body.validTo,
        );
        await deps.accessLog.record(request, {
          personIds: [access.personId],
          resource: 'case.household',
          fields: ['household'],
          caseId: access.caseId,
          purpose: access.purpose,
        });
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/my-cases',
      {
        config: { access: { kind: 'general', action: 'caseload.own' }, revealsPersonalData: true },
        schema: {
          summary: 'Mina ärenden: open cases assigned to me, with what is due',
          tags: ['cases'],
          response: { 200: z.object({ cases: z.array(myCaseSchema) }), ...errorResponses },
        },
      },
      async (request) => {
        const cases = await deps.cases.myCases(requireActor(request));
        await deps.accessLog.record(request, {
          personIds: cases.map((c) => c.personId),
          resource: 'my_cases',
          fields: ['name', 'personnummer'],
          caseId: null,
          purpose: 'caseload',
        });
        return { cases };
      },
    );

    app.get(
      '/caseload',
      {
        config: { access: { kind: 'general', action: 'caseload.unit' } },
        schema: {
          summary: "The unit's caseload: active cases per officer, flagged above the threshold",
          tags: ['cases'],
          response: {
            200: z.object({
              threshold: z.number().int(),
              officers: z.array(
                z.object({
                  userId: z.uuid(),
                  displayName: z.string(),
                  activeCases: z.number().int(),
                  overThreshold: z.boolean(),
                }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => deps.cases.caseload(requireActor(request), deps.caseloadThreshold),
    );
  };
}
