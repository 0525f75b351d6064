// Shapes of the cost-per-district answers of /api/v1: paid per district committee and month
// against the year's budget.

export interface DistrictCostLine {
  /** Twelve whole-kronor sums, January first, by the month of the run's payment date. */
  monthly: number[];
  paid: number;
  /** Null when no budget is entered for the year. */
  budget: number | null;
  /** Budget − paid; negative is a deficit (more paid than budgeted). Null without a budget. */
  deviation: number | null;
}

export interface DistrictCostReport {
  year: number;
  /** `YYYY-MM` for each of the twelve columns. */
  months: string[];
  districts: (DistrictCostLine & { districtId: string; name: string })[];
  /** The municipality; its deviation is given only when every district has a budget. */
  total: DistrictCostLine & { districtsWithoutBudget: string[] };
}

/** The largest budget the server takes, whole kronor. */
export const MAX_BUDGET = 100_000_000_000;
