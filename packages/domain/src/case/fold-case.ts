// A case's state from its stored log, replayed under the same rules that accepted each action.
import type { CaseActionRecord } from './case-actions.ts';
import { CaseLogError } from './case-rule-codes.ts';
import type { CaseState } from './case-state.ts';
import { applyCaseAction } from './apply-case-action.ts';

/**
 * Folds a whole log (seq 1..n, in order). Throws a `CaseLogError` naming the first record the
 * rules refuse: a stored log that does not replay is a fault to surface, never to skip.
 */
export function foldCase(records: readonly CaseActionRecord[]): CaseState {
  let state: CaseState | null = null;
  for (const record of records) {
    const result = applyCaseAction(state, record);
    if (!result.ok) throw new CaseLogError(record.seq, result.code, result.message);
    state = result.state;
  }
  if (!state) {
    throw new CaseLogError(
      1,
      'opened_first',
      'Ärendeloggen är tom: ett ärende börjar med att det öppnas.',
    );
  }
  return state;
}
