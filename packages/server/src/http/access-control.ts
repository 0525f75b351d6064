// Deny by default: every route declares its access rule, and one hook enforces it before the
// handler runs. Authentication (session cookie), CSRF and the need-to-know policy live here.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  decideGeneralAction,
  decidePersonAction,
  type Decision,
  type GeneralAction,
  type PersonAction,
  type PersonAccessContext,
} from '@skyddsnat/domain';
import type { Actor } from '../modules/auth/actor.ts';
import type { PersonWithRelation } from '../modules/persons/repository.ts';
import { AppError, badRequest, forbidden, notFound, unauthenticated } from './errors.ts';

export type RouteAccess =
  | { kind: 'public'; why: string }
  | { kind: 'general'; action: GeneralAction }
  | { kind: 'person'; action: PersonAction; personIdParam: string }
  | { kind: 'case'; action: 'case.read' | 'case.write'; caseIdParam: string };

/** The case a case route is about: its applicant's protection and the user's relation to it. */
export interface CaseAccessContext extends PersonAccessContext {
  caseId: string;
  personId: string;
  municipalityId: string;
  status: 'open' | 'closed';
}

export interface CaseAccess extends CaseAccessContext {
  decision: Extract<Decision, { allowed: true }>;
  purpose: string;
}

/** The person a person route is about, and how the actor relates to them. */
export interface PersonAccess extends PersonAccessContext {
  personId: string;
  /** The person as read for the decision, so the handler does not read it again. */
  person: PersonWithRelation;
  /** The open case that gives the relation, if any: the "why" of the read. */
  relationCaseId: string | null;
  decision: Extract<Decision, { allowed: true }>;
  /** Purpose stated by the user, or the basis the policy allowed the read on. */
  purpose: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** A 2xx response of this route reveals personal data and must have written an access-log entry. */
    revealsPersonalData?: boolean;
  }
  interface FastifyInstance {
    /** Every API route with its access rule, for the tests that prove none is left out. */
    accessRules: RegisteredRoute[];
  }
  interface FastifyRequest {
    actor: Actor | null;
    personAccess: PersonAccess | null;
    caseAccess: CaseAccess | null;
    generalDecision: Extract<Decision, { allowed: true }> | null;
    accessLogged: boolean;
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  access: RouteAccess;
  revealsPersonalData: boolean;
}

export const SESSION_COOKIE = 'skyddsnat_session';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface AccessControlOptions {
  findActor: (token: string) => Promise<Actor | undefined>;
  resolvePersonContext: (actor: Actor, personId: string) => Promise<PersonWithRelation | undefined>;
  resolveCaseContext: (actor: Actor, caseId: string) => Promise<CaseAccessContext | undefined>;
}

function statedPurpose(request: FastifyRequest): string | undefined {
  const query = request.query as { purpose?: unknown } | undefined;
  const purpose = typeof query?.purpose === 'string' ? query.purpose.trim() : '';
  return purpose.length > 0 ? purpose : undefined;
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function registerAccessControl(app: FastifyInstance, options: AccessControlOptions): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('personAccess', null);
  app.decorateRequest('caseAccess', null);
  app.decorateRequest('generalDecision', null);
  app.decorateRequest('accessLogged', false);

  const registered: RegisteredRoute[] = [];
  app.decorate('accessRules', registered);
  // A route without an access rule cannot even be registered.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const config = route.config;
    if (!config?.access) {
      throw new Error(
        `Route ${String(route.method)} ${route.url} has no access rule (config.access)`,
      );
    }
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      registered.push({
        method,
        url: route.url,
        access: config.access,
        revealsPersonalData: config.revealsPersonalData ?? false,
      });
    }
  });

  app.addHook('onRequest', async (request) => {
    const raw = request.cookies[SESSION_COOKIE];
    if (!raw) return;
    const unsigned = request.unsignCookie(raw);
    if (!unsigned.valid) return;
    request.actor = (await options.findActor(unsigned.value)) ?? null;
  });

  app.addHook('preHandler', async (request) => {
    const access = request.routeOptions.config.access;
    if (!request.routeOptions.url?.startsWith('/api/')) return;
    if (!access) throw new AppError(500, 'no_access_rule', 'This route has no access rule');
    if (access.kind === 'public') return;

    const actor = request.actor;
    if (!actor) throw unauthenticated();
    if (UNSAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (typeof header !== 'string' || !sameToken(header, actor.csrfToken)) {
        throw new AppError(
          403,
          'csrf_token_invalid',
          'The request lacks a valid x-csrf-token header',
        );
      }
    }

    if (access.kind === 'general') {
      const decision = decideGeneralAction(actor.roles, access.action);
      if (!decision.allowed) throw forbidden(decision.reason);
      if (decision.purposeRequired && !statedPurpose(request)) {
        throw badRequest(
          'purpose_required',
          'State the purpose of this search (query parameter "purpose")',
        );
      }
      request.generalDecision = decision;
      return;
    }

    const params = request.params as Record<string, unknown>;
    if (access.kind === 'case') {
      const caseId = params[access.caseIdParam];
      if (typeof caseId !== 'string' || !UUID.test(caseId)) throw notFound('Case');
      const ctx = await options.resolveCaseContext(actor, caseId);
      if (!ctx) throw notFound('Case');
      const decision = decidePersonAction(actor.roles, access.action, ctx);
      if (!decision.allowed) throw forbidden(decision.reason);
      const purpose = statedPurpose(request);
      if (decision.purposeRequired && !purpose) {
        throw badRequest(
          'purpose_required',
          'State the purpose of reading this case (query parameter "purpose")',
        );
      }
      request.caseAccess = { ...ctx, decision, purpose: purpose ?? `case:${caseId}` };
      return;
    }
    const personId = params[access.personIdParam];
    if (typeof personId !== 'string' || !UUID.test(personId)) throw notFound('Person');
    const ctx = await options.resolvePersonContext(actor, personId);
    if (!ctx) throw notFound('Person');
    const decision = decidePersonAction(actor.roles, access.action, ctx);
    if (!decision.allowed) throw forbidden(decision.reason);
    const purpose = statedPurpose(request);
    if (decision.purposeRequired && !purpose) {
      throw badRequest(
        'purpose_required',
        'State the purpose of reading this person (query parameter "purpose")',
      );
    }
    request.personAccess = {
      relation: ctx.relation,
      protection: ctx.protection,
      hasProtectedDataGrant: ctx.hasProtectedDataGrant,
      relationCaseId: ctx.relationCaseId,
      person: ctx,
      personId,
      decision,
      purpose: purpose ?? (ctx.relationCaseId ? `case:${ctx.relationCaseId}` : decision.basis),
    };
  });

  // Fail closed: a personal-data response that did not write its access-log entry is withheld.
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.routeOptions.config.revealsPersonalData) return payload;
    if (reply.statusCode >= 300 || request.accessLogged) return payload;
    request.log.error(
      { url: request.url },
      'personal data response without access-log entry withheld',
    );
    void reply.code(500).header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify({
      error: {
        code: 'access_log_missing',
        message: 'The response was withheld because its access was not logged',
      },
    });
  });
}

/** The person access resolved by the hook; throws if a person route forgot to declare it. */
export function requirePersonAccess(request: FastifyRequest): PersonAccess {
  if (!request.personAccess)
    throw new AppError(500, 'no_person_access', 'Person access was not resolved');
  return request.personAccess;
}

/** The case access resolved by the hook; throws if a case route forgot to declare it. */
export function requireCaseAccess(request: FastifyRequest): CaseAccess {
  if (!request.caseAccess)
    throw new AppError(500, 'no_case_access', 'Case access was not resolved');
  return request.caseAccess;
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthenticated();
  return request.actor;
}

export function purposeOf(request: FastifyRequest): string | undefined {
  return statedPurpose(request);
}
