// Cost per district committee: paid amounts per month against the year's budget, for management;
// aggregates only, no person. Also the budget itself (changes logged) and CSV/XLSX exports.
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import type { Db } from '../../db/database.ts';
import { notFound } from '../../http/errors.ts';
import { stockholmDate } from '../../time.ts';
import type { Actor } from '../auth/actor.ts';
import type { ChangeLog } from '../change-log/change-log.ts';
import { paymentBaseTables, paymentDb, type PaymentDb } from '../payments/tables.ts';

/** Payment lines that count as paid: sent to the bank in a run's file, or confirmed by it. */
export const PAID_STATUSES = ['instructed', 'accepted'] as const;

export const SWEDISH_MONTH_ABBREVIATIONS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'maj',
  'jun',
  'jul',
  'aug',
  'sep',
  'okt',
  'nov',
  'dec',
] as const;

export type DistrictCostLine = {
  /** Twelve whole-kronor sums, January first, by the month of the run's payment date. */
  monthly: number[];
  paid: number;
  /** Null when no budget is entered for the year. */
  budget: number | null;
  /**
   * Budget − paid, null without a budget. Negative is a deficit (budgetunderskott), as the seeds'
   * table prints it: Kungsholmen −3,7 mnkr for 2011.
   */
  deviation: number | null;
};

export type DistrictCostReport = {
  year: number;
  /** `YYYY-MM` for each of the twelve columns. */
  months: string[];
  districts: (DistrictCostLine & { districtId: string; name: string })[];
  /**
   * The municipality. Its budget is the districts' budgets added up, and its deviation is given
   * only when every district has a budget (otherwise it would compare unlike things).
   */
  total: DistrictCostLine & { districtsWithoutBudget: string[] };
};

export const MAX_BUDGET = 100_000_000_000;

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

export class DistrictCostService {
  readonly #db: PaymentDb;
  readonly #changeLog: ChangeLog;
  readonly #clock: () => Date;

  constructor(db: Db, changeLog: ChangeLog, clock: () => Date) {
    this.#db = paymentDb(db);
    this.#changeLog = changeLog;
    this.#clock = clock;
  }

  /** The current year in Sweden, when a request names none. */
  currentYear(): number {
    return Number(stockholmDate(this.#clock()).slice(0, 4));
  }

  async report(municipalityId: string, year: number): Promise<DistrictCostReport> {
    const from = `${String(year)}-01-01`;
    const until = `${String(year + 1)}-01-01`;
    const [districts, paid, budgets] = await Promise.all([
      this.#db
        .selectFrom('app.district')
        .select(['id', 'name'])
        .where('municipality_id', '=', municipalityId)
        .execute(),
      this.#db
        .selectFrom('app.payment_line as l')
        .innerJoin('app.payment_run as r', 'r.id', 'l.run_id')
        .select([
          'l.district_id',
          sql<number>`extract(month from r.payment_date)::int`.as('month'),
          sql<string>`sum(l.amount)::text`.as('paid'),
        ])
        .where('l.municipality_id', '=', municipalityId)
        .where('l.status', 'in', [...PAID_STATUSES])
        .where('r.payment_date', '>=', from)
        .where('r.payment_date', '<', until)
        .groupBy(['l.district_id', sql`extract(month from r.payment_date)`])
        .execute(),
      this.#db
        .selectFrom('app.district_budget')
        .select(['district_id', 'amount'])
        .where('municipality_id', '=', municipalityId)
        .where('year', '=', year)
        .execute(),
    ]);
    const budgetOf = new Map(budgets.map((b) => [b.district_id, Number(b.amount)]));
    const lines = districts
      .toSorted((a, b) => a.name.localeCompare(b.name, 'sv'))
      .map((district) => {
        const monthly = Array.from({ length: 12 }, () => 0);
        for (const row of paid) {
          if (row.district_id !== district.id) continue;
          monthly[row.month - 1] = Number(row.paid);
        }
        const total = sum(monthly);
        const budget = budgetOf.get(district.id) ?? null;
        return {
          districtId: district.id,
          name: district.name,
          monthly,
          paid: total,
          budget,
          deviation: budget === null ? null : budget - total,
        };
      });
    const monthly = Array.from({ length: 12 }, (_, month) =>
      sum(lines.map((line) => line.monthly[month] ?? 0)),
    );
    const withoutBudget = lines.filter((line) => line.budget === null).map((line) => line.name);
    const budgeted = lines.flatMap((line) => (line.budget === null ? [] : [line.budget]));
    const totalPaid = sum(monthly);
    const totalBudget = budgeted.length === 0 ? null : sum(budgeted);
    return {
      year,
      months: Array.from(
        { length: 12 },
        (_, month) => `${String(year)}-${String(month + 1).padStart(2, '0')}`,
      ),
      districts: lines,
      total: {
        monthly,
        paid: totalPaid,
        budget: totalBudget,
        deviation:
          totalBudget === null || withoutBudget.length > 0 ? null : totalBudget - totalPaid,
        districtsWithoutBudget: withoutBudget,
      },
    };
  }

  /** Enters or changes a district's budget for a year; the change goes to the change log. */
  async setBudget(
    actor: Actor,
    districtId: string,
    year: number,
    amount: number,
    clientIp: string | null = null,
  ): Promise<{ districtId: string; year: number; amount: number }> {
    return this.#db.transaction().execute(async (tx) => {
      // Locking the district serialises two changes of its budget, so "before" is always true.
      const district = await tx
        .selectFrom('app.district')
        .select(['id', 'name'])
        .where('id', '=', districtId)
        .where('municipality_id', '=', actor.municipalityId)
        .forUpdate()
        .executeTakeFirst();
      if (!district) throw notFound('District');
      const current = await tx
        .selectFrom('app.district_budget')
        .select('amount')
        .where('district_id', '=', districtId)
        .where('year', '=', year)
        .executeTakeFirst();
      const now = this.#clock();
      await tx
        .insertInto('app.district_budget')
        .values({
          municipality_id: actor.municipalityId,
          district_id: districtId,
          year,
          amount,
          updated_by: actor.userId,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc
            .columns(['district_id', 'year'])
            .doUpdateSet({ amount, updated_by: actor.userId, updated_at: now }),
        )
        .execute();
      await this.#changeLog.record(
        {
          municipalityId: actor.municipalityId,
          actorUserId: actor.userId,
          actorUsername: actor.username,
          clientIp,
        },
        {
          entity: 'district_budget',
          entityId: districtId,
          change: current ? 'updated' : 'created',
          before: current
            ? { district: district.name, year, amount: Number(current.amount) }
            : null,
          after: { district: district.name, year, amount },
        },
        paymentBaseTables(tx),
      );
      return { districtId, year, amount };
    });
  }
}

// ---- Exports --------------------------------------------------------------------------------

const HEADERS = (report: DistrictCostReport): string[] => [
  'Stadsdelsnämnd',
  ...SWEDISH_MONTH_ABBREVIATIONS.map((month) => `${month} ${String(report.year)}`),
  'Utbetalt totalt',
  'Budget',
  'Avvikelse (budget − utbetalt)',
];

const TOTAL_LABEL = 'Hela kommunen';

function exportRows(report: DistrictCostReport): (string | number | null)[][] {
  return [
    ...report.districts.map((line) => [
      line.name,
      ...line.monthly,
      line.paid,
      line.budget,
      line.deviation,
    ]),
    [
      TOTAL_LABEL,
      ...report.total.monthly,
      report.total.paid,
      report.total.budget,
      report.total.deviation,
    ],
  ];
}

// A name is text from an administrator: one that starts like a formula is kept as text.
function csvText(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Semicolon-separated, UTF-8 with a byte-order mark and CRLF line ends, as Swedish Excel opens a
 * file without asking. Whole kronor need no decimal comma; an empty cell is a missing budget.
 */
export function districtCostCsv(report: DistrictCostReport): string {
  const lines = [
    HEADERS(report).map(csvText).join(';'),
    ...exportRows(report).map((row) =>
      row
        .map((cell) =>
          cell === null ? '' : typeof cell === 'number' ? String(cell) : csvText(cell),
        )
        .join(';'),
    ),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** One worksheet with the same table as the CSV, amounts as numbers with a thousands format. */
export async function districtCostXlsx(report: DistrictCostReport, created: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Skyddsnät';
  workbook.created = created;
  workbook.modified = created;
  const sheet = workbook.addWorksheet(`Kostnad ${String(report.year)}`);
  const header = sheet.addRow(HEADERS(report));
  header.font = { bold: true };
  for (const row of exportRows(report)) sheet.addRow(row);
  const totalRow = sheet.lastRow;
  if (totalRow) totalRow.font = { bold: true };
  sheet.addRow([]);
  sheet.addRow([
    'Avvikelse = budget − utbetalt. Ett negativt tal är ett underskott (mer utbetalt än budgeterat). Utbetalt = utbetalningar skickade till eller bekräftade av banken, efter utbetalningsdag.',
  ]);
  sheet.getColumn(1).width = 28;
  for (let column = 2; column <= 16; column += 1) {
    const col = sheet.getColumn(column);
    col.width = column <= 13 ? 12 : 18;
    col.numFmt = '#,##0';
  }
  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: 1 }];
  const bytes = await workbook.xlsx.writeBuffer();
  return Buffer.from(bytes);
}
