// The shared arithmetic: age bands by month, rounding, larger households, earnings rules, formatting.
import { describe, expect, it } from 'vitest';
import {
  ageForMonth,
  countedChildEarnings,
  divideRoundingHalfUp,
  formatKronor,
  formatOre,
  householdCommonCosts,
  isPlainMonth,
  jobStimulusDisregard,
  lastDayOfMonth,
  monthFromIndex,
  monthIndex,
} from '../src/index.ts';

describe('ageForMonth', () => {
  it('moves a child to the next band the month after the birthday month, or in it', () => {
    // Born in February; calculated months January, February and March seven years later.
    expect([83, 84, 85].map((months) => ageForMonth(months, 'from-month-after-birthday'))).toEqual([
      6, 6, 7,
    ]);
    expect([83, 84, 85].map((months) => ageForMonth(months, 'from-birthday-month'))).toEqual([
      6, 7, 7,
    ]);
  });

  it('makes a child born in the month 0 under either rule', () => {
    expect(ageForMonth(0, 'from-month-after-birthday')).toBe(0);
    expect(ageForMonth(0, 'from-birthday-month')).toBe(0);
    expect(ageForMonth(12, 'from-month-after-birthday')).toBe(0);
    expect(ageForMonth(13, 'from-month-after-birthday')).toBe(1);
  });
});

describe('divideRoundingHalfUp', () => {
  it('rounds 1–49 öre down and 50–99 öre up (lag 1970:1029 2 §)', () => {
    expect(divideRoundingHalfUp(1710, 5)).toBe(342);
    expect(divideRoundingHalfUp(2620, 6)).toBe(437); // 436,67
    expect(divideRoundingHalfUp(2010, 4)).toBe(503); // 502,50
    expect(divideRoundingHalfUp(1001, 2)).toBe(501); // 500,50
    expect(divideRoundingHalfUp(1000, 3)).toBe(333); // 333,33
    expect(divideRoundingHalfUp(0, 7)).toBe(0);
  });

  it('gives the job stimulus disregard in whole kronor', () => {
    expect(jobStimulusDisregard(6000, 25)).toBe(1500);
    expect(jobStimulusDisregard(6001, 25)).toBe(1500); // 1 500,25
    expect(jobStimulusDisregard(6002, 25)).toBe(1501); // 1 500,50
    expect(jobStimulusDisregard(6003, 25)).toBe(1501); // 1 500,75
  });
});

describe('householdCommonCosts', () => {
  const table = {
    bySize: { '1': 1270, '2': 1400, '3': 1770, '4': 2010, '5': 2310, '6': 2620, '7': 2810 },
  };
  it('adds the 6→7 difference for each member beyond seven', () => {
    expect(householdCommonCosts(table, 7)).toBe(2810);
    expect(householdCommonCosts(table, 8)).toBe(3000);
    expect(householdCommonCosts(table, 10)).toBe(3380);
  });
});

describe('countedChildEarnings', () => {
  it('counts only what takes the year over one prisbasbelopp', () => {
    expect(countedChildEarnings(40000, 5000, 58800)).toBe(0);
    expect(countedChildEarnings(58800, 0, 58800)).toBe(0);
    expect(countedChildEarnings(56000, 5000, 58800)).toBe(2200);
    expect(countedChildEarnings(60000, 5000, 58800)).toBe(5000);
    expect(countedChildEarnings(0, 70000, 58800)).toBe(11200);
  });
});

describe('months and money', () => {
  it('does month arithmetic without Date', () => {
    expect(monthIndex('2025-01') - monthIndex('2024-12')).toBe(1);
    expect(monthFromIndex(monthIndex('2024-11') + 23)).toBe('2026-10');
    expect(lastDayOfMonth('2024-02')).toBe('2024-02-29');
    expect(lastDayOfMonth('2025-02')).toBe('2025-02-28');
    expect(isPlainMonth('2025-13')).toBe(false);
    expect(isPlainMonth('2025-7')).toBe(false);
  });

  it('formats kronor the Swedish way with no-break spaces', () => {
    expect(formatKronor(11680)).toBe('11\u00a0680\u00a0kr');
    expect(formatKronor(342)).toBe('342\u00a0kr');
    expect(formatKronor(1234567)).toBe('1\u00a0234\u00a0567\u00a0kr');
    expect(formatOre(43667)).toBe('436,67\u00a0kr');
    expect(formatOre(150050)).toBe('1\u00a0500,50\u00a0kr');
    expect(formatOre(34200)).toBe('342\u00a0kr');
  });
});
