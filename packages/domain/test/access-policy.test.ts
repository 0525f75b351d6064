// The need-to-know policy read as sentences; the generated HTTP matrix lives in the server tests.
import { describe, expect, it } from 'vitest';
import {
  decideGeneralAction,
  decidePersonAction,
  decideSearchHit,
  relationAtLeast,
  relationFromStrength,
  type PersonAccessContext,
} from '../src/index.ts';

const ordinary = (relation: PersonAccessContext['relation']): PersonAccessContext => ({
  relation,
  protection: 'none',
  hasProtectedDataGrant: false,
});
const shielded = (
  relation: PersonAccessContext['relation'],
  grant = false,
): PersonAccessContext => ({
  relation,
  protection: 'skyddad_folkbokforing',
  hasProtectedDataGrant: grant,
});

describe('need-to-know', () => {
  it('a social worker reads a person whose district their unit serves, and no one else', () => {
    expect(
      decidePersonAction(['social_worker'], 'person.read', ordinary('serving_unit')).allowed,
    ).toBe(true);
    expect(decidePersonAction(['social_worker'], 'person.read', ordinary('none'))).toEqual({
      allowed: false,
      reason: 'no_relation',
    });
  });

  it('a protected person is visible to the handling unit, but the address only with a grant', () => {
    expect(
      decidePersonAction(['social_worker'], 'person.read', shielded('same_unit')).allowed,
    ).toBe(true);
    expect(decidePersonAction(['social_worker'], 'person.read', shielded('serving_unit'))).toEqual({
      allowed: false,
      reason: 'protected_identity',
    });
    expect(
      decidePersonAction(['social_worker'], 'person.read_address', shielded('assigned')),
    ).toEqual({ allowed: false, reason: 'protected_address' });
    expect(
      decidePersonAction(['social_worker'], 'person.read_address', shielded('none', true)).allowed,
    ).toBe(true);
  });

  it('oversight roles read across the municipality but must state a purpose', () => {
    const decision = decidePersonAction(['internal_auditor'], 'person.read', ordinary('none'));
    expect(decision).toEqual({
      allowed: true,
      basis: 'role:internal_auditor',
      purposeRequired: true,
    });
  });

  it('administrators, management and Jobbtorg coaches never read persons', () => {
    for (const role of ['administrator', 'management', 'jobbtorg_coach'] as const) {
      expect(decidePersonAction([role], 'person.read', ordinary('assigned'))).toEqual({
        allowed: false,
        reason: 'role_missing',
      });
      expect(decideGeneralAction([role], 'person.search').allowed).toBe(false);
    }
  });

  it('with several roles, a basis that needs no purpose wins', () => {
    const decision = decidePersonAction(
      ['fut_investigator', 'social_worker'],
      'person.read',
      ordinary('assigned'),
    );
    expect(decision).toEqual({ allowed: true, basis: 'relation:assigned', purposeRequired: false });
  });

  it('a protected person shows as a restricted hit only on an exact personnummer to someone otherwise entitled', () => {
    expect(decideSearchHit(['reception_officer'], shielded('serving_unit'), true)).toBe(
      'restricted',
    );
    expect(decideSearchHit(['reception_officer'], shielded('serving_unit'), false)).toBe('hidden');
    expect(decideSearchHit(['reception_officer'], shielded('none'), true)).toBe('hidden');
    expect(decideSearchHit(['reception_officer'], shielded('same_group'), false)).toBe('full');
  });

  it('SQL relation strengths map back to relations, unknown strengths to none', () => {
    expect([4, 3, 2, 1, 0, 7].map(relationFromStrength)).toEqual([
      'assigned',
      'same_group',
      'same_unit',
      'serving_unit',
      'none',
      'none',
    ]);
  });

  it('relations are ordered from assigned down to none', () => {
    expect(relationAtLeast('assigned', 'same_unit')).toBe(true);
    expect(relationAtLeast('serving_unit', 'same_unit')).toBe(false);
    expect(relationAtLeast('none', 'none')).toBe(true);
  });
});
