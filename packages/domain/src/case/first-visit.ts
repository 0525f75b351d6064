// Questions about the 14-day first-visit rule that depend on today's date.
import { isPlainDate } from './case-dates.ts';
import type { CaseState } from './case-state.ts';

/**
 * True when an open case has no first visit booked or held and `today` (`YYYY-MM-DD`,
 * Stockholm) is past the deadline: whatever is booked now will be late. A visit already booked
 * late shows as `firstVisit.late` instead. Throws a RangeError for a malformed `today`.
 */
export function isFirstVisitOverdue(state: CaseState, today: string): boolean {
  if (!isPlainDate(today)) {
    throw new RangeError(`today must be a calendar date written YYYY-MM-DD, got "${today}"`);
  }
  const { firstVisit } = state;
  return (
    state.status === 'open' &&
    firstVisit.bookedDate === null &&
    firstVisit.heldDate === null &&
    today > firstVisit.deadline
  );
}
