// Warnings for yearly parameters that have no value yet for the coming year, or only a derived one.
import { assertPlainDate } from './plain-date.ts';
import { yearOf } from './plain-month.ts';
import {
  PARAMETER_IDS,
  getParameterDefinition,
  type ParameterId,
} from './parameter-definitions.ts';
import { findParameterVersion, type ParameterSet } from './parameter-set.ts';

export type FreshnessWarning = {
  /**
   * `missing_coming_year`: from 1 December, next year has no version (calculations for January
   * will be refused). `missing_current_year`: this year has none (they are refused now).
   * `derived_in_force`: the version for this year, or from 1 December for next year, is
   * `derived`, not confirmed against the published text; replace it with an override.
   */
  readonly kind: 'missing_coming_year' | 'missing_current_year' | 'derived_in_force';
  readonly parameterId: ParameterId;
  readonly year: number;
  readonly message: string;
};

/** The month and day from which the coming year's values are expected (they are set in autumn). */
export const FRESHNESS_DEADLINE = '12-01';

/**
 * Checks every parameter that is set per calendar year (norm tables, prisbasbelopp) on `today`
 * (`YYYY-MM-DD`, supplied by the caller: the rules read no clock).
 */
export function checkFreshness(set: ParameterSet, today: string): FreshnessWarning[] {
  assertPlainDate(today, 'today');
  const year = yearOf(today);
  const checkComingYear = today.slice(5) >= FRESHNESS_DEADLINE;
  const warnings: FreshnessWarning[] = [];
  for (const id of PARAMETER_IDS) {
    const definition = getParameterDefinition(id);
    if (definition.validity !== 'calendar-year') continue;
    const years = checkComingYear ? [year, year + 1] : [year];
    for (const checked of years) {
      // This year: what is in force today. Next year: what will be in force on 1 January.
      const inForce = findParameterVersion(set, id, checked === year ? today : `${checked}-01-01`);
      if (inForce === undefined) {
        const coming = checked > year;
        warnings.push({
          kind: coming ? 'missing_coming_year' : 'missing_current_year',
          parameterId: id,
          year: checked,
          message: coming
            ? `${definition.titleEn} (${id}) has no version for ${checked}; calculations for January ${checked} will be refused. Add the ${checked} figures with their source.`
            : `${definition.titleEn} (${id}) has no version in force on ${today}; calculations for ${checked} are refused.`,
        });
      } else if (inForce.status === 'derived') {
        warnings.push({
          kind: 'derived_in_force',
          parameterId: id,
          year: checked,
          message: `${definition.titleEn} (${id}) for ${checked} is derived (version ${inForce.effectiveFrom}), not confirmed against the published text; record the official figures and their SFS reference as an override.`,
        });
      }
    }
  }
  return warnings;
}
