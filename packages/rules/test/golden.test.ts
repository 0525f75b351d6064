// Golden cases: data files under test/golden that read like sentences, run through both paths.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import {
  MissingParameterError,
  calculateBatch,
  calculateIncomeSupport,
  compileMonth,
  parseHouseholdMonth,
  toHouseholdColumns,
} from '../src/index.ts';
import { bundled } from './support/bundled.ts';

const GOLDEN_DIRECTORY = path.join(import.meta.dirname, 'golden');

// Strict, so that a misspelt expectation fails instead of silently checking nothing.
const goldenSchema = z
  .strictObject({
    description: z.string().min(20),
    input: z.unknown(),
    expect: z
      .strictObject({
        amount: z.int(),
        surplus: z.int().optional(),
        normTotal: z.int().optional(),
        reasonableCostsTotal: z.int().optional(),
        countedIncome: z.int().optional(),
        usesDerivedParameters: z.boolean().optional(),
        parameters: z.array(z.string()).optional(),
        legalReferences: z.array(z.string()).optional(),
        lines: z
          .array(
            z.strictObject({
              label: z.string(),
              amount: z.int(),
              citation: z.string().optional(),
            }),
          )
          .optional(),
      })
      .optional(),
    expectError: z
      .strictObject({
        code: z.literal('missing_parameter'),
        parameterId: z.string(),
        year: z.int(),
      })
      .optional(),
  })
  .refine((golden) => (golden.expect === undefined) !== (golden.expectError === undefined), {
    message: 'a golden case has exactly one of expect and expectError',
  });

const files = readdirSync(GOLDEN_DIRECTORY)
  .filter((name) => name.endsWith('.yaml'))
  .sort();

describe('golden cases', () => {
  it('exist for every encoded year and for 2024 (refused)', () => {
    const years = new Set(files.map((name) => name.slice(0, 4)));
    expect([...years].sort()).toEqual(['2014', '2019', '2021', '2024', '2025', '2026']);
  });

  for (const file of files) {
    const golden = goldenSchema.parse(
      parse(readFileSync(path.join(GOLDEN_DIRECTORY, file), 'utf8'), { uniqueKeys: true }),
    );
    it(`${file}: ${golden.description}`, () => {
      const parsed = parseHouseholdMonth(golden.input);
      if (!parsed.ok) throw new Error(`invalid input: ${JSON.stringify(parsed.errors)}`);
      const input = parsed.value;

      if (golden.expectError !== undefined) {
        const expected = golden.expectError;
        const caught = captureError(() => calculateIncomeSupport(input, bundled));
        expect(caught).toBeInstanceOf(MissingParameterError);
        expect(caught).toMatchObject(expected);
        expect(captureError(() => compileMonth(bundled, input.month))).toMatchObject(expected);
        return;
      }

      const expected = golden.expect;
      if (expected === undefined) throw new Error('unreachable');
      const result = calculateIncomeSupport(input, bundled);
      expect(result.amount).toBe(expected.amount);
      expect(result.surplus).toBe(expected.surplus ?? 0);
      if (expected.normTotal !== undefined) expect(result.norm.total).toBe(expected.normTotal);
      if (expected.reasonableCostsTotal !== undefined) {
        expect(result.reasonableCosts.total).toBe(expected.reasonableCostsTotal);
      }
      if (expected.countedIncome !== undefined) {
        expect(result.income.counted).toBe(expected.countedIncome);
      }
      if (expected.usesDerivedParameters !== undefined) {
        expect(result.usesDerivedParameters).toBe(expected.usesDerivedParameters);
      }
      if (expected.parameters !== undefined) {
        expect(result.parameters.map((p) => `${p.id}@${p.effectiveFrom}`)).toEqual(
          expected.parameters,
        );
      }
      if (expected.legalReferences !== undefined) {
        expect(result.legalReferences.map((reference) => reference.citation)).toEqual(
          expected.legalReferences,
        );
      }
      for (const line of expected.lines ?? []) {
        const found = result.trace.find((traced) => traced.label === line.label);
        expect(
          found,
          `line "${line.label}" in ${result.trace.map((l) => l.label).join(' | ')}`,
        ).toBeDefined();
        expect(found?.amount).toBe(line.amount);
        if (line.citation !== undefined) {
          expect(found?.legalReference?.citation).toBe(line.citation);
        }
      }

      // The lines add up: every norm, cost and income line sums to the totals printed.
      const sum = (section: string): number =>
        result.trace
          .filter((line) => line.section === section)
          .reduce((total, line) => total + line.amount, 0);
      expect(sum('norm')).toBe(result.norm.total);
      expect(sum('reasonable_costs')).toBe(result.reasonableCosts.total);
      expect(sum('income')).toBe(result.income.counted);

      // The batch path agrees, including the derived flag.
      const batch = calculateBatch(toHouseholdColumns([input]), compileMonth(bundled, input.month));
      expect(batch.amount[0]).toBe(result.amount);
      expect(batch.surplus[0]).toBe(result.surplus);
      expect(batch.usesDerivedParameters[0]).toBe(result.usesDerivedParameters ? 1 : 0);
    });
  }
});

function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
