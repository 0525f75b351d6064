// The first records of a case log (opened, optionally an officer assigned), validated by the
// domain fold, for places that create cases in bulk (demo data, test fixtures).
import {
  appendCaseAction,
  type CaseAction,
  type CaseActionRecord,
  type CaseOfficerRole,
  type ContactChannel,
} from '@skyddsnat/domain';

export interface InitialCase {
  districtId: string;
  unitId: string;
  groupId: string | null;
  openedBy: string;
  at: Date;
  channel?: ContactChannel;
  officer?: { userId: string; role: CaseOfficerRole } | undefined;
  /** Closes the case right away (history in demo data and fixtures). */
  closedReason?:
    'work' | 'studies' | 'other_benefit' | 'moved' | 'no_longer_in_need' | 'deceased' | undefined;
}

export function initialCaseLog(spec: InitialCase): CaseActionRecord[] {
  const at = spec.at.toISOString();
  const actions: CaseAction[] = [
    {
      type: 'opened',
      at,
      by: spec.openedBy,
      districtId: spec.districtId,
      unitId: spec.unitId,
      groupId: spec.groupId,
      channel: spec.channel ?? 'visit',
    },
  ];
  if (spec.officer)
    actions.push({
      type: 'officer_assigned',
      at,
      by: spec.openedBy,
      userId: spec.officer.userId,
      role: spec.officer.role,
    });
  if (spec.closedReason)
    actions.push({ type: 'closed', at, by: spec.openedBy, reason: spec.closedReason });
  const records: CaseActionRecord[] = [];
  let state = null;
  for (const action of actions) {
    const result = appendCaseAction(state, action);
    if (!result.ok) throw new Error(`Invalid initial case log: ${result.code} ${result.message}`);
    records.push(result.record);
    state = result.state;
  }
  return records;
}
