// Zod shapes of case actions as sent over HTTP (the rules about them live in packages/domain).
import { z } from 'zod';
import { CASE_OFFICER_ROLES, CLOSURE_REASONS, CONTACT_CHANNELS } from '@skyddsnat/domain';
import { plainDateSchema, uuidSchema } from '../../http/schemas.ts';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Must be a month YYYY-MM');
const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * Actions staff append by hand. Applications and decisions are recorded in the log by their own
 * modules, with the documents they stand for, so they are not accepted here (nor as corrections).
 */
export const MODULE_OWNED_ACTIONS = ['application_received', 'decision_recorded'] as const;

const payloads = [
  z
    .object({
      type: z.literal('first_contact_recorded'),
      channel: z.enum(CONTACT_CHANNELS),
      summary: text(2000),
      acuteNeedAssessment: text(2000).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('first_visit_booked'),
      date: plainDateSchema,
      lateReason: text(1000).optional(),
    })
    .strict(),
  z.object({ type: z.literal('first_visit_held'), date: plainDateSchema }).strict(),
  z.object({ type: z.literal('investigation_started') }).strict(),
  z
    .object({
      type: z.literal('payment_registered'),
      month,
      amount: z.number().int().min(0).max(10_000_000),
    })
    .strict(),
  z
    .object({
      type: z.literal('officer_assigned'),
      userId: uuidSchema,
      role: z.enum(CASE_OFFICER_ROLES),
    })
    .strict(),
  z
    .object({
      type: z.literal('officer_unassigned'),
      userId: uuidSchema,
      role: z.enum(CASE_OFFICER_ROLES),
    })
    .strict(),
  z
    .object({
      type: z.literal('handed_over'),
      fromUserId: uuidSchema,
      toUserId: uuidSchema,
      role: z.enum(CASE_OFFICER_ROLES),
      review: text(4000),
    })
    .strict(),
  z
    .object({
      type: z.literal('transferred'),
      toUnitId: uuidSchema,
      toDistrictId: uuidSchema,
      reason: text(1000),
    })
    .strict(),
  z
    .object({
      type: z.literal('closed'),
      reason: z.enum(CLOSURE_REASONS),
      note: text(1000).optional(),
    })
    .strict(),
  z.object({ type: z.literal('reopened'), reason: text(1000) }).strict(),
] as const;

const correctable = z.discriminatedUnion('type', [...payloads]);

export const caseActionInputSchema = z.discriminatedUnion('type', [
  ...payloads,
  z
    .object({
      type: z.literal('corrected'),
      correctsSeq: z.number().int().min(1),
      reason: text(1000),
      replacement: correctable.nullable(),
    })
    .strict(),
]);
export type CaseActionInput = z.infer<typeof caseActionInputSchema>;
