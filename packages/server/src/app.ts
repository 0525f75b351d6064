// createApp(): the only factory of the HTTP application; main.ts, the tests and the benchmark use it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { z } from 'zod';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AppConfig } from './config.ts';
import type { Db } from './db/database.ts';
import { registerAccessControl } from './http/access-control.ts';
import { registerErrorHandling } from './http/errors.ts';
import { DatabaseAccessLog, type AccessLogWriter } from './modules/access-log/access-log.ts';
import { AccessLogQueries } from './modules/access-log/queries.ts';
import { accessLogRoutes } from './modules/access-log/routes.ts';
import { authRoutes } from './modules/auth/routes.ts';
import { AuthService } from './modules/auth/service.ts';
import { SessionRepository } from './modules/auth/session-repository.ts';
import { oidcRoutes } from './modules/auth/oidc.ts';
import { journalRoutes } from './modules/journal/routes.ts';
import { resolveCaseContext } from './modules/cases/case-access.ts';
import { caseRoutes } from './modules/cases/routes.ts';
import { caseloadRoutes } from './modules/cases/caseload.ts';
import { createCaseworkServices } from './casework-services.ts';
import { applicationRoutes } from './modules/applications/routes.ts';
import { decisionRoutes } from './modules/decisions/routes.ts';
import { recoveryRoutes } from './modules/recovery/routes.ts';
import { RecoveryService } from './modules/recovery/service.ts';
import { districtCostRoutes } from './modules/district-costs/routes.ts';
import { DistrictCostService } from './modules/district-costs/service.ts';
import { paymentRoutes } from './modules/payments/routes.ts';
import { ChangeLog } from './modules/change-log/change-log.ts';
import { orgRoutes } from './modules/org/routes.ts';
import { OrganisationService } from './modules/org/service.ts';
import { PersonRepository } from './modules/persons/repository.ts';
import { personRoutes } from './modules/persons/routes.ts';
import { PersonService } from './modules/persons/service.ts';
import { calculationRoutes } from './modules/rules/routes.ts';

export interface AppDeps {
  config: AppConfig;
  /** Connection of the least-privileged application role. */
  db: Db;
  clock?: () => Date;
  /** Replaced only by the benchmark, to measure what logging costs. */
  accessLog?: AccessLogWriter;
  logger?: boolean;
}

export const API_PREFIX = '/api/v1';
export const BODY_LIMIT_BYTES = 64 * 1024;

export async function createApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, db } = deps;
  const clock = deps.clock ?? (() => new Date());
  const app = Fastify({
    logger:
      deps.logger === false
        ? false
        : { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'] },
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    // Query strings and ids never go through SQL text; this only bounds what is parsed.
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Wiring by hand: repositories hold I/O, services hold logic.
  const sessions = new SessionRepository(db);
  const findActor = (token: string) =>
    sessions.findActor(token, config.sessionIdleMinutes, clock());
  const auth = new AuthService(db, sessions, config, clock);
  const changeLog = new ChangeLog(db);
  const personRepository = new PersonRepository(db, clock);
  const persons = new PersonService(db, personRepository, changeLog, clock);
  const organisation = new OrganisationService(db, changeLog, clock);
  const accessLog = deps.accessLog ?? new DatabaseAccessLog(db);
  const accessLogQueries = new AccessLogQueries(db);
  const services = createCaseworkServices(db, clock, {
    changeLog,
    paymentExportDir: config.paymentExportDir,
  });
  const { parameters, cases, applications, decisions } = services;

  registerErrorHandling(app);
  await app.register(fastifyCookie, { secret: config.sessionSecret });
  registerAccessControl(app, {
    findActor,
    resolvePersonContext: (actor, personId) => personRepository.findWithRelation(actor, personId),
    resolveCaseContext: (actor, caseId) => resolveCaseContext(db, actor, caseId, clock()),
  });

  app.addHook('onSend', async (request, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'no-referrer');
    void reply.header('x-frame-options', 'DENY');
    if (request.url.startsWith('/api/')) void reply.header('cache-control', 'no-store');
    return payload;
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Skyddsnät API',
        version: '1',
        description:
          'Case management for municipal economic assistance. Every route is behind the need-to-know policy; every response that reveals personal data writes an access-log entry first.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'skyddsnat_session' } },
      },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api-docs' });

  await app.register(
    async (api) => {
      api.get(
        '/health',
        {
          config: { access: { kind: 'public', why: 'load balancer health check' } },
          schema: {
            summary: 'Health check',
            tags: ['system'],
            response: { 200: z.object({ status: z.literal('ok') }) },
          },
        },
        async () => {
          await db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
          return { status: 'ok' as const };
        },
      );
      api.get(
        '/system',
        {
          config: {
            access: { kind: 'public', why: 'the login page shows whether this is a demo' },
          },
          schema: {
            summary: 'Facts about this installation that the login page needs',
            tags: ['system'],
            response: { 200: z.object({ demoMode: z.boolean() }) },
          },
        },
        async () => ({ demoMode: config.demoData }),
      );
      api.get(
        '/openapi.json',
        {
          config: { access: { kind: 'public', why: 'the API description is public' } },
          schema: { hide: true },
        },
        async () => app.swagger(),
      );
      await api.register(authRoutes({ db, auth, config, findActor }));
      await api.register(oidcRoutes({ db, auth, config, clock }));
      await api.register(orgRoutes({ organisation, changeLog }));
      await api.register(personRoutes({ persons, accessLog, accessLogQueries }));
      await api.register(accessLogRoutes({ db, queries: accessLogQueries, accessLog, clock }));
      await api.register(calculationRoutes({ parameters }));
      await api.register(journalRoutes({ db, accessLog, clock }));
      await api.register(
        caseRoutes({ cases, accessLog, caseloadThreshold: config.caseloadThreshold }),
      );
      await api.register(caseloadRoutes({ db, accessLog, clock }));
      await api.register(applicationRoutes({ applications, accessLog }));
      await api.register(
        decisionRoutes({
          decisions,
          preparation: services.preparation,
          settings: services.decisionSettings,
          accessLog,
        }),
      );
      await api.register(recoveryRoutes({ recoveries: new RecoveryService(db, clock), accessLog }));
      await api.register(
        districtCostRoutes({ costs: new DistrictCostService(db, changeLog, clock), clock }),
      );
      await api.register(
        paymentRoutes({
          db,
          payees: services.payees,
          plan: services.paymentPlan,
          runs: services.paymentRuns,
          status: services.paymentStatus,
          accessLog,
          changeLog,
          log: (message, error) => {
            app.log.error({ err: error }, message);
          },
        }),
      );
    },
    { prefix: API_PREFIX },
  );

  const webDist = config.webDistDir ?? path.resolve(import.meta.dirname, '../../web/dist');
  if (existsSync(path.join(webDist, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: false });
    // The single-page app owns every other GET path; unknown API paths stay JSON 404s.
    app.get(
      '/*',
      {
        config: { access: { kind: 'public', why: 'web application shell' } },
        schema: { hide: true },
      },
      (request, reply) => {
        if (request.url.startsWith('/api/')) {
          return reply.code(404).send({
            error: {
              code: 'route_not_found',
              message: `No route GET ${request.url.split('?')[0] ?? ''}`,
            },
          });
        }
        return reply.sendFile('index.html');
      },
    );
  }

  await app.ready();
  return app;
}
