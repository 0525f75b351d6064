// Validation of a household-month: bad input is refused with the path of every offending field.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { householdMonthSchema, parseHouseholdMonth } from '../src/index.ts';

// The example from the issue, as the CLI and the API receive it.
const EXAMPLE = {
  month: '2025-03',
  members: [
    { id: 'a1', role: 'adult', birthDate: '1986-04-12', cohabitsWith: 'a2' },
    { id: 'a2', role: 'adult', birthDate: '1988-09-30', cohabitsWith: 'a1' },
    {
      id: 'c1',
      role: 'child',
      birthDate: '2021-02-03',
      lunchOutsideHome: true,
      earnedIncomeYearToDate: 0,
    },
  ],
  householdCommunitySize: null,
  costs: [
    { type: 'rent', amount: 8200 },
    { type: 'electricity', amount: 350 },
  ],
  incomes: [
    { type: 'salary', memberId: 'a1', amount: 6000 },
    { type: 'child_allowance', amount: 1250 },
  ],
  jobStimulus: [{ memberId: 'a1', windowStart: '2024-11' }],
};

type Example = typeof EXAMPLE;

function at<T>(list: readonly T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw new Error(`no item ${index}`);
  return item;
}

function errorsFor(change: (input: Example) => unknown): { path: string; message: string }[] {
  const input = structuredClone(EXAMPLE);
  const result = parseHouseholdMonth(change(input) ?? input);
  if (result.ok) throw new Error('expected the input to be refused');
  return [...result.errors];
}

function pathsFor(change: (input: Example) => unknown): string[] {
  return errorsFor(change).map((error) => error.path);
}

describe('parseHouseholdMonth', () => {
  it('accepts the example from the issue', () => {
    const result = parseHouseholdMonth(EXAMPLE);
    expect(result.ok).toBe(true);
  });

  it('refuses an unknown cost or income type', () => {
    expect(
      pathsFor((input) => {
        (input.costs[0] as { type: string }).type = 'car';
      }),
    ).toEqual(['costs[0].type']);
    expect(
      pathsFor((input) => {
        (input.incomes[1] as { type: string }).type = 'lottery';
      }),
    ).toEqual(['incomes[1].type']);
  });

  it('refuses impossible dates and months', () => {
    expect(
      pathsFor((input) => {
        at(input.members, 0).birthDate = '1986-02-30';
      }),
    ).toEqual(['members[0].birthDate']);
    expect(
      pathsFor((input) => {
        input.month = '2025-13';
      }),
    ).toEqual(['month']);
    expect(
      pathsFor((input) => {
        at(input.jobStimulus, 0).windowStart = '2024-11-01';
      }),
    ).toEqual(['jobStimulus[0].windowStart']);
  });

  it('refuses a cohabitant who does not exist or does not point back', () => {
    expect(
      pathsFor((input) => {
        at(input.members, 0).cohabitsWith = 'zz';
      }),
    ).toContain('members[0].cohabitsWith');
    expect(
      errorsFor((input) => {
        at(input.members, 1).cohabitsWith = 'c1';
      }),
    ).toEqual(
      expect.arrayContaining([
        { path: 'members[0].cohabitsWith', message: "'a2' does not point back with cohabitsWith" },
        { path: 'members[1].cohabitsWith', message: "'c1' is a child, not an adult" },
      ]),
    );
  });

  it('refuses a child with cohabitsWith', () => {
    expect(
      pathsFor((input) => {
        (input.members[2] as { cohabitsWith?: string }).cohabitsWith = 'a1';
      }),
    ).toContain('members[2].cohabitsWith');
  });

  it('refuses negative and non-integer amounts', () => {
    expect(
      pathsFor((input) => {
        at(input.costs, 0).amount = -1;
      }),
    ).toEqual(['costs[0].amount']);
    expect(
      pathsFor((input) => {
        at(input.incomes, 0).amount = 6000.5;
      }),
    ).toEqual(['incomes[0].amount']);
    expect(
      pathsFor((input) => {
        at(input.members, 2).earnedIncomeYearToDate = -5;
      }),
    ).toEqual(['members[2].earnedIncomeYearToDate']);
  });

  it('refuses an unknown memberId', () => {
    expect(
      pathsFor((input) => {
        at(input.incomes, 0).memberId = 'a9';
      }),
    ).toEqual(['incomes[0].memberId']);
    expect(
      pathsFor((input) => {
        at(input.jobStimulus, 0).memberId = 'a9';
      }),
    ).toEqual(['jobStimulus[0].memberId']);
  });

  it('refuses a birth date after the month', () => {
    expect(
      pathsFor((input) => {
        at(input.members, 2).birthDate = '2025-04-01';
      }),
    ).toEqual(['members[2].birthDate']);
    // Born on the last day of the month is fine.
    const born = structuredClone(EXAMPLE);
    at(born.members, 2).birthDate = '2025-03-31';
    expect(parseHouseholdMonth(born).ok).toBe(true);
  });

  it('refuses unknown keys at every level, each at its own path', () => {
    expect(pathsFor((input) => ({ ...input, note: 'x' }))).toEqual(['note']);
    expect(
      pathsFor((input) => {
        (input.members[0] as Record<string, unknown>).name = 'Anna';
      }),
    ).toEqual(['members[0].name']);
    expect(
      pathsFor((input) => {
        (input.costs[1] as Record<string, unknown>).period = 'month';
      }),
    ).toEqual(['costs[1].period']);
  });

  it('refuses a salary without a member, and job stimulus for a child', () => {
    expect(
      pathsFor((input) => {
        delete (input.incomes[0] as { memberId?: string }).memberId;
      }),
    ).toContain('incomes[0].memberId');
    expect(
      errorsFor((input) => {
        at(input.jobStimulus, 0).memberId = 'c1';
      }),
    ).toEqual([
      {
        path: 'jobStimulus[0].memberId',
        message: "job stimulus does not apply to children's income (SoL 2025:400 12 kap. 8 §)",
      },
    ]);
  });

  it("requires a salaried child's earnings so far this year", () => {
    expect(
      pathsFor((input) => {
        delete (input.members[2] as { earnedIncomeYearToDate?: number }).earnedIncomeYearToDate;
        input.incomes.push({ type: 'salary', memberId: 'c1', amount: 1000 });
      }),
    ).toEqual(['members[2].earnedIncomeYearToDate']);
  });

  it('refuses child-only fields on adults, a description on a plain cost, and duplicate ids', () => {
    expect(
      pathsFor((input) => {
        (input.members[0] as { lunchOutsideHome?: boolean }).lunchOutsideHome = true;
      }),
    ).toEqual(['members[0].lunchOutsideHome']);
    expect(
      pathsFor((input) => {
        (input.costs[0] as { description?: string }).description = 'x';
      }),
    ).toEqual(['costs[0].description']);
    expect(
      pathsFor((input) => {
        at(input.members, 2).id = 'a1';
      }),
    ).toContain('members[2].id');
  });

  it('refuses households that are not one adult or one couple', () => {
    expect(
      pathsFor((input) => {
        input.members = [at(input.members, 2)];
        input.incomes = [];
        input.jobStimulus = [];
      }),
    ).toEqual(['members']);
    expect(
      pathsFor((input) => {
        delete at(input.members, 0).cohabitsWith;
        delete at(input.members, 1).cohabitsWith;
      }),
    ).toEqual(['members[0].cohabitsWith']);
  });

  it('accepts a household community only for one adult applying alone', () => {
    const alone = {
      month: '2025-03',
      members: [{ id: 'a1', role: 'adult', birthDate: '1990-01-01' }],
      householdCommunitySize: 4,
      costs: [],
      incomes: [],
    };
    expect(parseHouseholdMonth(alone).ok).toBe(true);
    expect(
      pathsFor((input) => {
        input.householdCommunitySize = 4 as unknown as null;
      }),
    ).toEqual(['householdCommunitySize']);
    expect(parseHouseholdMonth({ ...alone, householdCommunitySize: 1 }).ok).toBe(false);
  });

  it('exports a schema that converts to JSON Schema for the OpenAPI document', () => {
    const schema = z.toJSONSchema(householdMonthSchema, { unrepresentable: 'any' });
    expect(schema).toMatchObject({ type: 'object', additionalProperties: false });
    expect(Object.keys((schema as { properties: object }).properties)).toEqual([
      'month',
      'members',
      'householdCommunitySize',
      'costs',
      'incomes',
      'jobStimulus',
    ]);
  });
});
