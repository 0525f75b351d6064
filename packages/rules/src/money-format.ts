// Swedish formatting of money for decision letters: "11 680 kr", "436,67 kr".

// A no-break space keeps "11 680 kr" on one line in a printed letter.
const NBSP = '\u00a0';

function groupThousands(digits: string): string {
  // Swedish practice writes four-digit amounts with a space too ("3 292 kr", Socialstyrelsen).
  if (digits.length <= 3) return digits;
  let out = '';
  for (let index = 0; index < digits.length; index += 1) {
    if (index > 0 && (digits.length - index) % 3 === 0) out += NBSP;
    out += digits.charAt(index);
  }
  return out;
}

/** Whole kronor as Swedish text: `formatKronor(11680)` → "11 680 kr" (no-break spaces). */
export function formatKronor(kronor: number): string {
  const sign = kronor < 0 ? '−' : '';
  return `${sign}${groupThousands(String(Math.abs(Math.trunc(kronor))))}${NBSP}kr`;
}

/** Öre as Swedish kronor with a decimal comma: `formatOre(43667)` → "436,67 kr". */
export function formatOre(ore: number): string {
  const sign = ore < 0 ? '−' : '';
  const absolute = Math.abs(Math.trunc(ore));
  const kronor = Math.floor(absolute / 100);
  const rest = absolute - kronor * 100;
  if (rest === 0) return `${sign}${groupThousands(String(kronor))}${NBSP}kr`;
  return `${sign}${groupThousands(String(kronor))},${String(rest).padStart(2, '0')}${NBSP}kr`;
}
