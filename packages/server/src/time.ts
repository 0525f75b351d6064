// Calendar days in Swedish time: a "today" for rules is the date in Europe/Stockholm.
const STOCKHOLM_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day (YYYY-MM-DD) that `instant` falls on in Sweden. */
export function stockholmDate(instant: Date): string {
  return STOCKHOLM_DATE.format(instant);
}
