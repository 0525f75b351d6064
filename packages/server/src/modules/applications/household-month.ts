// The household of one case in one month, read from the dated membership, and the calculation
// input built from it and an application's costs and incomes.
import { sql } from 'kysely';
import { parsePersonnummer } from '@skyddsnat/domain';
import {
  CalculationInputError,
  calculateIncomeSupport,
  lastDayOfMonth,
  MissingParameterError,
  parseHouseholdMonth,
  type CalculationResult,
  type HouseholdMonth,
  type ParameterSet,
} from '@skyddsnat/rules';
import type { DecisionDb } from '../decisions/tables.ts';
import type { ApplicationCost, ApplicationIncome } from './schemas.ts';

export type MonthMember = {
  personId: string;
  name: string;
  role: 'applicant' | 'partner' | 'child' | 'other';
  birthDate: string;
  protection: string;
};

/** Members whose period overlaps the month, applicant first, then by role and birth date. */
export async function householdInMonth(
  db: DecisionDb,
  caseId: string,
  month: string,
): Promise<MonthMember[]> {
  const first = `${month}-01`;
  const last = lastDayOfMonth(month);
  const rows = await db
    .selectFrom('app.household_member as m')
    .innerJoin('app.person as p', 'p.id', 'm.person_id')
    .select([
      'm.person_id',
      'm.member_role',
      'p.first_name',
      'p.last_name',
      'p.personnummer',
      'p.protection',
    ])
    .where('m.case_id', '=', caseId)
    .where('m.valid_from', '<=', sql<string>`${last}::date`)
    .where((eb) => eb.or([eb('m.valid_to', 'is', null), eb('m.valid_to', '>=', first)]))
    .execute();
  const order = { applicant: 0, partner: 1, child: 2, other: 3 } as const;
  const members = new Map<string, MonthMember>();
  for (const row of rows) {
    const parsed = parsePersonnummer(row.personnummer, '2100-01-01');
    members.set(row.person_id, {
      personId: row.person_id,
      name: `${row.first_name} ${row.last_name}`,
      role: row.member_role,
      birthDate: parsed.ok ? parsed.value.birthDate : `${row.personnummer.slice(0, 4)}-01-01`,
      protection: row.protection,
    });
  }
  return [...members.values()].sort(
    (a, b) => order[a.role] - order[b.role] || a.birthDate.localeCompare(b.birthDate),
  );
}

/**
 * The calculation input: the applicant and a partner as cohabiting adults, children as
 * children, and others in the home as a household community (only for a single applicant).
 */
export function calculationInput(
  month: string,
  members: readonly MonthMember[],
  costs: readonly ApplicationCost[],
  incomes: readonly ApplicationIncome[],
): unknown {
  const applicant = members.find((m) => m.role === 'applicant');
  const partner = members.find((m) => m.role === 'partner');
  const children = members.filter((m) => m.role === 'child');
  const others = members.filter((m) => m.role === 'other');
  const adults = [applicant, partner].filter((m): m is MonthMember => m !== undefined);
  return {
    month,
    members: [
      ...adults.map((m) => ({
        id: m.personId,
        role: 'adult',
        birthDate: m.birthDate,
        ...(applicant && partner
          ? { cohabitsWith: m === applicant ? partner.personId : applicant.personId }
          : {}),
      })),
      ...children.map((m) => ({ id: m.personId, role: 'child', birthDate: m.birthDate })),
    ],
    householdCommunitySize:
      others.length > 0 && !partner && children.length === 0 ? others.length + 1 : null,
    costs: costs.map((c) => ({
      type: c.type,
      amount: c.amount,
      ...(c.description ? { description: c.description } : {}),
    })),
    incomes: incomes.map((i) => ({
      type: i.type,
      amount: i.amount,
      ...(i.memberId ? { memberId: i.memberId } : {}),
      ...(i.description ? { description: i.description } : {}),
    })),
  };
}

export type CalculationOutcome =
  { ok: true; result: CalculationResult; input: HouseholdMonth } | { ok: false; error: string };

/** Runs the rules engine; an input it cannot calculate is a stated error, never a silent zero. */
export function calculateApplication(input: unknown, parameters: ParameterSet): CalculationOutcome {
  const parsed = parseHouseholdMonth(input);
  if (!parsed.ok) {
    return {
      ok: false,
      error: parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; '),
    };
  }
  try {
    return {
      ok: true,
      result: calculateIncomeSupport(parsed.value, parameters, { trace: true }),
      input: parsed.value,
    };
  } catch (error) {
    if (error instanceof CalculationInputError || error instanceof MissingParameterError) {
      return { ok: false, error: error.message };
    }
    throw error;
  }
}
