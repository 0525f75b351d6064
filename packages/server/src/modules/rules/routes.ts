// HTTP route of the calculation engine: one household-month (or a batch) in, results out.
// Nothing is stored and no person is identified, so no access-log entry is written.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CalculationInputError,
  calculateIncomeSupport,
  householdMonthSchema,
  MissingParameterError,
  type ParameterSet,
} from '@skyddsnat/rules';
import { AppError, badRequest } from '../../http/errors.ts';
import { errorResponses, errorBodySchema } from '../../http/schemas.ts';
import type { ParameterSetCache } from './parameter-store.ts';

const resultSchema = z.looseObject({
  amount: z.number().int(),
  surplus: z.number().int(),
  usesDerivedParameters: z.boolean(),
});

export const MAX_BATCH = 1000;

export function calculationRoutes(deps: { parameters: ParameterSetCache }): FastifyPluginAsyncZod {
  return async (app) => {
    function calculate(input: z.infer<typeof householdMonthSchema>, set: ParameterSet) {
      try {
        return calculateIncomeSupport(input, set, { trace: true });
      } catch (error) {
        if (error instanceof MissingParameterError) {
          throw new AppError(422, 'missing_parameter', error.message, {
            parameterId: error.parameterId,
            year: error.year,
          });
        }
        if (error instanceof CalculationInputError) {
          throw badRequest('invalid_input', error.message, [
            { path: error.path, message: error.message },
          ]);
        }
        throw error;
      }
    }

    app.post(
      '/calculations',
      {
        config: { access: { kind: 'general', action: 'calculation.run' } },
        schema: {
          summary: 'Calculate income support for one household-month',
          description:
            'The national norm for the household + reasonable costs − counted incomes, with the parameters, their sources and statuses, and a line-by-line trace. Nothing is stored.',
          tags: ['calculations'],
          body: householdMonthSchema,
          response: { 200: resultSchema, 422: errorBodySchema, ...errorResponses },
        },
      },
      async (request) => calculate(request.body, await deps.parameters.current()),
    );

    app.post(
      '/calculations/batch',
      {
        config: { access: { kind: 'general', action: 'calculation.run' } },
        schema: {
          summary: `Calculate up to ${MAX_BATCH} household-months in one request`,
          tags: ['calculations'],
          body: z.array(householdMonthSchema).min(1).max(MAX_BATCH),
          response: { 200: z.array(resultSchema), 422: errorBodySchema, ...errorResponses },
        },
      },
      async (request) => {
        const set = await deps.parameters.current();
        return request.body.map((input) => calculate(input, set));
      },
    );
  };
}
