// Zod schemas shared by several routes.
import { z } from 'zod';

export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export const uuidSchema = z.uuid({ message: 'Must be a UUID' });
export const plainDateSchema = z.iso.date({ message: 'Must be a date YYYY-MM-DD' });

/** Why the user reads personal data; required for oversight roles (FUT, internal audit). */
export const purposeQuerySchema = z
  .object({ purpose: z.string().trim().max(500).optional() })
  .strict();

export const errorResponses = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  503: errorBodySchema,
} as const;
