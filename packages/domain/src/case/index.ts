// Public surface of the case log: actions, state, rules and the moves a case allows next.
export * from './case-actions.ts';
export * from './case-state.ts';
export * from './case-rule-codes.ts';
export { appendCaseAction, applyCaseAction, type CaseActionResult } from './apply-case-action.ts';
export { foldCase } from './fold-case.ts';
export { allowedNextActions } from './allowed-next-actions.ts';
export { isFirstVisitOverdue } from './first-visit.ts';
// Calendar days and instants are checked the same way everywhere (case log, payment files).
export { addDays, isInstant, isPlainDate } from './case-dates.ts';
