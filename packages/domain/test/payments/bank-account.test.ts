// Tests for Swedish bank account validation: published account numbers, Bankgirot's clearing
// table, and generated numbers whose every single-digit error must be caught.
import { describe, expect, it } from 'vitest';
import {
  SWEDISH_BANK_RANGES,
  findSwedishBankRange,
  validateBankAccount,
  type AccountErrorCode,
  type CheckDigitRule,
  type SwedishBankRange,
  type ValidBankAccount,
} from '../../src/payments/index.ts';

// Independent check-digit arithmetic, written differently from the implementation on purpose.
function weightedMod11(digits: string): number {
  const weights = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  return Array.from(digits)
    .reverse()
    .reduce((sum, digit, index) => sum + Number(digit) * (weights[index % 10] ?? 0), 0);
}
function luhnSum(digits: string): number {
  return Array.from(digits)
    .reverse()
    .reduce((sum, digit, index) => {
      const doubled = index % 2 === 1 ? Number(digit) * 2 : Number(digit);
      return sum + Math.floor(doubled / 10) + (doubled % 10);
    }, 0);
}
function luhnDigit(payload: string): string {
  for (let digit = 0; digit <= 9; digit += 1) {
    if (luhnSum(`${payload}${digit}`) % 10 === 0) return String(digit);
  }
  throw new Error('unreachable');
}
function mod11Digit(payload: string): string | null {
  for (let digit = 0; digit <= 9; digit += 1) {
    if (weightedMod11(`${payload}${digit}`) % 11 === 0) return String(digit);
  }
  return null;
}

// A small seeded generator (mulberry32) so that failures reproduce.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function randomDigits(next: () => number, length: number): string {
  let digits = String(1 + Math.floor(next() * 9));
  while (digits.length < length) digits += String(Math.floor(next() * 10));
  return digits.slice(0, length);
}

/** A valid account in `bank`'s range, built with the independent arithmetic above. */
function generateAccount(next: () => number, bank: SwedishBankRange): [string, string] {
  for (;;) {
    const clearing4 = String(bank.from + Math.floor(next() * (bank.to - bank.from + 1)));
    const length =
      bank.accountMinLength + Math.floor(next() * (bank.accountLength - bank.accountMinLength + 1));
    const payload = randomDigits(next, length - 1);
    switch (bank.rule) {
      case 'type1_comment1':
      case 'type1_comment2': {
        const counted = bank.rule === 'type1_comment1' ? clearing4.slice(1) : clearing4;
        const check = mod11Digit(`${counted}${payload}`);
        if (check !== null) return [clearing4, `${payload}${check}`];
        break;
      }
      case 'type2_comment2': {
        const check = mod11Digit(payload);
        if (check !== null) return [clearing4, `${payload}${check}`];
        break;
      }
      case 'type2_comment1':
        return [clearing4, `${payload}${luhnDigit(payload)}`];
      case 'type2_comment3': {
        const clearing = clearing4.startsWith('8')
          ? `${clearing4}${luhnDigit(clearing4)}`
          : clearing4;
        return [clearing, `${payload}${luhnDigit(payload)}`];
      }
    }
  }
}

function valid(clearing: string, account: string): ValidBankAccount {
  const result = validateBankAccount(clearing, account);
  if (!result.ok) throw new Error(`${clearing}, ${account}: ${result.code}: ${result.message}`);
  return result.value;
}
function errorCode(clearing: string, account: string): AccountErrorCode {
  const result = validateBankAccount(clearing, account);
  if (result.ok)
    throw new Error(`${clearing}, ${account} was accepted as ${result.value.bankName}`);
  return result.code;
}
function replaceAt(text: string, index: number, digit: string): string {
  return `${text.slice(0, index)}${digit}${text.slice(index + 1)}`;
}

// Account numbers published by the banks themselves or Bankinfrastruktur (BSAB), as collected in
// the test suite of github.com/Bankinfrastruktur/BankData, with the IBAN each page gives.
const PUBLISHED: readonly {
  clearing: string;
  account: string;
  bankName: string;
  normalised: [string, string];
  rule: CheckDigitRule;
}[] = [
  // Bankinfrastruktur, "IBAN och svenskt nationellt kontonummer" (method 1, 2 and 3 examples).
  {
    clearing: '1274',
    account: '0235 305',
    bankName: 'Danske Bank',
    normalised: ['1274', '0235305'],
    rule: 'type1_comment1',
  },
  {
    clearing: '6114',
    account: '5171 82351',
    bankName: 'Handelsbanken',
    normalised: ['6114', '517182351'],
    rule: 'type2_comment2',
  },
  {
    clearing: '8327-9',
    account: '014 725 892-5',
    bankName: 'Swedbank',
    normalised: ['83279', '0147258925'],
    rule: 'type2_comment3',
  },
  // Danske Bank's IBAN help page.
  {
    clearing: '1294',
    account: '01 45237',
    bankName: 'Danske Bank',
    normalised: ['1294', '0145237'],
    rule: 'type1_comment1',
  },
  // Nordea account structure document and a Nordea company account in a prospectus.
  {
    clearing: '549 1',
    account: '000 0003',
    bankName: 'SEB',
    normalised: ['5491', '0000003'],
    rule: 'type1_comment1',
  },
  {
    clearing: '3473',
    account: '17 01473',
    bankName: 'Nordea',
    normalised: ['3473', '1701473'],
    rule: 'type1_comment1',
  },
  // Nordea personkonto: the account number is a personnummer.
  {
    clearing: '3300',
    account: '101010-1010',
    bankName: 'Nordea (personkonto)',
    normalised: ['3300', '1010101010'],
    rule: 'type2_comment1',
  },
  // SEB's IBAN page and a SEB account from bank.codes.
  {
    clearing: '5140',
    account: '0010004',
    bankName: 'SEB',
    normalised: ['5140', '0010004'],
    rule: 'type1_comment1',
  },
  {
    clearing: '5839',
    account: '8257466',
    bankName: 'SEB',
    normalised: ['5839', '8257466'],
    rule: 'type1_comment1',
  },
  // iban.se's IBAN checker (Swedbank, seven-digit account).
  {
    clearing: '81034',
    account: '978 3242',
    bankName: 'Swedbank',
    normalised: ['81034', '0009783242'],
    rule: 'type2_comment3',
  },
  // Länsförsäkringar Jämtland press page.
  {
    clearing: '9022',
    account: '11 14884',
    bankName: 'Länsförsäkringar Bank',
    normalised: ['9022', '1114884'],
    rule: 'type1_comment2',
  },
  // Citibank, in a Schwab document.
  {
    clearing: '9040',
    account: '1106944',
    bankName: 'Citibank',
    normalised: ['9040', '1106944'],
    rule: 'type1_comment2',
  },
  // DNB's IBAN calculator.
  {
    clearing: '9190',
    account: '6543218',
    bankName: 'DNB Bank',
    normalised: ['9190', '6543218'],
    rule: 'type1_comment2',
  },
  // Sparbanken Syd, written short and in full.
  {
    clearing: '9570',
    account: '525 004 176 0',
    bankName: 'Sparbanken Syd',
    normalised: ['9570', '5250041760'],
    rule: 'type2_comment1',
  },
  {
    clearing: '9570',
    account: '12344',
    bankName: 'Sparbanken Syd',
    normalised: ['9570', '0000012344'],
    rule: 'type2_comment1',
  },
];

describe('validateBankAccount: published account numbers', () => {
  it.each(PUBLISHED)('accepts $clearing, $account ($bankName)', (example) => {
    const account = valid(example.clearing, example.account);
    expect([account.clearing, account.account]).toEqual(example.normalised);
    expect(account.bankName).toBe(example.bankName);
    expect(account.rule).toBe(example.rule);
    expect(account.bban).toBe(`${example.normalised[0].slice(0, 4)}${example.normalised[1]}`);
  });

  it('shows a Swedbank 8xxx-x clearing number with its check digit after a hyphen', () => {
    expect(valid('83279', '0147258925').display).toBe('8327-9, 0147258925');
    expect(valid('6114', '517182351').display).toBe('6114, 517182351');
  });

  it('accepts the same Nordea personkonto under 3782', () => {
    expect(valid('3782', '1010101010').bankName).toBe('Nordea (personkonto)');
  });

  it('ignores spaces, hyphens, dots, typographic dashes and no-break spaces', () => {
    const expected = valid('8327-9', '014 725 892-5');
    for (const [clearing, account] of [
      ['83279', '0147258925'],
      [' 8327 – 9 ', '014.725.892–5'],
      ['8327\u00a09', '014\u00a0725\u00a0892-5'],
    ] as const) {
      expect(valid(clearing, account)).toEqual(expected);
    }
  });

  it('drops surplus leading zeros but never pads a seven-digit account number', () => {
    expect(valid('5140', '000010004').account).toBe('0010004');
    expect(errorCode('5140', '10004')).toBe('account_length');
  });
});

describe('validateBankAccount: refusals', () => {
  it.each([
    ['9272', '1829751', 'account_check_digit'], // ICA Banken, wrong check digit
    ['6789', '123456788', 'account_check_digit'], // Handelsbanken, wrong check digit
    ['1234', '3456789', 'account_check_digit'], // Danske Bank, wrong check digit
    ['8327-9', '014 725 892-6', 'account_check_digit'], // Swedbank, wrong account check digit
    ['83270', '123456782', 'clearing_check_digit'], // Swedbank's fifth clearing digit wrong
    ['8327', '123456782', 'clearing_length'], // Swedbank 8xxx without its fifth digit
    ['64040', '123456782', 'clearing_length'], // five digits outside Swedbank's 8-series
    ['123', '1234567', 'clearing_length'],
    ['', '1234567', 'clearing_length'],
    ['2134', '1234567', 'clearing_unknown'], // 2100–2299 belongs to no bank
    ['9999', '0123454', 'clearing_unknown'],
    ['0999', '0123454', 'clearing_unknown'],
    ['9272', '182975', 'account_length'], // ICA: seven digits
    ['9272', '18297523', 'account_length'],
    ['3300', '12344', 'account_length'], // personkonto: a whole personnummer
    ['6114', '', 'account_length'],
    ['5140', '0000000', 'account_check_digit'], // passes 11-modul, but no account is all zeros
    ['51A0', '0010004', 'invalid_characters'],
    ['5140', '001/0004', 'invalid_characters'],
  ] as const)('refuses %s, %s with %s', (clearing, account, code) => {
    expect(errorCode(clearing, account)).toBe(code);
  });

  it('explains in Swedish, naming the bank and the expected length', () => {
    const result = validateBankAccount('6114', '5171');
    expect(result).toMatchObject({
      ok: false,
      code: 'account_length',
      message: 'Kontonumret hos Handelsbanken ska ha 7–9 siffror efter clearingnumret, men har 4.',
    });
    expect(validateBankAccount('9272', '182975')).toMatchObject({
      message: expect.stringContaining('fyll på med nollor') as unknown,
    });
  });
});

// Bankgirot's rule for which digits the check digit covers: for type 1 comment 1 the first clearing
// digit is not counted (3274 and 1274 share their check), for type 2 no clearing digit is.
function coveredClearingPositions(rule: CheckDigitRule, clearing: string): number[] {
  switch (rule) {
    case 'type1_comment1':
      return [1, 2, 3];
    case 'type1_comment2':
      return [0, 1, 2, 3];
    case 'type2_comment3':
      return clearing.length === 5 ? [0, 1, 2, 3, 4] : [];
    case 'type2_comment1':
    case 'type2_comment2':
      return [];
  }
}

function expectEverySingleDigitErrorCaught(clearing: string, account: string): void {
  const original = valid(clearing, account);
  // Every changed account digit must be caught: the bank, and so the rule, stays the same.
  for (let index = 0; index < original.account.length; index += 1) {
    for (let digit = 0; digit <= 9; digit += 1) {
      if (String(digit) === original.account[index]) continue;
      const changed = replaceAt(original.account, index, String(digit));
      expect(
        validateBankAccount(original.clearing, changed).ok,
        `${original.clearing}, ${changed}`,
      ).toBe(false);
    }
  }
  // A changed clearing digit must be caught when it is counted and the number stays under the same
  // rule; under another bank's rule the changed number is a different, possibly real, account.
  for (const index of coveredClearingPositions(original.rule, original.clearing)) {
    for (let digit = 0; digit <= 9; digit += 1) {
      if (String(digit) === original.clearing[index]) continue;
      const changed = replaceAt(original.clearing, index, String(digit));
      if (findSwedishBankRange(Number(changed.slice(0, 4)))?.rule !== original.rule) continue;
      expect(
        validateBankAccount(changed, original.account).ok,
        `${changed}, ${original.account}`,
      ).toBe(false);
    }
  }
}

describe('validateBankAccount: every single-digit error is caught', () => {
  it.each(PUBLISHED)('in $clearing, $account', (example) => {
    expectEverySingleDigitErrorCaught(example.clearing, example.account);
  });

  it('in 40 generated accounts for every clearing range of the table', () => {
    const next = random(20_260_125);
    for (const bank of SWEDISH_BANK_RANGES) {
      for (let round = 0; round < 40; round += 1) {
        const [clearing, account] = generateAccount(next, bank);
        const result = valid(clearing, account);
        expect(result.bankName).toBe(bank.bankName);
        expectEverySingleDigitErrorCaught(clearing, account);
      }
    }
  });

  it('catches every change of the fifth digit of a Swedbank 8xxx-x clearing number', () => {
    for (let fifth = 0; fifth <= 9; fifth += 1) {
      const result = validateBankAccount(`8327${fifth}`, '0147258925');
      expect(result.ok).toBe(fifth === 9);
    }
  });
});

describe("the clearing table (Bankgirot's Bankernas kontonummer)", () => {
  it('is sorted, without overlaps, within 1000–9999', () => {
    let previousEnd = 999;
    for (const bank of SWEDISH_BANK_RANGES) {
      expect(bank.from, bank.bankName).toBeGreaterThan(previousEnd);
      expect(bank.to).toBeGreaterThanOrEqual(bank.from);
      expect(bank.to).toBeLessThanOrEqual(9999);
      expect(bank.accountMinLength).toBeLessThanOrEqual(bank.accountLength);
      previousEnd = bank.to;
    }
  });

  it('has the lengths each rule implies', () => {
    for (const bank of SWEDISH_BANK_RANGES) {
      const expected = bank.rule.startsWith('type1') ? 7 : bank.rule === 'type2_comment2' ? 9 : 10;
      expect(bank.accountLength, bank.bankName).toBe(expected);
    }
  });

  it.each([
    ['1100', 'Nordea'],
    ['3300', 'Nordea (personkonto)'],
    ['3301', 'Nordea'],
    ['3400', 'Länsförsäkringar Bank'],
    ['4001', 'Nordea'],
    ['5839', 'SEB'],
    ['6501', 'Handelsbanken'],
    ['7104', 'Swedbank'],
    ['8129', 'Swedbank'],
    ['9150', 'Skandiabanken'],
    ['9272', 'ICA Banken'],
    ['9420', 'Forex Bank'],
    ['9570', 'Sparbanken Syd'],
    ['9789', 'Klarna Bank'],
    ['9960', 'Nordea (Plusgirot)'],
  ])('knows %s as %s', (clearing, bankName) => {
    expect(findSwedishBankRange(Number(clearing))?.bankName).toBe(bankName);
  });
});
