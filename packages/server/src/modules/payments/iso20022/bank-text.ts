// The characters a bank file may carry, how other text is brought into that set, and XML escaping.
//
// ISO 20022 payment messages are UTF-8, but the Swedish banks' implementation guides (the Swedish
// Common Interpretation of ISO 20022 payment messages) only promise to carry the "Latin character
// set" of the EPC/CGI guidelines:
//   a–z A–Z 0–9 / - ? : ( ) . , ' + and space
// plus the Swedish letters å ä ö Å Ä Ö. Our choice beyond that, so that names of real payees fit:
// - & < > " are allowed in names and texts and written as XML entities (&amp; &lt; &gt; &quot;);
// - other letters are transliterated: accents are dropped (é → e, ü → u, ñ → n) and a few
//   letters are spelled out (æ → ae, Æ → AE or Ae, ø → o, ß → ss, þ → th), typographic quotes and dashes
//   become ' " and -;
// - runs of white space (also line breaks and tabs) become one space, and the ends are trimmed;
// - anything else (Cyrillic, emoji, # % * _ @ …) is refused with a message naming the character,
//   rather than silently dropped: a payee's name must not change without someone seeing it.

const ALLOWED = /^[A-Za-z0-9/\-?:().,'+ ÅÄÖåäö&<>"]$/u;

const SPELLED_OUT: Readonly<Record<string, string>> = {
  Æ: 'AE',
  æ: 'ae',
  Ø: 'O',
  ø: 'o',
  Œ: 'OE',
  œ: 'oe',
  ß: 'ss',
  ẞ: 'SS',
  Ð: 'D',
  ð: 'd',
  Đ: 'D',
  đ: 'd',
  Þ: 'TH',
  þ: 'th',
  Ł: 'L',
  ł: 'l',
  ı: 'i',
  '‘': "'",
  '’': "'",
  '‚': "'",
  '‛': "'",
  ʼ: "'",
  '´': "'",
  '`': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '«': '"',
  '»': '"',
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '–': '-',
  '—': '-',
  '−': '-',
  '…': '...',
};

export type BankTextResult =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly character: string };

/**
 * `value` in the bank file's character set, transliterated as described above, or the first
 * character that has no place in it.
 */
export function toBankText(value: string): BankTextResult {
  const collapsed = value.normalize('NFC').replace(/\s+/gu, ' ').trim();
  const characters = Array.from(collapsed);
  let text = '';
  for (const [index, character] of characters.entries()) {
    if (ALLOWED.test(character)) {
      text += character;
      continue;
    }
    const spelled = SPELLED_OUT[character];
    if (spelled !== undefined) {
      // Æ in "Ærø" reads as "Ae"; in "ÆRØ" as "AE".
      const nextIsLower = /\p{Ll}/u.test(characters[index + 1] ?? '');
      text += nextIsLower ? `${spelled.slice(0, 1)}${spelled.slice(1).toLowerCase()}` : spelled;
      continue;
    }
    // é = e + combining acute: keep the base letter when it is allowed.
    const base = character.normalize('NFD').replace(/\p{M}/gu, '');
    if (base.length > 0 && Array.from(base).every((part) => ALLOWED.test(part))) {
      text += base;
      continue;
    }
    return { ok: false, character };
  }
  return { ok: true, text };
}

/** How a refused character is named in a message: the character and its code point. */
export function describeCharacter(character: string): string {
  const codePoint = character.codePointAt(0) ?? 0;
  const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
  return /\p{C}/u.test(character) ? `U+${hex}` : `"${character}" (U+${hex})`;
}

/** Text content and attribute values: the four characters XML gives a meaning. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
