// HTTP routes of cost per district: the report (JSON, CSV, XLSX) and the budget per district and
// year. Aggregates only: no person is named, so nothing here writes the access log.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../http/access-control.ts';
import { errorBodySchema, errorResponses, uuidSchema } from '../../http/schemas.ts';
import {
  districtCostCsv,
  districtCostXlsx,
  MAX_BUDGET,
  type DistrictCostService,
} from './service.ts';

export interface DistrictCostRouteDeps {
  costs: DistrictCostService;
  clock: () => Date;
}

const yearSchema = z.coerce.number().int().min(2000).max(2100);
const yearQuery = z.object({ year: yearSchema.optional() });
const costsRead = { kind: 'general', action: 'costs.read' } as const;

const lineSchema = z.object({
  monthly: z.array(z.number().int()).length(12),
  paid: z.number().int(),
  budget: z.number().int().nullable(),
  deviation: z.number().int().nullable(),
});
const reportSchema = z.object({
  year: z.number().int(),
  months: z.array(z.string()),
  districts: z.array(lineSchema.extend({ districtId: z.uuid(), name: z.string() })),
  total: lineSchema.extend({ districtsWithoutBudget: z.array(z.string()) }),
});

export function districtCostRoutes(deps: DistrictCostRouteDeps): FastifyPluginAsyncZod {
  const { costs } = deps;
  return async (app) => {
    app.get(
      '/district-costs',
      {
        config: { access: costsRead },
        schema: {
          summary:
            'Paid amounts per district committee and month (payment lines instructed or accepted, by payment date), the year total, budget and deviation (budget − paid; negative is a deficit)',
          tags: ['district-costs'],
          querystring: yearQuery,
          response: { 200: reportSchema, ...errorResponses },
        },
      },
      async (request) =>
        costs.report(
          requireActor(request).municipalityId,
          request.query.year ?? costs.currentYear(),
        ),
    );

    app.get(
      '/district-costs.csv',
      {
        config: { access: costsRead },
        schema: {
          summary: 'The same report as CSV (semicolons, UTF-8 with BOM, for Swedish Excel)',
          tags: ['district-costs'],
          querystring: yearQuery,
          produces: ['text/csv'],
        },
      },
      async (request, reply) => {
        const year = request.query.year ?? costs.currentYear();
        const report = await costs.report(requireActor(request).municipalityId, year);
        return reply
          .type('text/csv; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="kostnad-per-stadsdel-${String(year)}.csv"`,
          )
          .send(districtCostCsv(report));
      },
    );

    app.get(
      '/district-costs.xlsx',
      {
        config: { access: costsRead },
        schema: {
          summary: 'The same report as an Excel workbook',
          tags: ['district-costs'],
          querystring: yearQuery,
          produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        },
      },
      async (request, reply) => {
        const year = request.query.year ?? costs.currentYear();
        const report = await costs.report(requireActor(request).municipalityId, year);
        const file = await districtCostXlsx(report, deps.clock());
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header(
            'content-disposition',
            `attachment; filename="kostnad-per-stadsdel-${String(year)}.xlsx"`,
          )
          .send(file);
      },
    );

    app.put(
      '/district-budgets/:districtId/:year',
      {
        config: { access: { kind: 'general', action: 'budget.edit' } },
        schema: {
          summary:
            "Enter or change a district's budget for economic assistance for a year (logged)",
          tags: ['district-costs'],
          params: z.object({ districtId: uuidSchema, year: yearSchema }),
          body: z.object({ amount: z.number().int().min(0).max(MAX_BUDGET) }).strict(),
          response: {
            200: z.object({
              districtId: z.uuid(),
              year: z.number().int(),
              amount: z.number().int(),
            }),
            422: errorBodySchema,
            ...errorResponses,
          },
        },
      },
      async (request) =>
        costs.setBudget(
          requireActor(request),
          request.params.districtId,
          request.params.year,
          request.body.amount,
          request.ip,
        ),
    );
  };
}
