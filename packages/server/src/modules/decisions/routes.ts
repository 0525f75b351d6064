// HTTP routes of decisions: drafts, signing, routing, replacement, letters, the work list,
// routine preparation of a month, and the municipality's delegation and routine settings.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import {
  DECISION_ITEMS,
  DECISION_KINDS,
  HEARING_KINDS,
  REASON_TEMPLATES,
  ROUTINE_RULES,
  STAFF_ROLES,
} from '@skyddsnat/domain';
import { requireActor, requireCaseAccess } from '../../http/access-control.ts';
import {
  errorBodySchema,
  errorResponses,
  plainDateSchema,
  purposeQuerySchema,
  uuidSchema,
} from '../../http/schemas.ts';
import { recordCaseRead, type AccessLogWriter } from '../access-log/access-log.ts';
import { monthSchema } from '../applications/schemas.ts';
import { maskProtectedMembers } from '../cases/protected-members.ts';
import type { RoutinePreparation } from './routine-preparation.ts';
import type { DecisionService } from './service.ts';
import type { DecisionSettingsService } from './settings.ts';

export interface DecisionRouteDeps {
  decisions: DecisionService;
  preparation: RoutinePreparation;
  settings: DecisionSettingsService;
  accessLog: AccessLogWriter;
}

const caseParams = z.object({ caseId: z.string() });
const decisionParams = caseParams.extend({ decisionId: uuidSchema });
const read = { kind: 'case', action: 'case.read', caseIdParam: 'caseId' } as const;
const write = { kind: 'case', action: 'case.write', caseIdParam: 'caseId' } as const;
const viewSchema = z.looseObject({ id: z.uuid(), version: z.number().int() });
const withErrors = { 422: errorBodySchema, ...errorResponses };
const text = (max: number) => z.string().trim().max(max);

const hearingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal(HEARING_KINDS[0]) }).strict(),
  z
    .object({
      kind: z.literal(HEARING_KINDS[1]),
      informedOn: plainDateSchema,
      replyBy: plainDateSchema,
      replyReceivedOn: plainDateSchema.nullable(),
    })
    .strict()
    .refine((h) => h.replyBy >= h.informedOn, {
      message: 'Svarstiden kan inte sluta före dagen då underlaget kommunicerades',
      path: ['replyBy'],
    }),
  z.object({ kind: z.literal(HEARING_KINDS[2]), reason: text(2000) }).strict(),
]);

const draftUpdateSchema = z
  .object({
    version: z.number().int().min(1),
    kind: z.enum(DECISION_KINDS).optional(),
    lines: z
      .array(
        z
          .object({
            item: z.enum(DECISION_ITEMS),
            granted: z.number().int().min(0).max(10_000_000),
            deviationReason: text(2000).nullable(),
          })
          .strict(),
      )
      .max(100)
      .optional(),
    reasons: text(8000).optional(),
    childImpact: z
      .array(z.object({ personId: uuidSchema, assessment: text(4000) }).strict())
      .max(30)
      .optional(),
    hearing: hearingSchema.nullable().optional(),
  })
  .strict();

const createDraftSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.enum(['regular', 'reduction', 'beyond_entitlement']),
      applicationId: uuidSchema,
    })
    .strict(),
  z
    .object({
      kind: z.literal('emergency'),
      amount: z.number().int().min(1).max(100_000),
      purpose: z.string().trim().min(3).max(200),
    })
    .strict(),
]);

export function decisionRoutes(deps: DecisionRouteDeps): FastifyPluginAsyncZod {
  const { decisions } = deps;
  const settingsService = deps.settings;
  return async (app) => {
    const log = (request: FastifyRequest, resource: string, fields: string[]) =>
      recordCaseRead(deps.accessLog, request, resource, fields);

    app.get(
      '/cases/:caseId/decisions',
      {
        config: { access: read, revealsPersonalData: true },
        schema: {
          summary: "The case's decisions and drafts, newest month first",
          tags: ['decisions'],
          params: caseParams,
          response: {
            200: z.object({ decisions: z.array(z.looseObject({ id: z.uuid() })) }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const list = await decisions.list(requireCaseAccess(request).caseId);
        await log(request, 'decision.list', ['decision']);
        return { decisions: list };
      },
    );

    app.post(
      '/cases/:caseId/decisions',
      {
        config: { access: write, revealsPersonalData: true },
        schema: {
          summary:
            'Start a draft: from an application (regular, reduction, 12 kap. 2 §) or emergency assistance for today',
          tags: ['decisions'],
          params: caseParams,
          body: createDraftSchema,
          response: { 201: z.object({ id: z.uuid() }), ...withErrors },
        },
      },
      async (request, reply) => {
        const id = await decisions.createDraft(
          requireActor(request),
          requireCaseAccess(request).caseId,
          request.body,
        );
        await log(request, 'decision', ['decision']);
        return reply.code(201).send({ id });
      },
    );

    app.get(
      '/cases/:caseId/decisions/:decisionId',
      {
        config: { access: read, revealsPersonalData: true },
        schema: {
          summary:
            'A decision or draft: lines, reasons, legal basis, children, hearing, what blocks signing and who may sign',
          tags: ['decisions'],
          params: decisionParams,
          response: { 200: viewSchema, ...errorResponses },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const access = requireCaseAccess(request);
        const found = await decisions.view(actor, access.caseId, request.params.decisionId);
        const view = {
          ...found,
          children: maskProtectedMembers(found.children, actor.roles, access),
        };
        await log(request, 'decision', ['decision', 'household', 'name']);
        return view;
      },
    );

    app.put(
      '/cases/:caseId/decisions/:decisionId',
      {
        config: { access: write, revealsPersonalData: true },
        schema: {
          summary: 'Change a draft (amounts per line, reasons, kind, child impact, hearing)',
          tags: ['decisions'],
          params: decisionParams,
          body: draftUpdateSchema,
          response: { 204: z.null(), ...withErrors },
        },
      },
      async (request, reply) => {
        const { version, ...update } = request.body;
        await decisions.updateDraft(
          requireActor(request),
          requireCaseAccess(request).caseId,
          request.params.decisionId,
          update,
          version,
        );
        await log(request, 'decision', ['decision']);
        return reply.code(204).send(null);
      },
    );

    app.delete(
      '/cases/:caseId/decisions/:decisionId',
      {
        config: { access: write, revealsPersonalData: true },
        schema: {
          summary: 'Discard a draft (a signed decision cannot be removed)',
          tags: ['decisions'],
          params: decisionParams,
          querystring: purposeQuerySchema
            .extend({ version: z.coerce.number().int().min(1) })
            .strict(),
          response: { 204: z.null(), ...withErrors },
        },
      },
      async (request, reply) => {
        await decisions.discardDraft(
          requireCaseAccess(request).caseId,
          request.params.decisionId,
          request.query.version,
        );
        await log(request, 'decision', ['decision']);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/cases/:caseId/decisions/:decisionId/sign',
      {
        config: { access: write, revealsPersonalData: true },
        schema: {
          summary:
            'Sign a draft; refused (422 signing_blocked, every blocker listed) while a required step is missing or outside your delegation',
          tags: ['decisions'],
          params: decisionParams,
          body: z.object({ version: z.number().int().min(1) }).strict(),
          response: { 204: z.null(), ...withErrors },
        },
      },
      async (request, reply) => {
        await decisions.sign(
          requireActor(request),
          requireCaseAccess(request).caseId,
          request.params.decisionId,
          request.body.version,
        );
        await log(request, 'decision', ['decision']);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/cases/:caseId/decisions/:decisionId/route',
      {
        config: { access: write, revealsPersonalData: true },
        schema: {
          summary: 'Send a draft to a colleague whose delegation covers it',
          tags: ['decisions'],
          params: decisionParams,
          body: z
            .object({
              version: z.number().int().min(1),
              toUserId: uuidSchema,
              note: text(1000).nullable(),
            })
            .strict(),
          response: { 204: z.null(), ...withErrors },
        },
      },
      async (request, reply) => {
        const { version, ...input } = request.body;
        await decisions.route(
          requireActor(request),
          requireCaseAccess(request).caseId,
          request.params.decisionId,
          input,
          version,
        );
        await log(request, 'decision', ['decision']);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/cases/:caseId/decisions/:decisionId/replace',
      {
        config: { access: write, revealsPersonalData: true },
        schema: {
          summary:
            'Start a new decision that replaces a signed one (the signed one stays as it is)',
          tags: ['decisions'],
          params: decisionParams,
          response: { 201: z.object({ id: z.uuid() }), ...withErrors },
        },
      },
      async (request, reply) => {
        const id = await decisions.replace(
          requireActor(request),
          requireCaseAccess(request).caseId,
          request.params.decisionId,
        );
        await log(request, 'decision', ['decision']);
        return reply.code(201).send({ id });
      },
    );

    app.get(
      '/cases/:caseId/decisions/:decisionId/letter.pdf',
      {
        config: { access: read, revealsPersonalData: true },
        schema: {
          summary:
            'The decision letter (PDF): as stored at signing, or a preview of a draft; a protected address is never printed',
          tags: ['decisions'],
          params: decisionParams,
          produces: ['application/pdf'],
        },
      },
      async (request, reply) => {
        const { pdf, signed } = await decisions.letterPdf(
          requireCaseAccess(request).caseId,
          request.params.decisionId,
        );
        await log(request, 'decision.letter', ['decision', 'name', 'address']);
        const name = `${signed ? 'beslut' : 'utkast-beslut'}-${request.params.decisionId.slice(0, 8)}.pdf`;
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="${name}"`)
          .send(pdf);
      },
    );

    app.get(
      '/decision-worklist',
      {
        config: { access: { kind: 'general', action: 'caseload.own' }, revealsPersonalData: true },
        schema: {
          summary:
            'Your months: routine drafts ready to sign, what needs attention (and why), what waits for the applicant',
          tags: ['decisions'],
          response: {
            200: z.object({
              readyToSign: z.array(z.looseObject({ caseId: z.uuid() })),
              needsAttention: z.array(z.looseObject({ caseId: z.uuid() })),
              waitingForApplicant: z.array(z.looseObject({ caseId: z.uuid() })),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const list = await decisions.worklist(actor);
        const all = [...list.readyToSign, ...list.needsAttention, ...list.waitingForApplicant];
        await deps.accessLog.record(request, {
          personIds: [...new Set(all.map((item) => item.personId))],
          resource: 'decision.worklist',
          fields: ['name', 'application'],
          caseId: null,
          purpose: request.generalDecision?.basis ?? 'own work list',
        });
        return list;
      },
    );

    app.post(
      '/decision-preparations',
      {
        config: { access: { kind: 'general', action: 'decision.prepare' } },
        schema: {
          summary:
            'Prepare every open application of a month: calculation, routine classification, draft decision and letter data (dryRun: count only)',
          tags: ['decisions'],
          body: z.object({ month: monthSchema, dryRun: z.boolean().default(false) }).strict(),
          response: {
            200: z.object({
              month: z.string(),
              applications: z.number().int(),
              prepared: z.number().int(),
              routine: z.number().int(),
              automaticallyDecided: z.number().int(),
              notCalculable: z.number().int(),
              keptOfficerDrafts: z.number().int(),
              dryRun: z.boolean(),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) =>
        deps.preparation.prepareMonth(requireActor(request).municipalityId, request.body.month, {
          dryRun: request.body.dryRun,
        }),
    );

    app.get(
      '/decision-guidance',
      {
        config: { access: { kind: 'general', action: 'caseload.own' } },
        schema: {
          summary: 'Reason templates and the routine rules with their switches',
          tags: ['decisions'],
          response: {
            200: z.object({
              reasonTemplates: z.array(
                z.object({ id: z.string(), label: z.string(), text: z.string() }),
              ),
              routineRules: z.array(
                z.object({
                  code: z.string(),
                  label: z.string(),
                  alwaysOn: z.boolean(),
                  enabled: z.boolean(),
                }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const settings = await settingsService.get(requireActor(request).municipalityId);
        return {
          reasonTemplates: REASON_TEMPLATES.map((t) => ({
            id: t.id,
            label: t.label,
            text: t.text,
          })),
          routineRules: ROUTINE_RULES.map((r) => ({
            code: r.code,
            label: r.label,
            alwaysOn: r.alwaysOn,
            enabled: r.alwaysOn || settings.routineRules[r.code] !== false,
          })),
        };
      },
    );

    const delegationRuleSchema = z
      .object({
        role: z.enum(STAFF_ROLES),
        kind: z.enum(DECISION_KINDS),
        maxAmount: z.number().int().min(0).max(10_000_000).nullable(),
        mayDecideAdverse: z.boolean(),
      })
      .strict();
    const settingsSchema = z
      .object({
        routineRules: z.partialRecord(z.enum(ROUTINE_RULES.map((r) => r.code)), z.boolean()),
        autoDecideFullGrants: z.boolean(),
        postalAddress: z.string().trim().max(300),
        phone: z.string().trim().max(40),
        email: z.string().trim().max(200),
        delegation: z.array(delegationRuleSchema).max(200),
      })
      .strict();

    app.get(
      '/decision-settings',
      {
        config: { access: { kind: 'general', action: 'admin.organisation' } },
        schema: {
          summary:
            "The municipality's delegation order, routine-rule switches and letter contact details",
          tags: ['decisions'],
          response: {
            200: settingsSchema.extend({ version: z.number().int() }),
            ...errorResponses,
          },
        },
      },
      async (request) => settingsService.get(requireActor(request).municipalityId),
    );

    app.put(
      '/decision-settings',
      {
        config: { access: { kind: 'general', action: 'admin.organisation' } },
        schema: {
          summary: 'Replace the delegation order and settings (the change is logged)',
          tags: ['decisions'],
          body: settingsSchema.extend({ version: z.number().int().min(0) }),
          response: { 204: z.null(), ...withErrors },
        },
      },
      async (request, reply) => {
        await settingsService.put(requireActor(request), request.body, request.ip);
        return reply.code(204).send(null);
      },
    );
  };
}
