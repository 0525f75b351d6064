// HTTP routes of recovery decisions (återkrav) on a case: list, draft, change, sign, letter.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { requireActor, requireCaseAccess } from '../../http/access-control.ts';
import {
  errorBodySchema,
  errorResponses,
  plainDateSchema,
  uuidSchema,
} from '../../http/schemas.ts';
import { recordCaseRead, type AccessLogWriter } from '../access-log/access-log.ts';
import { monthSchema } from '../applications/schemas.ts';
import { MAX_PLAN_MONTHS, RECOVERY_GROUNDS, type RecoveryService } from './service.ts';

export interface RecoveryRouteDeps {
  recoveries: RecoveryService;
  accessLog: AccessLogWriter;
}

const caseParams = z.object({ caseId: z.string() });
// A recovery is a decision of its own (återkravsbeslut); the parameter is named as the case's
// other decisions are.
const recoveryParams = caseParams.extend({ decisionId: uuidSchema });
const read = { kind: 'case', action: 'case.read', caseIdParam: 'caseId' } as const;
const write = { kind: 'case', action: 'case.write', caseIdParam: 'caseId' } as const;
const viewSchema = z.looseObject({ id: z.uuid(), version: z.number().int() });
const withErrors = { 422: errorBodySchema, ...errorResponses };

// Amounts are checked by the service, which explains a refusal in words; the schema only bounds them.
const kronor = z.number().int().min(0).max(10_000_000);
const planSchema = z
  .object({
    installment: kronor,
    firstMonth: monthSchema,
    months: z.number().int().min(0).max(MAX_PLAN_MONTHS),
    lastInstallment: kronor.nullable().optional(),
  })
  .strict();
const recoveryFields = {
  decisionIds: z.array(uuidSchema).min(1).max(60),
  amount: kronor,
  ground: z.enum(RECOVERY_GROUNDS),
  repaymentTermsStated: z.boolean(),
  reasons: z.string().trim().min(1, 'Skriv en motivering').max(8000),
  plan: planSchema,
  deductionConsent: z.object({ writtenConsentOn: plainDateSchema }).strict().nullable(),
};
const createSchema = z
  .object({
    ...recoveryFields,
    repaymentTermsStated: recoveryFields.repaymentTermsStated.default(false),
  })
  .strict();
const updateSchema = z
  .object({
    version: z.number().int().min(1),
    decisionIds: recoveryFields.decisionIds.optional(),
    amount: recoveryFields.amount.optional(),
    ground: recoveryFields.ground.optional(),
    repaymentTermsStated: recoveryFields.repaymentTermsStated.optional(),
    reasons: recoveryFields.reasons.optional(),
    plan: recoveryFields.plan.optional(),
    deductionConsent: recoveryFields.deductionConsent.optional(),
  })
  .strict();

export function recoveryRoutes(deps: RecoveryRouteDeps): FastifyPluginAsyncZod {
  const { recoveries } = deps;
  return async (app) => {
    const log = (request: FastifyRequest, resource: string, fields: string[]) =>
      recordCaseRead(deps.accessLog, request, resource, fields);

    app.get(
      '/cases/:caseId/recoveries',
      {
        config: { access: read, revealsPersonalData: true },
        schema: {
          summary: "The case's recovery decisions (återkrav) and drafts, newest first",
          tags: ['recovery'],
          params: caseParams,
          response: {
            200: z.object({ recoveries: z.array(z.looseObject({ id: z.uuid() })) }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const list = await recoveries.list(requireCaseAccess(request).caseId);
        await log(request, 'recovery.list', ['recovery']);
        return { recoveries: list };
      },
    );

    app.post(
      '/cases/:caseId/recoveries',
      {
        config: { access: write, revealsPersonalData: true },
        schema: {
          summary:
            'Start a recovery draft: signed decisions, amount (at most what they paid), ground, reasons, repayment plan, written consent to deductions',
          tags: ['recovery'],
          params: caseParams,
          body: createSchema,
          response: { 201: z.object({ id: z.uuid() }), ...withErrors },
        },
      },
      async (request, reply) => {
        const id = await recoveries.create(
          requireActor(request),
          requireCaseAccess(request).caseId,
          request.body,
        );
        await log(request, 'recovery', ['recovery']);
        return reply.code(201).send({ id });
      },
    );

    app.get(
      '/cases/:caseId/recoveries/:decisionId',
      {
        config: { access: read, revealsPersonalData: true },
        schema: {
          summary:
            'A recovery decision or draft: the decisions and what they paid, amount, plan, legal basis',
          tags: ['recovery'],
          params: recoveryParams,
          response: { 200: viewSchema, ...errorResponses },
        },
      },
      async (request) => {
        const view = await recoveries.view(
          requireCaseAccess(request).caseId,
          request.params.decisionId,
        );
        await log(request, 'recovery', ['recovery', 'payment']);
        return view;
      },
    );

    app.put(
      '/cases/:caseId/recoveries/:decisionId',
      {
        config: { access: write, revealsPersonalData: true },
        schema: {
          summary: 'Change a recovery draft; everything is checked again',
          tags: ['recovery'],
          params: recoveryParams,
          body: updateSchema,
          response: { 204: z.null(), ...withErrors },
        },
      },
      async (request, reply) => {
        const { version, ...update } = request.body;
        await recoveries.update(
          requireActor(request),
          requireCaseAccess(request).caseId,
          request.params.decisionId,
          update,
          version,
        );
        await log(request, 'recovery', ['recovery']);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/cases/:caseId/recoveries/:decisionId/sign',
      {
        config: { access: write, revealsPersonalData: true },
        schema: {
          summary:
            'Sign a recovery draft (checked again on current payments); a signed recovery is locked',
          tags: ['recovery'],
          params: recoveryParams,
          body: z.object({ version: z.number().int().min(1) }).strict(),
          response: { 204: z.null(), ...withErrors },
        },
      },
      async (request, reply) => {
        await recoveries.sign(
          requireActor(request),
          requireCaseAccess(request).caseId,
          request.params.decisionId,
          request.body.version,
        );
        await log(request, 'recovery', ['recovery']);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/cases/:caseId/recoveries/:decisionId/letter.pdf',
      {
        config: { access: read, revealsPersonalData: true },
        schema: {
          summary:
            'The recovery letter (PDF): as stored at signing, or a draft preview marked UTKAST; a protected address is never printed',
          tags: ['recovery'],
          params: recoveryParams,
          produces: ['application/pdf'],
        },
      },
      async (request, reply) => {
        const { pdf, signed } = await recoveries.letterPdf(
          requireCaseAccess(request).caseId,
          request.params.decisionId,
        );
        await log(request, 'recovery.letter', ['recovery', 'name', 'address']);
        const name = `${signed ? 'aterkrav' : 'utkast-aterkrav'}-${request.params.decisionId.slice(0, 8)}.pdf`;
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="${name}"`)
          .send(pdf);
      },
    );
  };
}
