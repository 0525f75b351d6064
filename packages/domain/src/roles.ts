// Staff roles, relations to a person and protection levels: the vocabulary of need-to-know.

export const STAFF_ROLES = [
  'reception_officer',
  'social_worker',
  'benefit_officer',
  'supervisor',
  'unit_manager',
  'fut_investigator',
  'internal_auditor',
  'administrator',
  'jobbtorg_coach',
  'management',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export function isStaffRole(value: string): value is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(value);
}

/**
 * A user's relation to a person, strongest first: assigned officer on an open case, the case's
 * group, the case's unit, a unit that serves the person's home district, or none.
 */
export const RELATIONS = ['assigned', 'same_group', 'same_unit', 'serving_unit', 'none'] as const;
export type Relation = (typeof RELATIONS)[number];

const RELATION_STRENGTH: Record<Relation, number> = {
  assigned: 4,
  same_group: 3,
  same_unit: 2,
  serving_unit: 1,
  none: 0,
};

/** The relation a strength (4 = assigned … 0 = none) stands for; SQL computes strengths. */
export function relationFromStrength(strength: number): Relation {
  return RELATIONS.find((relation) => RELATION_STRENGTH[relation] === strength) ?? 'none';
}

export function relationAtLeast(relation: Relation, minimum: Relation): boolean {
  return RELATION_STRENGTH[relation] >= RELATION_STRENGTH[minimum];
}

/**
 * Protection of a person's data in the population register (Socialstyrelsen: three levels;
 * fingerade personuppgifter is a new identity and handled as an ordinary person).
 */
export const PROTECTION_LEVELS = ['none', 'sekretessmarkering', 'skyddad_folkbokforing'] as const;
export type ProtectionLevel = (typeof PROTECTION_LEVELS)[number];

export function isProtected(level: ProtectionLevel): boolean {
  return level !== 'none';
}
