// The one need-to-know policy: may this user do this action on this resource? Deny by default.
import type { ProtectionLevel, Relation, StaffRole } from './roles.ts';
import { isProtected, relationAtLeast } from './roles.ts';

/** Actions on one person's data. */
export const PERSON_ACTIONS = [
  'person.read',
  'person.read_address',
  'person.access_history',
  // A case is decided on its applicant's protection and the user's relation to that case.
  'case.read',
  'case.write',
] as const;
export type PersonAction = (typeof PERSON_ACTIONS)[number];

/** Actions that are not about one person. */
export const GENERAL_ACTIONS = [
  'session.self',
  'person.search',
  'person.register',
  'person.grant_protected',
  'calculation.run',
  'journal.search',
  'case.open',
  'caseload.own',
  'caseload.unit',
  'decision.prepare',
  'payment.manage',
  'payment.attest',
  'payment.reconcile',
  'costs.read',
  'budget.edit',
  'access_log.search',
  'access_log.verify',
  'admin.organisation',
  'admin.staff',
  'change_log.read',
] as const;
export type GeneralAction = (typeof GENERAL_ACTIONS)[number];

export type DenyReason =
  'role_missing' | 'no_relation' | 'protected_identity' | 'protected_address';

export type Decision =
  | { allowed: true; basis: string; purposeRequired: boolean }
  | { allowed: false; reason: DenyReason };

export interface PersonAccessContext {
  relation: Relation;
  protection: ProtectionLevel;
  /** An explicit, valid grant to see this protected person's address and identity. */
  hasProtectedDataGrant: boolean;
}

/** Roles that work cases in units: their access follows their relation to the person. */
const CASEWORK_ROLES: readonly StaffRole[] = [
  'reception_officer',
  'social_worker',
  'benefit_officer',
  'supervisor',
  'unit_manager',
];
/** Roles that oversee the whole municipality: access needs a stated purpose on every read. */
const OVERSIGHT_ROLES: readonly StaffRole[] = ['fut_investigator', 'internal_auditor'];
/** Who may see who has looked at a person. */
const ACCESS_HISTORY_ROLES: readonly StaffRole[] = [
  'supervisor',
  'unit_manager',
  'internal_auditor',
];

const deny = (reason: DenyReason): Decision => ({ allowed: false, reason });

function decideForRole(role: StaffRole, action: PersonAction, ctx: PersonAccessContext): Decision {
  if (action === 'person.access_history' && !ACCESS_HISTORY_ROLES.includes(role)) {
    return deny('role_missing');
  }
  const oversight = OVERSIGHT_ROLES.includes(role);
  if (!oversight && !CASEWORK_ROLES.includes(role)) return deny('role_missing');
  if (action === 'case.write') {
    // Only the unit handling the case writes in it (or someone given an explicit grant).
    if (oversight) return deny('role_missing');
    if (relationAtLeast(ctx.relation, 'same_unit') || ctx.hasProtectedDataGrant) {
      return { allowed: true, basis: `relation:${ctx.relation}`, purposeRequired: false };
    }
    return deny(isProtected(ctx.protection) ? 'protected_identity' : 'no_relation');
  }

  const protectedPerson = isProtected(ctx.protection);
  if (action === 'person.read_address' && protectedPerson && !ctx.hasProtectedDataGrant) {
    return deny('protected_address');
  }
  if (oversight) {
    return { allowed: true, basis: `role:${role}`, purposeRequired: true };
  }
  if (protectedPerson) {
    // A protected person is visible to the unit that handles their case, or by explicit grant.
    if (ctx.hasProtectedDataGrant) return { allowed: true, basis: 'grant', purposeRequired: false };
    if (relationAtLeast(ctx.relation, 'same_unit')) {
      return { allowed: true, basis: `relation:${ctx.relation}`, purposeRequired: false };
    }
    return deny(
      relationAtLeast(ctx.relation, 'serving_unit') ? 'protected_identity' : 'no_relation',
    );
  }
  if (relationAtLeast(ctx.relation, 'serving_unit')) {
    return { allowed: true, basis: `relation:${ctx.relation}`, purposeRequired: false };
  }
  return deny('no_relation');
}

// Most specific reason first, so a 403 tells the user what is actually missing.
const REASON_ORDER: readonly DenyReason[] = [
  'protected_address',
  'protected_identity',
  'no_relation',
  'role_missing',
];

/**
 * Decides a person action for a user holding `roles`. Any role that allows wins; a basis that
 * needs no stated purpose is preferred over one that does.
 */
export function decidePersonAction(
  roles: readonly StaffRole[],
  action: PersonAction,
  ctx: PersonAccessContext,
): Decision {
  const decisions = roles.map((role) => decideForRole(role, action, ctx));
  const allowed = decisions.filter((d) => d.allowed);
  const withoutPurpose = allowed.find((d) => !d.purposeRequired);
  if (withoutPurpose) return withoutPurpose;
  if (allowed[0]) return allowed[0];
  const reasons = decisions.flatMap((d) => (d.allowed ? [] : [d.reason]));
  return deny(REASON_ORDER.find((reason) => reasons.includes(reason)) ?? 'role_missing');
}

const GENERAL_ACTION_ROLES: Record<GeneralAction, readonly StaffRole[] | 'any'> = {
  'session.self': 'any',
  'person.search': [...CASEWORK_ROLES, ...OVERSIGHT_ROLES],
  'person.register': CASEWORK_ROLES,
  'person.grant_protected': ['unit_manager'],
  // A calculation stores nothing and reveals nobody: everyone who works with cases may run one.
  'calculation.run': [...CASEWORK_ROLES, ...OVERSIGHT_ROLES],
  // Hits are filtered note by note through the case policy.
  'journal.search': CASEWORK_ROLES,
  'case.open': CASEWORK_ROLES,
  'caseload.own': CASEWORK_ROLES,
  'caseload.unit': ['supervisor', 'unit_manager'],
  // Prepares drafts for the whole month; nothing is revealed in the response but counts.
  'decision.prepare': ['benefit_officer', 'social_worker', 'supervisor', 'unit_manager'],
  // Payment runs and bank files; the lines reveal payees and amounts, not case contents.
  'payment.manage': ['benefit_officer', 'supervisor', 'unit_manager'],
  // Attest is four-eyes: two different users holding one of these roles.
  'payment.attest': ['benefit_officer', 'supervisor', 'unit_manager'],
  'payment.reconcile': ['benefit_officer', 'supervisor', 'unit_manager', 'internal_auditor'],
  // Cost per district is aggregated: no person is identified.
  'costs.read': ['management', 'unit_manager', 'supervisor', 'internal_auditor'],
  'budget.edit': ['management', 'unit_manager'],
  'access_log.search': ['supervisor', 'unit_manager', 'internal_auditor'],
  'access_log.verify': ['internal_auditor', 'administrator'],
  'admin.organisation': ['administrator'],
  'admin.staff': ['administrator'],
  'change_log.read': ['administrator', 'internal_auditor'],
};

export function decideGeneralAction(roles: readonly StaffRole[], action: GeneralAction): Decision {
  const allowedRoles = GENERAL_ACTION_ROLES[action];
  if (allowedRoles === 'any')
    return { allowed: true, basis: 'authenticated', purposeRequired: false };
  const role = roles.find((candidate) => allowedRoles.includes(candidate));
  if (!role) return deny('role_missing');
  const purposeRequired =
    action === 'person.search' && !roles.some((r) => CASEWORK_ROLES.includes(r));
  return { allowed: true, basis: `role:${role}`, purposeRequired };
}

/** How a person shows in a search result list. */
export type SearchHitVisibility = 'full' | 'restricted' | 'hidden';

/**
 * A protected person never appears by name to someone who may not read them; an exact
 * personnummer match shows a restricted hit (number and protection marking only) so that
 * staff do not register the person twice, but only to those otherwise entitled to the person.
 */
export function decideSearchHit(
  roles: readonly StaffRole[],
  ctx: PersonAccessContext,
  exactIdentifierMatch: boolean,
): SearchHitVisibility {
  const read = decidePersonAction(roles, 'person.read', ctx);
  if (read.allowed) return 'full';
  if (read.reason === 'protected_identity' && exactIdentifierMatch) return 'restricted';
  return 'hidden';
}
