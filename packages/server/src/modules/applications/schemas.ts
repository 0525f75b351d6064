// Zod shapes of applications over HTTP: costs and incomes as the rules engine takes them.
import { z } from 'zod';
import { COST_TYPES, INCOME_TYPES, INPUT_LIMITS } from '@skyddsnat/rules';
import { DOCUMENT_KINDS } from '@skyddsnat/domain';
import { uuidSchema } from '../../http/schemas.ts';

export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Must be a month YYYY-MM');
const kronor = z.number().int().min(0).max(INPUT_LIMITS.maxAmount);
const description = z.string().trim().min(1).max(200).optional();

export const applicationCostSchema = z
  .object({ type: z.enum(COST_TYPES), amount: kronor, description })
  .strict();
export const applicationIncomeSchema = z
  .object({
    type: z.enum(INCOME_TYPES),
    amount: kronor,
    /** The household member (person id) whose income it is; required for salary. */
    memberId: uuidSchema.optional(),
    description,
  })
  .strict();
export type ApplicationCost = z.infer<typeof applicationCostSchema>;
export type ApplicationIncome = z.infer<typeof applicationIncomeSchema>;

export const applicationContentSchema = z
  .object({
    costs: z.array(applicationCostSchema).max(INPUT_LIMITS.maxItems),
    incomes: z.array(applicationIncomeSchema).max(INPUT_LIMITS.maxItems),
  })
  .strict();

export const createApplicationSchema = applicationContentSchema
  .extend({
    month: monthSchema,
    kind: z.enum(['initial', 'continued']),
    /** Start from the costs and incomes of the latest earlier application. */
    copyFromPrevious: z.boolean().optional(),
  })
  .strict();

export const CONFIRMATION_METHODS = ['signed_paper', 'e_service', 'in_person'] as const;
export const documentKindSchema = z.enum(DOCUMENT_KINDS);

/** At most 10 MiB per document (the column's check says the same). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
