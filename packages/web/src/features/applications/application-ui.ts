// Small helpers of the application and decision pages: whole kronor, months, paths and names.

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
/** The largest amount the calculation takes for one cost or income. */
const MAX_KRONOR = 10_000_000;

/** Whole kronor typed by a person ("6 500", "6500") or null when it is not a whole amount. */
export function parseKronor(text: string): number | null {
  const compact = text.replace(/[\s\u00a0]/g, '').replace(/kr$/i, '');
  if (!/^\d{1,9}$/.test(compact)) return null;
  const value = Number(compact);
  return value <= MAX_KRONOR ? value : null;
}

export const applicationPath = (caseId: string, applicationId: string) =>
  `/arenden/${caseId}/ansokningar/${applicationId}`;
export const decisionPath = (caseId: string, decisionId: string) =>
  `/arenden/${caseId}/beslut/${decisionId}`;

/**
 * The engine names household members by id in parentheses ("barn 7–10 år (<id>)"); the page
 * names them by first name instead, as the decision letter does.
 */
export function nameMembers(
  label: string,
  members: readonly { personId: string; name: string }[],
): string {
  let named = label;
  for (const member of members) {
    const first = member.name.split(' ')[0] ?? member.name;
    named = named.replaceAll(`(${member.personId})`, `(${first})`);
  }
  // A member the page has no name for (the decision view names only the children) is left out.
  return named.replace(/\s*\([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\)/g, '');
}
