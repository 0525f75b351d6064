// Tests for bankgiro and plusgiro numbers, IBAN, the check-digit helpers and the payee account.
import { describe, expect, it } from 'vitest';
import {
  formatBankgiro,
  formatPlusgiro,
  isValidMod10,
  isValidMod11,
  mod10CheckDigit,
  mod11CheckDigit,
  payeeAccountSchema,
  validateBankgiro,
  validateIban,
  validatePayeeAccount,
  validatePlusgiro,
  type AccountResult,
  type ValidGiroNumber,
} from '../../src/payments/index.ts';

// An independent Luhn: double every second digit from the right of the payload.
function luhnDigit(payload: string): string {
  let sum = 0;
  Array.from(payload)
    .reverse()
    .forEach((digit, index) => {
      const value = index % 2 === 0 ? Number(digit) * 2 : Number(digit);
      sum += value > 9 ? value - 9 : value;
    });
  return String((10 - (sum % 10)) % 10);
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    return state / 4294967296;
  };
}

function everySingleDigitChange(digits: string): string[] {
  const changes: string[] = [];
  for (let index = 0; index < digits.length; index += 1) {
    for (let digit = 0; digit <= 9; digit += 1) {
      if (String(digit) !== digits[index]) {
        changes.push(`${digits.slice(0, index)}${digit}${digits.slice(index + 1)}`);
      }
    }
  }
  return changes;
}

function value(result: AccountResult<ValidGiroNumber>): ValidGiroNumber {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.value;
}

describe('bankgiro numbers', () => {
  // Skatteverket's bankgiro, and Carnegie Fonder's as used by banktools-se; 902-0033 is a 90-konto.
  it.each([
    ['5050-1055', '50501055', '5050-1055'],
    ['5402-9681', '54029681', '5402-9681'],
    ['297-3675', '2973675', '297-3675'],
    ['640 5070', '6405070', '640-5070'],
    ['9020033', '9020033', '902-0033'],
  ])('accepts %s', (input, number, display) => {
    expect(value(validateBankgiro(input))).toEqual({ number, display });
  });

  it.each(['50501055', '2973675'])('catches every single-digit error in %s', (number) => {
    for (const changed of everySingleDigitChange(number)) {
      expect(validateBankgiro(changed), changed).toMatchObject({
        ok: false,
        code: 'bankgiro_check_digit',
      });
    }
  });

  it('accepts generated numbers of 7 and 8 digits and refuses each with one digit changed', () => {
    const next = random(7);
    for (let round = 0; round < 300; round += 1) {
      const length = round % 2 === 0 ? 7 : 8;
      let payload = String(1 + Math.floor(next() * 9));
      while (payload.length < length - 1) payload += String(Math.floor(next() * 10));
      const number = `${payload}${luhnDigit(payload)}`;
      expect(value(validateBankgiro(number)).number).toBe(number);
      for (const changed of everySingleDigitChange(number)) {
        expect(validateBankgiro(changed).ok, changed).toBe(false);
      }
    }
  });

  it.each([
    ['505-105', 'bankgiro_length'],
    ['5050-10550', 'bankgiro_length'],
    ['', 'bankgiro_length'],
    ['5050-1056', 'bankgiro_check_digit'],
    ['0000-0000', 'bankgiro_check_digit'],
    ['BG 5050-1055', 'invalid_characters'],
  ])('refuses %s with %s', (input, code) => {
    expect(validateBankgiro(input)).toMatchObject({ ok: false, code });
  });

  it('explains the length in Swedish', () => {
    expect(validateBankgiro('505-105')).toMatchObject({
      message:
        'Ett bankgironummer har 7 eller 8 siffror, till exempel 5050-1055, men det här har 6.',
    });
  });

  it('formats with a hyphen before the last four digits', () => {
    expect(formatBankgiro('2973675')).toBe('297-3675');
    expect(formatBankgiro('50501055')).toBe('5050-1055');
    expect(() => formatBankgiro('123')).toThrow(RangeError);
  });
});

describe('plusgiro numbers', () => {
  // IKEA's and Sveriges riksbank's plusgiro numbers (banktools-se), and a 90-konto.
  it.each([
    ['28 65 43-4', '2865434', '28 65 43-4'],
    ['410 54 68-5', '41054685', '410 54 68-5'],
    ['4-2', '42', '4-2'],
    ['9020033', '9020033', '90 20 03-3'],
  ])('accepts %s', (input, number, display) => {
    expect(value(validatePlusgiro(input))).toEqual({ number, display });
  });

  it('groups pairs from the right, the odd digit joining the first pair', () => {
    const expected = ['4-2', '12-3', '123-4', '12 34-5', '123 45-6', '12 34 56-7', '123 45 67-8'];
    for (const formatted of expected) {
      const digits = formatted.replace(/\D/g, '');
      expect(formatPlusgiro(digits)).toBe(formatted);
    }
    expect(() => formatPlusgiro('1')).toThrow(RangeError);
  });

  it('catches every single-digit error in generated numbers of 2 to 8 digits', () => {
    const next = random(11);
    for (let round = 0; round < 350; round += 1) {
      const length = 2 + (round % 7);
      let payload = String(1 + Math.floor(next() * 9));
      while (payload.length < length - 1) payload += String(Math.floor(next() * 10));
      const number = `${payload}${luhnDigit(payload)}`;
      expect(value(validatePlusgiro(number)).number).toBe(number);
      for (const changed of everySingleDigitChange(number)) {
        expect(validatePlusgiro(changed).ok, changed).toBe(false);
      }
    }
  });

  it.each([
    ['4', 'plusgiro_length'],
    ['410 54 68-51', 'plusgiro_length'],
    ['410 54 68-6', 'plusgiro_check_digit'],
    ['PG 4-2', 'invalid_characters'],
  ])('refuses %s with %s', (input, code) => {
    expect(validatePlusgiro(input)).toMatchObject({ ok: false, code });
  });
});

describe('IBAN', () => {
  it.each([
    ['SE45 5000 0000 0583 9825 7466', 'SE4550000000058398257466'],
    ['se55 8000 0832 7901 4725 8925', 'SE5580000832790147258925'],
    ['SE58 6000 0000 0005 1718 2351', 'SE5860000000000517182351'],
    ['GB82 WEST 1234 5698 7654 32', 'GB82WEST12345698765432'],
  ])('accepts %s', (input, iban) => {
    const result = validateIban(input);
    expect(result).toMatchObject({ ok: true, value: { iban } });
  });

  it('catches every single-digit error in a Swedish IBAN', () => {
    const iban = 'SE4550000000058398257466';
    for (let index = 2; index < iban.length; index += 1) {
      for (let digit = 0; digit <= 9; digit += 1) {
        if (String(digit) === iban[index]) continue;
        const changed = `${iban.slice(0, index)}${digit}${iban.slice(index + 1)}`;
        expect(validateIban(changed).ok, changed).toBe(false);
      }
    }
  });

  it.each([
    ['SE45 5000 0000 0583 9825 746', 'iban_format'],
    ['SE45 5000 0000 0583 9825 746X', 'iban_format'],
    ['5000 0000 0583 9825 7466', 'iban_format'],
    ['SE46 5000 0000 0583 9825 7466', 'iban_check_digits'],
  ])('refuses %s with %s', (input, code) => {
    expect(validateIban(input)).toMatchObject({ ok: false, code });
  });
});

describe('check-digit helpers', () => {
  it('compute the digits the validators expect', () => {
    expect(mod10CheckDigit('5050105')).toBe(5);
    expect(isValidMod10('50501055')).toBe(true);
    // Bankgirot's 11-modul examples: 10-digit and 12-digit numbers.
    expect(isValidMod11('2763608957')).toBe(true);
    expect(isValidMod11('912763608909')).toBe(true);
    expect(mod11CheckDigit('191276360895')).toBe(7);
  });

  it('report a payload that would need the check digit 10', () => {
    // '6' gets weight 2: 12 leaves remainder 1, so only a check digit of 10 would balance it.
    expect(mod11CheckDigit('6')).toBeNull();
    expect(mod11CheckDigit('5')).toBe(1);
  });

  it('refuse anything but digits', () => {
    expect(() => isValidMod10('12a')).toThrow(RangeError);
    expect(() => isValidMod11('')).toThrow(RangeError);
  });
});

describe('validatePayeeAccount', () => {
  it('validates each kind and returns the normalised numbers', () => {
    expect(
      validatePayeeAccount({ kind: 'bank_account', clearing: '8327-9', account: '014 725 892-5' }),
    ).toEqual({
      ok: true,
      value: {
        kind: 'bank_account',
        clearing: '83279',
        account: '0147258925',
        bankName: 'Swedbank',
        rule: 'type2_comment3',
        bban: '83270147258925',
        display: '8327-9, 0147258925',
      },
    });
    expect(validatePayeeAccount({ kind: 'bankgiro', number: '5050-1055' })).toEqual({
      ok: true,
      value: { kind: 'bankgiro', number: '50501055', display: '5050-1055' },
    });
    expect(validatePayeeAccount({ kind: 'plusgiro', number: '2865434' })).toEqual({
      ok: true,
      value: { kind: 'plusgiro', number: '2865434', display: '28 65 43-4' },
    });
  });

  it('passes on the refusal of the number', () => {
    expect(validatePayeeAccount({ kind: 'bankgiro', number: '5050-1056' })).toMatchObject({
      ok: false,
      code: 'bankgiro_check_digit',
    });
  });

  it.each([
    null,
    'bankgiro 5050-1055',
    { kind: 'swish', number: '1231181189' },
    { kind: 'bankgiro' },
    { kind: 'bankgiro', number: 50501055 },
    { kind: 'bankgiro', number: '5050-1055', extra: true },
    { kind: 'bank_account', clearing: '8327-9' },
  ])('refuses the shape %j', (input) => {
    expect(validatePayeeAccount(input)).toMatchObject({ ok: false, code: 'invalid_shape' });
  });

  it('exposes the shape as a Zod schema', () => {
    expect(payeeAccountSchema.safeParse({ kind: 'plusgiro', number: '4-2' }).success).toBe(true);
    expect(payeeAccountSchema.safeParse({ kind: 'plusgiro', number: 'x'.repeat(41) }).success).toBe(
      false,
    );
  });
});
