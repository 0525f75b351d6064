// What the user's roles allow, from the shared domain policy: decides what the UI offers (the server decides access).
import { decideGeneralAction, decidePersonAction, type StaffRole } from '@skyddsnat/domain';

export interface Permissions {
  searchPersons: boolean;
  /** Only oversight roles (FUT, internal audit): every search and read needs a stated purpose. */
  purposeRequired: boolean;
  registerPerson: boolean;
  readAccessHistory: boolean;
  searchAccessLog: boolean;
  verifyAccessLog: boolean;
  administer: boolean;
  readChangeLog: boolean;
  /** Open a case (aktualisering) for a person. */
  openCase: boolean;
  /** "Mina ärenden": the cases the user is assigned to. */
  myCases: boolean;
  /** The unit's caseload (supervisors, unit managers). */
  caseload: boolean;
  /** Search the journals of the cases the user may read. */
  searchJournals: boolean;
  /** A journal search needs a stated purpose. */
  journalSearchPurposeRequired: boolean;
  /** Payment runs: the due payments, starting a run, bank files and status reports. */
  managePayments: boolean;
  /**
   * Attest a payment run. The server lets the same roles approve a payee's account (the second
   * pair of eyes), so the case page offers approval on this too.
   */
  attestPayments: boolean;
  /** The daily reconciliation of decided, planned, sent and confirmed amounts. */
  reconcilePayments: boolean;
  /** Cost per district committee (aggregates, no person). */
  readCosts: boolean;
  /** Enter or change a district's budget. */
  editBudgets: boolean;
}

export type Permission = Exclude<
  keyof Permissions,
  'purposeRequired' | 'journalSearchPurposeRequired'
>;

export function permissionsFor(roles: readonly StaffRole[]): Permissions {
  const general = (action: Parameters<typeof decideGeneralAction>[1]) =>
    decideGeneralAction(roles, action);
  const search = general('person.search');
  const journalSearch = general('journal.search');
  // Whether any relation at all could give access history; the server checks the actual person.
  const history = decidePersonAction(roles, 'person.access_history', {
    relation: 'assigned',
    protection: 'none',
    hasProtectedDataGrant: false,
  });
  return {
    searchPersons: search.allowed,
    purposeRequired: search.allowed && search.purposeRequired,
    registerPerson: general('person.register').allowed,
    readAccessHistory: history.allowed,
    searchAccessLog: general('access_log.search').allowed,
    verifyAccessLog: general('access_log.verify').allowed,
    administer: general('admin.organisation').allowed && general('admin.staff').allowed,
    readChangeLog: general('change_log.read').allowed,
    openCase: general('case.open').allowed,
    myCases: general('caseload.own').allowed,
    caseload: general('caseload.unit').allowed,
    searchJournals: journalSearch.allowed,
    journalSearchPurposeRequired: journalSearch.allowed && journalSearch.purposeRequired,
    managePayments: general('payment.manage').allowed,
    attestPayments: general('payment.attest').allowed,
    reconcilePayments: general('payment.reconcile').allowed,
    readCosts: general('costs.read').allowed,
    editBudgets: general('budget.edit').allowed,
  };
}
