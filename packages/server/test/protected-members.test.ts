// A protected household member is named only to readers the need-to-know policy lets see them.
import { describe, expect, it } from 'vitest';
import { RELATIONS, STAFF_ROLES, decidePersonAction } from '@skyddsnat/domain';
import type { CaseAccess } from '../src/http/access-control.ts';
import {
  PROTECTED_MEMBER_NAME,
  maskProtectedMembers,
} from '../src/modules/cases/protected-members.ts';

function access(relation: (typeof RELATIONS)[number]): CaseAccess {
  return {
    caseId: 'c',
    personId: 'p',
    municipalityId: 'm',
    status: 'open',
    relation,
    protection: 'none',
    hasProtectedDataGrant: true,
    decision: { allowed: true, basis: 'test', purposeRequired: false },
    purpose: 'test',
  };
}

describe('protected household members', () => {
  it('are named exactly when the policy would show the person, for every role and relation', () => {
    const members = [
      { name: 'Öppen Person', protection: 'none' },
      { name: 'Skyddad Person', protection: 'skyddad_folkbokforing' },
      { name: 'Markerad Person', protection: 'sekretessmarkering' },
    ];
    for (const role of STAFF_ROLES) {
      for (const relation of RELATIONS) {
        const shown = maskProtectedMembers(members, [role], access(relation));
        expect(shown[0]?.name).toBe('Öppen Person');
        for (const [i, member] of members.entries()) {
          if (member.protection === 'none') continue;
          const allowed = decidePersonAction([role], 'person.read', {
            relation,
            protection: member.protection as 'skyddad_folkbokforing',
            hasProtectedDataGrant: false,
          }).allowed;
          expect(shown[i]?.name, `${role} ${relation}`).toBe(
            allowed ? member.name : PROTECTED_MEMBER_NAME,
          );
        }
      }
    }
    // Fixed points, independent of the policy code: the handling unit sees the name, a serving
    // unit or no relation does not, a role outside casework never does.
    const name = (role: (typeof STAFF_ROLES)[number], relation: (typeof RELATIONS)[number]) =>
      maskProtectedMembers(members, [role], access(relation))[1]?.name;
    expect(name('social_worker', 'assigned')).toBe('Skyddad Person');
    expect(name('benefit_officer', 'same_unit')).toBe('Skyddad Person');
    expect(name('social_worker', 'serving_unit')).toBe(PROTECTED_MEMBER_NAME);
    expect(name('reception_officer', 'none')).toBe(PROTECTED_MEMBER_NAME);
    expect(name('administrator', 'same_unit')).toBe(PROTECTED_MEMBER_NAME);
    // The case's grant (for its applicant) never unmasks another member.
    expect(maskProtectedMembers(members, ['social_worker'], access('serving_unit'))[1]?.name).toBe(
      PROTECTED_MEMBER_NAME,
    );
  });
});
