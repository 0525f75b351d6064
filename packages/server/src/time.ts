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

const STOCKHOLM_PARTS = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

/** `instant` as Swedish local time with its offset, to the second: `2026-02-24T09:05:00+01:00`. */
export function stockholmDateTime(instant: Date): string {
  const parts = Object.fromEntries(
    STOCKHOLM_PARTS.formatToParts(instant).map((part) => [part.type, part.value]),
  );
  const offset = (parts.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00';
  return `${parts.year ?? ''}-${parts.month ?? ''}-${parts.day ?? ''}T${parts.hour ?? ''}:${parts.minute ?? ''}:${parts.second ?? ''}${offset}`;
}
