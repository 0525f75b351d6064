// Household members with protected identity are named only to readers the policy lets see them:
// a reader of the case by a weaker relation (a serving unit) sees that a protected person lives
// there, not who. Used wherever a case's household is shown (case, application, decision).
import { decidePersonAction, type ProtectionLevel, type StaffRole } from '@skyddsnat/domain';
import type { CaseAccess } from '../../http/access-control.ts';

export const PROTECTED_MEMBER_NAME = 'Person med skyddade personuppgifter';

export function mayNameMember(
  roles: readonly StaffRole[],
  access: CaseAccess,
  protection: string,
): boolean {
  if (protection === 'none') return true;
  const decision = decidePersonAction(roles, 'person.read', {
    relation: access.relation,
    protection: protection as ProtectionLevel,
    // A grant concerns one person; the case's grant is for its applicant, not for the others.
    hasProtectedDataGrant: false,
  });
  return decision.allowed;
}

/** The same list with the names a reader may not see replaced. */
export function maskProtectedMembers<T extends { name: string; protection: string }>(
  members: readonly T[],
  roles: readonly StaffRole[],
  access: CaseAccess,
): T[] {
  return members.map((member) =>
    mayNameMember(roles, access, member.protection)
      ? member
      : { ...member, name: PROTECTED_MEMBER_NAME },
  );
}
