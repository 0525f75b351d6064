// HTTP routes of payments: payees and four-eyes account changes, the case's payment history and
// plan, urgent payments, payment runs with two attests and the bank file, status reports,
// rejected-payment tasks, the daily reconciliation, and the municipality's payment settings.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.ts';
import { requireActor, requireCaseAccess } from '../../http/access-control.ts';
import { AppError } from '../../http/errors.ts';
import {
  errorBodySchema,
  errorResponses,
  plainDateSchema,
  uuidSchema,
} from '../../http/schemas.ts';
import { recordCaseRead, type AccessLogWriter } from '../access-log/access-log.ts';
import type { ChangeLog } from '../change-log/change-log.ts';
import { DEFAULT_PAIN001_BANK_OPTIONS } from './iso20022/index.ts';
import type { PayeeService } from './payees.ts';
import type { PaymentPlanService } from './plan.ts';
import { ATTEST_ROLES, type PaymentRunService } from './runs.ts';
import type { PaymentStatusService } from './status.ts';
import { paymentBaseTables, paymentDb, PAYEE_KINDS } from './tables.ts';

export interface PaymentRouteDeps {
  db: Db;
  payees: PayeeService;
  plan: PaymentPlanService;
  runs: PaymentRunService;
  status: PaymentStatusService;
  accessLog: AccessLogWriter;
  changeLog: ChangeLog;
  log: (message: string, error?: unknown) => void;
}

const caseParams = z.object({ caseId: z.string() });
const read = { kind: 'case', action: 'case.read', caseIdParam: 'caseId' } as const;
const write = { kind: 'case', action: 'case.write', caseIdParam: 'caseId' } as const;
const withErrors = { 422: errorBodySchema, ...errorResponses };
const loose = z.looseObject({});
const runParams = z.object({ runId: uuidSchema });
const accountInput = z.unknown();

export function paymentRoutes(deps: PaymentRouteDeps): FastifyPluginAsyncZod {
  const { payees, plan, runs, status } = deps;
  return async (app) => {
    app.addContentTypeParser(
      ['application/xml', 'text/xml'],
      { parseAs: 'string', bodyLimit: 50 * 1024 * 1024 },
      (_request, body, done) => {
        done(null, body);
      },
    );

    const logCase = (request: FastifyRequest, resource: string, fields: string[]) =>
      recordCaseRead(deps.accessLog, request, resource, fields);

    // ---- Payees -----------------------------------------------------------------------
    app.get(
      '/cases/:caseId/payees',
      {
        config: { access: read, revealsPersonalData: true },
        schema: {
          summary: 'Payees of the case, their approved account, a pending change and the history',
          tags: ['payments'],
          params: caseParams,
          response: { 200: z.object({ payees: z.array(loose) }), ...errorResponses },
        },
      },
      async (request) => {
        const list = await payees.list(requireCaseAccess(request).caseId);
        await logCase(request, 'payee', ['payee', 'account']);
        return { payees: list };
      },
    );

    app.post(
      '/cases/:caseId/payees',
      {
        config: { access: write, revealsPersonalData: true },
        schema: {
          summary:
            'Add a payee (the applicant, or a landlord or utility for direct payment) with an account that a second person must approve',
          tags: ['payments'],
          params: caseParams,
          body: z
            .object({
              kind: z.enum(PAYEE_KINDS),
              name: z.string().trim().max(70).optional(),
              organisationNumber: z
                .string()
                .regex(/^\d{6}-?\d{4}$/, 'Organisationsnummer skrivs NNNNNN-NNNN')
                .nullable()
                .optional(),
              account: accountInput,
              reason: z.string().trim().min(3).max(500),
            })
            .strict(),
          response: { 201: z.object({ id: z.uuid() }), ...withErrors },
        },
      },
      async (request, reply) => {
        const id = await payees.create(requireActor(request), requireCaseAccess(request).caseId, {
          ...request.body,
          account: request.body.account,
        });
        await logCase(request, 'payee', ['payee', 'account']);
        return reply.code(201).send({ id });
      },
    );

    app.post(
      '/cases/:caseId/payees/:payeeId/accounts',
      {
        config: { access: write, revealsPersonalData: true },
        schema: {
          summary: 'Request a new account for a payee (waits for a second person)',
          tags: ['payments'],
          params: caseParams.extend({ payeeId: uuidSchema }),
          body: z
            .object({ account: accountInput, reason: z.string().trim().min(3).max(500) })
            .strict(),
          response: { 201: z.object({ id: z.uuid() }), ...withErrors },
        },
      },
      async (request, reply) => {
        const id = await payees.requestAccountChange(
          requireActor(request),
          requireCaseAccess(request).caseId,
          request.params.payeeId,
          { account: request.body.account, reason: request.body.reason },
        );
        await logCase(request, 'payee', ['account']);
        return reply.code(201).send({ id });
      },
    );

    for (const verb of ['approve', 'reject'] as const) {
      app.post(
        `/cases/:caseId/payees/:payeeId/accounts/:accountId/${verb}`,
        {
          config: { access: write, revealsPersonalData: true },
          schema: {
            summary:
              verb === 'approve'
                ? 'Approve a pending account (not by the person who entered it)'
                : 'Reject a pending account',
            tags: ['payments'],
            params: caseParams.extend({ payeeId: uuidSchema, accountId: uuidSchema }),
            response: { 204: z.null(), ...withErrors },
          },
        },
        async (request, reply) => {
          await payees.decide(
            requireActor(request),
            requireCaseAccess(request).caseId,
            request.params.payeeId,
            request.params.accountId,
            verb === 'approve',
          );
          await logCase(request, 'payee', ['account']);
          return reply.code(204).send(null);
        },
      );
    }

    // ---- The case's payments ----------------------------------------------------------
    app.get(
      '/cases/:caseId/payments',
      {
        config: { access: read, revealsPersonalData: true },
        schema: {
          summary: "The case's payment history: every line, its payee, run and bank status",
          tags: ['payments'],
          params: caseParams,
          response: { 200: z.object({ payments: z.array(loose) }), ...errorResponses },
        },
      },
      async (request) => {
        const list = await plan.history(requireCaseAccess(request).caseId);
        await logCase(request, 'payment', ['payment', 'payee']);
        return { payments: list };
      },
    );

    app.post(
      '/cases/:caseId/payments/plan',
      {
        config: { access: write, revealsPersonalData: true },
        schema: {
          summary:
            'Plan what is left to pay of the case’s signed decisions (after a payee change or rejection)',
          tags: ['payments'],
          params: caseParams,
          response: { 200: z.object({ created: z.number().int() }), ...withErrors },
        },
      },
      async (request) => {
        const created = await plan.planCase(
          requireCaseAccess(request).caseId,
          requireActor(request).userId,
        );
        await logCase(request, 'payment', ['payment']);
        return { created };
      },
    );

    app.post(
      '/cases/:caseId/payments/:lineId/cancel',
      {
        config: { access: write, revealsPersonalData: true },
        schema: {
          summary: 'Stop a planned payment that has not gone to a run',
          tags: ['payments'],
          params: caseParams.extend({ lineId: uuidSchema }),
          response: { 204: z.null(), ...withErrors },
        },
      },
      async (request, reply) => {
        await plan.cancel(requireCaseAccess(request).caseId, request.params.lineId);
        await logCase(request, 'payment', ['payment']);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/cases/:caseId/decisions/:decisionId/urgent-payment',
      {
        config: { access: write, revealsPersonalData: true },
        schema: {
          summary:
            'Urgent payment of a signed decision (e.g. emergency assistance) in its own run today, with the same two attests',
          tags: ['payments'],
          params: caseParams.extend({ decisionId: uuidSchema }),
          response: { 200: loose, ...withErrors },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const access = requireCaseAccess(request);
        const decision = await paymentDb(deps.db)
          .selectFrom('app.decision')
          .select(['id', 'status'])
          .where('id', '=', request.params.decisionId)
          .where('case_id', '=', access.caseId)
          .executeTakeFirst();
        if (!decision || decision.status !== 'signed') {
          throw new AppError(
            422,
            'decision_not_signed',
            'Bara ett signerat beslut kan betalas ut.',
          );
        }
        if (!actor.roles.some((r) => ATTEST_ROLES.includes(r))) {
          throw new AppError(403, 'forbidden', 'Du har inte behörighet att starta utbetalningar', {
            reason: 'role_missing',
          });
        }
        await plan.plan(decision.id, actor.userId);
        const view = await runs.start(actor, runs.today(), { urgentDecisionId: decision.id });
        await logCase(request, 'payment', ['payment']);
        return view;
      },
    );

    // ---- Runs -------------------------------------------------------------------------
    const manage = { kind: 'general', action: 'payment.manage' } as const;

    app.get(
      '/payments/due',
      {
        config: { access: manage },
        schema: {
          summary: 'What a run for the date would pay: lines and kronor by district (a dry run)',
          tags: ['payments'],
          querystring: z.object({ date: plainDateSchema }).strict(),
          response: { 200: loose, ...errorResponses },
        },
      },
      async (request) => runs.due(requireActor(request).municipalityId, request.query.date),
    );

    app.get(
      '/payment-runs',
      {
        config: { access: manage },
        schema: {
          summary: 'Payment runs, newest first',
          tags: ['payments'],
          response: { 200: z.object({ runs: z.array(loose) }), ...errorResponses },
        },
      },
      async (request) => ({ runs: await runs.list(requireActor(request).municipalityId) }),
    );

    app.post(
      '/payment-runs',
      {
        config: { access: manage },
        schema: {
          summary:
            'Start the run for a date (payment-run:YYYY-MM-DD): a repeated start returns the same run; collection continues in the background (poll the run for progress); dryRun only reports what would be paid',
          tags: ['payments'],
          body: z.object({ date: plainDateSchema, dryRun: z.boolean().default(false) }).strict(),
          response: { 200: loose, 202: loose, ...withErrors },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        if (request.body.dryRun) return runs.due(actor.municipalityId, request.body.date);
        const key = `payment-run:${request.body.date}`;
        const existing = await runs.findByKey(actor.municipalityId, key);
        if (existing) {
          const view = await runs.view(actor.municipalityId, existing);
          // Collected, attested or with its file: the same run, as it is.
          if (view.status !== 'collecting' && view.status !== 'cancelled') {
            return reply.code(200).send(view);
          }
        }
        // A new run, one that stopped mid-collection (resumed), or a cancelled one (restarted).
        const started = runs.start(actor, request.body.date);
        const first = await Promise.race([
          started.then((view) => ({ done: true as const, view })),
          new Promise<{ done: false }>((resolve) =>
            setTimeout(() => {
              resolve({ done: false });
            }, 1500),
          ),
        ]);
        if (first.done) return reply.code(200).send(first.view);
        // Large runs collect in the background: poll the run for progress. A failure leaves the
        // run 'collecting', and starting it again resumes.
        started.catch((error: unknown) => {
          deps.log('payment run collection failed; start it again to resume', error);
        });
        const id = await runs.findByKey(actor.municipalityId, key);
        if (!id)
          throw new AppError(500, 'run_missing', 'The run could not be found after starting');
        return reply.code(202).send(await runs.view(actor.municipalityId, id));
      },
    );

    app.get(
      '/payment-runs/:runId',
      {
        config: { access: manage },
        schema: {
          summary: 'A run: status, lines and total, attests, bank file and status reports',
          tags: ['payments'],
          params: runParams,
          response: { 200: loose, ...errorResponses },
        },
      },
      async (request) => runs.view(requireActor(request).municipalityId, request.params.runId),
    );

    app.post(
      '/payment-runs/:runId/attest',
      {
        config: { access: { kind: 'general', action: 'payment.attest' } },
        schema: {
          summary: 'Attest a run; two different users must attest before the bank file is made',
          tags: ['payments'],
          params: runParams,
          response: { 200: loose, ...withErrors },
        },
      },
      async (request) => runs.attest(requireActor(request), request.params.runId),
    );

    app.post(
      '/payment-runs/:runId/cancel',
      {
        config: { access: manage },
        schema: {
          summary:
            'Cancel a run without a bank file: its lines go back to planned (start the date again to redo it)',
          tags: ['payments'],
          params: runParams,
          response: { 200: loose, ...withErrors },
        },
      },
      async (request) => runs.cancel(requireActor(request), request.params.runId),
    );

    app.post(
      '/payment-runs/:runId/file',
      {
        config: { access: manage },
        schema: {
          summary: 'Make the run’s pain.001 bank file (once; asking again returns the same file)',
          tags: ['payments'],
          params: runParams,
          response: {
            200: z.object({ messageId: z.string(), sha256: z.string() }),
            ...withErrors,
          },
        },
      },
      async (request) => {
        const file = await runs.createAndDeliverFile(
          requireActor(request).municipalityId,
          request.params.runId,
        );
        return { messageId: file.messageId, sha256: file.sha256 };
      },
    );

    app.get(
      '/payment-runs/:runId/file',
      {
        config: { access: manage, revealsPersonalData: true },
        schema: {
          summary: 'Download the run’s bank file (ISO 20022 pain.001.001.03)',
          tags: ['payments'],
          params: runParams,
          produces: ['application/xml'],
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const file = await runs.file(actor.municipalityId, request.params.runId);
        // The file names every payee and account: logged as a read of each applicant paid.
        const persons = await paymentDb(deps.db)
          .selectFrom('app.payment_line as l')
          .innerJoin('app.assistance_case as c', 'c.id', 'l.case_id')
          .select('c.person_id')
          .distinct()
          .where('l.run_id', '=', request.params.runId)
          .execute();
        await deps.accessLog.record(request, {
          personIds: persons.map((p) => p.person_id),
          resource: 'payment.bank_file',
          fields: ['name', 'account', 'payment'],
          caseId: null,
          purpose: request.generalDecision?.basis ?? 'payment run bank file',
        });
        return reply
          .type('application/xml; charset=utf-8')
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .send(file.xml);
      },
    );

    app.post(
      '/payment-status-reports',
      {
        config: { access: manage },
        schema: {
          summary: 'Import the bank’s pain.002 status report (the request body is the XML file)',
          tags: ['payments'],
          response: { 200: loose, ...withErrors },
        },
      },
      async (request) => {
        const body: unknown = request.body;
        if (typeof body !== 'string') {
          throw new AppError(
            415,
            'xml_required',
            'Skicka statusrapporten som XML (application/xml).',
          );
        }
        return status.importReport(requireActor(request), body);
      },
    );

    app.get(
      '/payment-tasks',
      {
        config: { access: { kind: 'general', action: 'caseload.own' }, revealsPersonalData: true },
        schema: {
          summary: 'Payments the bank rejected on your cases: fix the account and plan them again',
          tags: ['payments'],
          response: { 200: z.object({ tasks: z.array(loose) }), ...errorResponses },
        },
      },
      async (request) => {
        const tasks = await status.rejectedTasks(requireActor(request));
        await deps.accessLog.record(request, {
          personIds: [...new Set(tasks.map((t) => t.personId))],
          resource: 'payment.tasks',
          fields: ['name', 'payment'],
          caseId: null,
          purpose: request.generalDecision?.basis ?? 'own payment tasks',
        });
        return { tasks };
      },
    );

    app.get(
      '/payment-reconciliation',
      {
        config: { access: { kind: 'general', action: 'payment.reconcile' } },
        schema: {
          summary:
            'Decided vs. planned vs. instructed vs. confirmed per decision, with each difference explained',
          tags: ['payments'],
          querystring: z.object({ date: plainDateSchema }).strict(),
          response: { 200: loose, ...errorResponses },
        },
      },
      async (request) => status.reconcile(requireActor(request).municipalityId, request.query.date),
    );

    // ---- Settings ---------------------------------------------------------------------
    const settingsSchema = z
      .object({
        debtorName: z.string().trim().min(1).max(70),
        organisationNumber: z
          .string()
          .regex(/^\d{6}-?\d{4}$/, 'Organisationsnummer skrivs NNNNNN-NNNN'),
        debtorAccount: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('iban'), iban: z.string().max(34) }).strict(),
          z
            .object({
              kind: z.literal('bank_account'),
              clearing: z.string().max(5),
              account: z.string().max(20),
            })
            .strict(),
          z.object({ kind: z.literal('bankgiro'), number: z.string().max(10) }).strict(),
        ]),
        debtorBic: z
          .string()
          .regex(/^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/, 'BIC, t.ex. ESSESESS'),
        bankOptions: z.looseObject({}).default({}),
      })
      .strict();

    app.get(
      '/payment-settings',
      {
        config: { access: { kind: 'general', action: 'admin.organisation' } },
        schema: {
          summary: 'The debtor account and bank conventions used in bank files',
          tags: ['payments'],
          response: { 200: settingsSchema.nullable(), ...errorResponses },
        },
      },
      async (request) => {
        const row = await paymentDb(deps.db)
          .selectFrom('app.payment_settings')
          .selectAll()
          .where('municipality_id', '=', requireActor(request).municipalityId)
          .executeTakeFirst();
        if (!row) return null;
        return {
          debtorName: row.debtor_name,
          organisationNumber: row.organisation_number,
          debtorAccount: row.debtor_account as z.infer<typeof settingsSchema>['debtorAccount'],
          debtorBic: row.debtor_bic,
          bankOptions: { ...DEFAULT_PAIN001_BANK_OPTIONS, ...(row.bank_options as object) },
        };
      },
    );

    app.put(
      '/payment-settings',
      {
        config: { access: { kind: 'general', action: 'admin.organisation' } },
        schema: {
          summary: 'Set the debtor account and bank conventions (logged in the change log)',
          tags: ['payments'],
          body: settingsSchema,
          response: { 204: z.null(), ...withErrors },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const body = request.body;
        const db = paymentDb(deps.db);
        await db.transaction().execute(async (tx) => {
          const before = await tx
            .selectFrom('app.payment_settings')
            .selectAll()
            .where('municipality_id', '=', actor.municipalityId)
            .executeTakeFirst();
          const values = {
            debtor_name: body.debtorName,
            organisation_number: body.organisationNumber,
            debtor_account: JSON.stringify(body.debtorAccount),
            debtor_bic: body.debtorBic,
            bank_options: JSON.stringify(body.bankOptions),
          };
          await tx
            .insertInto('app.payment_settings')
            .values({ municipality_id: actor.municipalityId, ...values })
            .onConflict((oc) => oc.column('municipality_id').doUpdateSet(values))
            .execute();
          await deps.changeLog.record(
            {
              municipalityId: actor.municipalityId,
              actorUserId: actor.userId,
              actorUsername: actor.username,
              clientIp: request.ip,
            },
            {
              entity: 'payment_settings',
              entityId: actor.municipalityId,
              change: before ? 'updated' : 'created',
              before: before ?? null,
              after: body,
            },
            paymentBaseTables(tx),
          );
        });
        return reply.code(204).send(null);
      },
    );
  };
}
