// Application errors with a stable machine-readable code, and the one error handler.
import type { FastifyError, FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
} from 'fastify-type-provider-zod';
import type { DenyReason } from '@skyddsnat/domain';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export class AppError extends Error {
  override name = 'AppError';
  readonly statusCode: number;
  readonly code: string;
  readonly details: unknown;

  constructor(statusCode: number, code: string, message: string, details?: unknown) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
    this.details = details;
  }
}

export const badRequest = (code: string, message: string, details?: unknown): AppError =>
  new AppError(400, code, message, details);
export const notFound = (what: string): AppError =>
  new AppError(404, 'not_found', `${what} was not found`);
export const conflict = (code: string, message: string, details?: unknown): AppError =>
  new AppError(409, code, message, details);
export const unauthenticated = (message = 'Log in to continue'): AppError =>
  new AppError(401, 'not_authenticated', message);

const DENY_MESSAGES: Record<DenyReason, string> = {
  role_missing: 'None of your roles gives access to this function',
  no_relation: 'You have no relation to this person through a case or your unit',
  protected_identity:
    'The person has protected personal data; only the unit handling the case or a user with an explicit grant may see them',
  protected_address:
    'The address of a person with protected personal data requires an explicit grant',
};

export const forbidden = (reason: DenyReason): AppError =>
  new AppError(403, 'forbidden', DENY_MESSAGES[reason], { reason });

// Fastify's own client errors, mapped to stable codes.
const FASTIFY_CLIENT_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'malformed_json',
    message: 'The body is not valid JSON',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'malformed_json',
    message: 'The JSON body is empty',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'body_too_large',
    message: 'The request body is too large',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    message: 'Send the body as application/json',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'invalid_content_length',
    message: 'Content-Length does not match the body',
  },
};

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((rawError: FastifyError, request, reply) => {
    if (rawError instanceof AppError) {
      const body: ErrorBody = { error: { code: rawError.code, message: rawError.message } };
      if (rawError.details !== undefined) body.error.details = rawError.details;
      return reply.code(rawError.statusCode).send(body);
    }
    if (hasZodFastifySchemaValidationErrors(rawError)) {
      const details = rawError.validation.map((issue) => ({
        in: rawError.validationContext ?? 'request',
        path: issue.instancePath.replace(/^\//, '').replace(/\//g, '.'),
        message: issue.message,
        keyword: issue.keyword,
      }));
      return reply.code(400).send({
        error: {
          code: 'validation_failed',
          message: 'The request did not match the expected shape',
          details,
        },
      } satisfies ErrorBody);
    }
    const known = rawError.code ? FASTIFY_CLIENT_ERRORS[rawError.code] : undefined;
    if (known) {
      return reply
        .code(known.status)
        .send({ error: { code: known.code, message: known.message } } satisfies ErrorBody);
    }
    if (isResponseSerializationError(rawError)) {
      request.log.error({ err: rawError }, 'response did not match its schema');
    } else if (rawError.statusCode && rawError.statusCode >= 400 && rawError.statusCode < 500) {
      return reply.code(rawError.statusCode).send({
        error: { code: 'bad_request', message: rawError.message },
      } satisfies ErrorBody);
    } else {
      request.log.error({ err: rawError }, 'unhandled error');
    }
    // Never echo internal details (they may hold personal data or SQL).
    return reply.code(500).send({
      error: { code: 'internal_error', message: 'Something went wrong; the error has been logged' },
    } satisfies ErrorBody);
  });

  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({
      error: {
        code: 'route_not_found',
        message: `No route ${request.method} ${request.url.split('?')[0] ?? ''}`,
      },
    } satisfies ErrorBody);
  });
}
