// Which bank a Swedish clearing number belongs to, and how that bank's account numbers are checked.
//
// Source: Bankgirot, "Bankernas kontonummer" (bankernaskontonummeruppbyggnad_anvandarmanual_sv.pdf,
// the edition of 2023-11-07 and the one before it), as compiled machine-readably with
// Bankinfrastruktur (BSAB) data in github.com/Bankinfrastruktur/BankData, files Data/source.psv and
// Data/Bankgirot.txt. The ranges of Aion, Lunar and Riksgälden are only in Bankgirot's document.
// Review the table once a year against Bankgirot's current edition.

/**
 * How the check digit of an account is computed (Bankgirot's "typ" and "kommentar"):
 * - `type1_comment1`: 11-modul over the last three digits of the clearing number and the seven
 *   account digits (weights 1–10 from the right);
 * - `type1_comment2`: 11-modul over all four clearing digits and the seven account digits;
 * - `type2_comment1`: 10-modul over the account number, zero-padded to ten digits;
 * - `type2_comment2`: 11-modul over the account number, zero-padded to nine digits (Handelsbanken);
 * - `type2_comment3`: 10-modul over the account number (Swedbank 8xxx-x, whose five-digit clearing
 *   number also ends in its own 10-modul check digit; Nordea's Plusgirot clearing numbers).
 */
export type CheckDigitRule =
  'type1_comment1' | 'type1_comment2' | 'type2_comment1' | 'type2_comment2' | 'type2_comment3';

export type SwedishBankRange = {
  /** First and last four-digit clearing number of the range, inclusive. */
  readonly from: number;
  readonly to: number;
  readonly bankName: string;
  readonly rule: CheckDigitRule;
  /** Digits of the account number after the clearing number: fewest accepted, and the full length. */
  readonly accountMinLength: number;
  readonly accountLength: number;
};

function range(
  from: number,
  to: number,
  bankName: string,
  rule: CheckDigitRule,
  accountMinLength = 7,
  accountLength = rule.startsWith('type1') ? 7 : rule === 'type2_comment2' ? 9 : 10,
): SwedishBankRange {
  return { from, to, bankName, rule, accountMinLength, accountLength };
}

/** Every clearing range in Bankgirot's list, in clearing-number order. */
export const SWEDISH_BANK_RANGES: readonly SwedishBankRange[] = [
  range(1100, 1199, 'Nordea', 'type1_comment1'),
  range(1200, 1399, 'Danske Bank', 'type1_comment1'),
  range(1400, 2099, 'Nordea', 'type1_comment1'),
  range(2300, 2399, 'Ålandsbanken', 'type1_comment2'),
  range(2400, 2499, 'Danske Bank', 'type1_comment1'),
  range(3000, 3299, 'Nordea', 'type1_comment1'),
  // Personkonto: the account number is the holder's ten-digit personnummer.
  range(3300, 3300, 'Nordea (personkonto)', 'type2_comment1', 10, 10),
  range(3301, 3399, 'Nordea', 'type1_comment1'),
  range(3400, 3409, 'Länsförsäkringar Bank', 'type1_comment1'),
  range(3410, 3781, 'Nordea', 'type1_comment1'),
  // 3782 reaches the same personkonton as 3300; some banks no longer accept it.
  range(3782, 3782, 'Nordea (personkonto)', 'type2_comment1', 10, 10),
  range(3783, 3999, 'Nordea', 'type1_comment1'),
  range(4000, 4999, 'Nordea', 'type1_comment2'),
  range(5000, 5999, 'SEB', 'type1_comment1'),
  range(6000, 6999, 'Handelsbanken', 'type2_comment2'),
  range(7000, 7999, 'Swedbank', 'type1_comment1'),
  range(8000, 8999, 'Swedbank', 'type2_comment3'),
  range(9020, 9029, 'Länsförsäkringar Bank', 'type1_comment2'),
  range(9040, 9049, 'Citibank', 'type1_comment2'),
  range(9060, 9069, 'Länsförsäkringar Bank', 'type1_comment1'),
  range(9070, 9079, 'Multitude Bank', 'type1_comment1'),
  range(9100, 9109, 'Nordnet Bank', 'type1_comment2'),
  range(9120, 9124, 'SEB', 'type1_comment1'),
  range(9130, 9149, 'SEB', 'type1_comment1'),
  range(9150, 9169, 'Skandiabanken', 'type1_comment2'),
  range(9170, 9179, 'Ikano Bank', 'type1_comment1'),
  range(9180, 9189, 'Danske Bank', 'type2_comment1'),
  range(9190, 9199, 'DNB Bank', 'type1_comment2'),
  range(9230, 9239, 'Marginalen Bank', 'type1_comment1'),
  range(9250, 9259, 'SBAB Bank', 'type1_comment1'),
  range(9260, 9269, 'DNB Bank', 'type1_comment2'),
  range(9270, 9279, 'ICA Banken', 'type1_comment1'),
  range(9280, 9289, 'Resurs Bank', 'type1_comment1'),
  range(9300, 9349, 'Swedbank', 'type2_comment1'),
  range(9390, 9399, 'Landshypotek', 'type1_comment2'),
  range(9400, 9449, 'Forex Bank', 'type1_comment1'),
  range(9460, 9469, 'Santander Consumer Bank', 'type1_comment1'),
  range(9470, 9479, 'BNP Paribas', 'type1_comment2'),
  range(9500, 9549, 'Nordea (Plusgirot)', 'type2_comment3'),
  range(9550, 9569, 'Avanza Bank', 'type1_comment2'),
  // Sparbanken Syd uses only 9570; its account numbers may be written with as few as five digits.
  range(9570, 9579, 'Sparbanken Syd', 'type2_comment1', 5),
  range(9580, 9589, 'Aion Bank', 'type1_comment1'),
  range(9590, 9599, 'Erik Penser Bank', 'type1_comment2'),
  range(9630, 9639, 'Lån & Spar Bank', 'type1_comment1'),
  range(9640, 9649, 'NOBA Bank Group', 'type1_comment2'),
  range(9660, 9669, 'Svea Bank', 'type1_comment2'),
  range(9670, 9679, 'JAK Medlemsbank', 'type1_comment2'),
  range(9680, 9689, 'Bluestep Finans', 'type1_comment1'),
  range(9700, 9709, 'Ekobanken', 'type1_comment2'),
  range(9710, 9719, 'Lunar Bank', 'type1_comment2'),
  range(9750, 9759, 'Northmill Bank', 'type1_comment2'),
  range(9780, 9789, 'Klarna Bank', 'type1_comment2'),
  range(9880, 9889, 'Riksgälden', 'type1_comment2'),
  range(9890, 9899, 'Riksgälden', 'type2_comment1'),
  range(9960, 9969, 'Nordea (Plusgirot)', 'type2_comment3'),
];

/** The range a four-digit clearing number falls in, or undefined when no bank uses it. */
export function findSwedishBankRange(clearing4: number): SwedishBankRange | undefined {
  return SWEDISH_BANK_RANGES.find((entry) => clearing4 >= entry.from && clearing4 <= entry.to);
}
