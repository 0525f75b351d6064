// Shared helpers for the case tests: building actions and appending them with loud failures.
import {
  appendCaseAction,
  type CaseAction,
  type CaseActionPayload,
  type CaseOpenedAction,
  type CaseRuleCode,
  type CaseState,
  type CorrectedAction,
} from '../../src/index.ts';

/** What a test writes: an action without who and when, a correction included. */
export type ActionBody = CaseActionPayload | Omit<CorrectedAction, 'at' | 'by'>;

/** An instant at `time` UTC on `date`; in March before the 30th Stockholm is UTC+1. */
export function on(date: string, time = '09:00'): string {
  return `${date}T${time}:00Z`;
}

export function act(body: ActionBody, at: string, by = 'u-anna'): CaseAction {
  return { ...body, at, by };
}

/** Appends and returns the new state; throws with the refusal if the rules refused. */
export function accept(state: CaseState | null, body: ActionBody, at: string, by?: string) {
  const result = appendCaseAction(state, act(body, at, by));
  if (!result.ok) throw new Error(`expected acceptance, got ${result.code}: ${result.message}`);
  return result.state;
}

/** The code of the refusal; throws if the rules accepted. */
export function refusal(
  state: CaseState | null,
  body: ActionBody,
  at: string,
  by?: string,
): CaseRuleCode {
  const result = appendCaseAction(state, act(body, at, by));
  if (result.ok) throw new Error(`expected a refusal of ${body.type}, but it was accepted`);
  return result.code;
}

export const OPENING: CaseActionPayload<CaseOpenedAction> = {
  type: 'opened',
  districtId: 'kungsholmen',
  unitId: 'fse-ostermalm',
  groupId: 'mottagning',
  channel: 'phone',
};

/** A case opened on Monday 3 March 2025 at 10:00 Stockholm time; its deadline is 17 March. */
export function openCase(): CaseState {
  return accept(null, OPENING, on('2025-03-03'), 'u-reception');
}

/**
 * Independent of the code under test: Date.UTC does the calendar for the oracle. Only for years
 * 100–9999, since Date.UTC reads 0–99 as 1900–1999.
 */
export function oracleAddDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
}
