// Tests for the pain.001.001.03 writer: generated payment files validate against the ISO schema
// with xmllint, sums are exact, output is byte-identical for the same input, bad input is refused.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PAIN001_BANK_OPTIONS,
  PAIN001_NAMESPACE,
  formatOre,
  validateAgainstXsd,
  writePain001,
  type Pain001BankOptions,
  type Pain001CreditTransfer,
  type Pain001CreditorAccount,
  type Pain001Issue,
  type Pain001Message,
  type Pain001PaymentInformation,
} from '../../src/modules/payments/iso20022/index.ts';

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
function pick<T>(next: () => number, items: readonly T[]): T {
  const item = items[Math.floor(next() * items.length)];
  if (item === undefined) throw new Error('empty list');
  return item;
}

// Payee accounts published by their banks (see the domain's bank-account tests for sources).
const PAYEE_ACCOUNTS: readonly Pain001CreditorAccount[] = [
  { kind: 'bank_account', clearing: '1274', account: '0235 305' },
  { kind: 'bank_account', clearing: '6114', account: '5171 82351' },
  { kind: 'bank_account', clearing: '8327-9', account: '014 725 892-5' },
  { kind: 'bank_account', clearing: '81034', account: '978 3242' },
  { kind: 'bank_account', clearing: '3300', account: '101010-1010' },
  { kind: 'bank_account', clearing: '5839', account: '8257466' },
  { kind: 'bank_account', clearing: '9022', account: '11 14884' },
  { kind: 'bank_account', clearing: '9570', account: '525 004 176 0' },
  { kind: 'bank_account', clearing: '9190', account: '6543218' },
  { kind: 'bankgiro', number: '5050-1055' },
  { kind: 'bankgiro', number: '297-3675' },
  { kind: 'plusgiro', number: '28 65 43-4' },
  { kind: 'plusgiro', number: '4-2' },
  { kind: 'iban', iban: 'SE45 5000 0000 0583 9825 7466' },
];
const GIVEN_NAMES = [
  'Åsa',
  'Örjan',
  'Märta',
  'Björn',
  'Ängla',
  'Zoë',
  'José',
  'Søren',
  'Hélène',
  'Siv',
];
const FAMILY_NAMES = ['Ödmark', 'Åkesson', 'Lindqvist', "O'Brien", 'Ærø', 'Bäck-Ström', 'Nuñez'];
const TEXTS = [
  'Försörjningsstöd januari 2026',
  'Ekonomiskt bistånd, hyra (dnr 2026:123)',
  'Bistånd & tandvård <akut> "enl. beslut"',
  '',
];
// Whole-öre amounts: the smallest, small, ordinary and very large ones.
function amount(next: () => number): number {
  const kind = Math.floor(next() * 5);
  if (kind === 0) return 1;
  if (kind === 1) return 1 + Math.floor(next() * 99);
  if (kind === 2) return 100 * (1 + Math.floor(next() * 30_000));
  if (kind === 3) return 1 + Math.floor(next() * 5_000_000_00);
  return 1_000_000_000_000 + Math.floor(next() * 1_000_000_000_000);
}

function generatedMessage(seed: number): Pain001Message {
  const next = random(seed);
  let serial = 0;
  const paymentInformations: Pain001PaymentInformation[] = [];
  const paymentCount = 1 + Math.floor(next() * 3);
  for (let p = 0; p < paymentCount; p += 1) {
    const transfers: Pain001CreditTransfer[] = [];
    const transferCount = 1 + Math.floor(next() * 40);
    for (let t = 0; t < transferCount; t += 1) {
      serial += 1;
      const text = pick(next, TEXTS);
      transfers.push({
        endToEndId: `SN-${seed}-${serial}`,
        amountOre: amount(next),
        creditorName: `${pick(next, GIVEN_NAMES)} ${pick(next, FAMILY_NAMES)}`,
        creditorAccount: pick(next, PAYEE_ACCOUNTS),
        ...(text === '' ? {} : { remittanceInformation: text }),
      });
    }
    paymentInformations.push({
      paymentInformationId: `payment-run:2026-01:${p + 1}`,
      requestedExecutionDate: '2026-01-25',
      debtorName: 'Malmö stad, Arbetsmarknads- och socialförvaltningen',
      debtorAccount: pick(next, [
        { kind: 'bankgiro', number: '5402-9681' },
        { kind: 'bank_account', clearing: '5140', account: '0010004' },
        { kind: 'iban', iban: 'SE58 6000 0000 0005 1718 2351' },
      ] as const),
      debtorAgentBic: pick(next, ['ESSESESS', 'HANDSESS', 'NDEASESS', 'SWEDSESS']),
      creditTransfers: transfers,
    });
  }
  return {
    messageId: `SKYDDSNAT-${seed}`,
    creationDateTime: '2026-01-23T14:05:00+01:00',
    initiatingParty: { name: 'Malmö stad', organisationNumber: '212000-1124' },
    paymentInformations,
  };
}

function written(message: Pain001Message, options?: Partial<Pain001BankOptions>): string {
  const result = writePain001(message, options);
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  return result.xml;
}
function issuesOf(message: Pain001Message): readonly Pain001Issue[] {
  const result = writePain001(message);
  if (result.ok) throw new Error('expected the message to be refused');
  return result.issues;
}
function values(xml: string, element: string): string[] {
  return [...xml.matchAll(new RegExp(`<${element}(?: [^>]*)?>([^<]*)</${element}>`, 'g'))].map(
    (match) => match[1] ?? '',
  );
}
// Kronor with two decimals back to whole öre, without floating point.
function ore(decimal: string): bigint {
  expect(decimal).toMatch(/^[0-9]+\.[0-9]{2}$/);
  return BigInt(decimal.replace('.', ''));
}

const ONE_PAYMENT: Pain001Message = {
  messageId: 'payment-run:2026-01',
  creationDateTime: '2026-01-23T14:05:00+01:00',
  initiatingParty: { name: 'Stockholms stad', organisationNumber: '212000-0142' },
  paymentInformations: [
    {
      paymentInformationId: 'PMT-2026-01-25',
      requestedExecutionDate: '2026-01-25',
      debtorName: 'Stockholms stad',
      debtorAccount: { kind: 'bankgiro', number: '5050-1055' },
      debtorAgentBic: 'ESSESESS',
      creditTransfers: [
        {
          endToEndId: 'SN-0001',
          amountOre: 1_168_000,
          creditorName: 'Åsa Öberg',
          creditorAccount: { kind: 'bank_account', clearing: '8327-9', account: '014 725 892-5' },
          remittanceInformation: 'Försörjningsstöd januari 2026',
        },
      ],
    },
  ],
};

function onlyPayment(): Pain001PaymentInformation {
  const payment = ONE_PAYMENT.paymentInformations[0];
  if (payment === undefined) throw new Error('fixture without a payment information');
  return payment;
}
function onlyTransfer(): Pain001CreditTransfer {
  const transfer = onlyPayment().creditTransfers[0];
  if (transfer === undefined) throw new Error('fixture without a payment');
  return transfer;
}
function withPayment(change: Partial<Pain001PaymentInformation>): Pain001Message {
  return { ...ONE_PAYMENT, paymentInformations: [{ ...onlyPayment(), ...change }] };
}
function withTransfer(change: Partial<Pain001CreditTransfer>): Pain001Message {
  return withPayment({ creditTransfers: [{ ...onlyTransfer(), ...change }] });
}

describe('writePain001: the document', () => {
  it('writes one payment exactly as the Swedish interpretation lays it out', () => {
    expect(written(ONE_PAYMENT)).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03">
  <CstmrCdtTrfInitn>
    <GrpHdr>
      <MsgId>payment-run:2026-01</MsgId>
      <CreDtTm>2026-01-23T14:05:00+01:00</CreDtTm>
      <NbOfTxs>1</NbOfTxs>
      <CtrlSum>11680.00</CtrlSum>
      <InitgPty>
        <Nm>Stockholms stad</Nm>
        <Id>
          <OrgId>
            <Othr>
              <Id>2120000142</Id>
              <SchmeNm>
                <Cd>BANK</Cd>
              </SchmeNm>
            </Othr>
          </OrgId>
        </Id>
      </InitgPty>
    </GrpHdr>
    <PmtInf>
      <PmtInfId>PMT-2026-01-25</PmtInfId>
      <PmtMtd>TRF</PmtMtd>
      <NbOfTxs>1</NbOfTxs>
      <CtrlSum>11680.00</CtrlSum>
      <PmtTpInf>
        <SvcLvl>
          <Cd>NURG</Cd>
        </SvcLvl>
        <CtgyPurp>
          <Cd>SUPP</Cd>
        </CtgyPurp>
      </PmtTpInf>
      <ReqdExctnDt>2026-01-25</ReqdExctnDt>
      <Dbtr>
        <Nm>Stockholms stad</Nm>
      </Dbtr>
      <DbtrAcct>
        <Id>
          <Othr>
            <Id>50501055</Id>
            <SchmeNm>
              <Prtry>BGNR</Prtry>
            </SchmeNm>
          </Othr>
        </Id>
        <Ccy>SEK</Ccy>
      </DbtrAcct>
      <DbtrAgt>
        <FinInstnId>
          <BIC>ESSESESS</BIC>
        </FinInstnId>
      </DbtrAgt>
      <ChrgBr>SLEV</ChrgBr>
      <CdtTrfTxInf>
        <PmtId>
          <EndToEndId>SN-0001</EndToEndId>
        </PmtId>
        <Amt>
          <InstdAmt Ccy="SEK">11680.00</InstdAmt>
        </Amt>
        <CdtrAgt>
          <FinInstnId>
            <ClrSysMmbId>
              <ClrSysId>
                <Cd>SESBA</Cd>
              </ClrSysId>
              <MmbId>8327</MmbId>
            </ClrSysMmbId>
          </FinInstnId>
        </CdtrAgt>
        <Cdtr>
          <Nm>Åsa Öberg</Nm>
        </Cdtr>
        <CdtrAcct>
          <Id>
            <Othr>
              <Id>83270147258925</Id>
              <SchmeNm>
                <Cd>BBAN</Cd>
              </SchmeNm>
            </Othr>
          </Id>
        </CdtrAcct>
        <RmtInf>
          <Ustrd>Försörjningsstöd januari 2026</Ustrd>
        </RmtInf>
      </CdtTrfTxInf>
    </PmtInf>
  </CstmrCdtTrfInitn>
</Document>
`);
  });

  it('marks bankgiro, plusgiro and IBAN payees as the Swedish banks expect', () => {
    const xml = written({
      ...ONE_PAYMENT,
      paymentInformations: [
        {
          ...onlyPayment(),
          debtorAccount: { kind: 'bank_account', clearing: '5140', account: '0010004' },
          creditTransfers: [
            {
              endToEndId: 'BG',
              amountOre: 100,
              creditorName: 'A',
              creditorAccount: { kind: 'bankgiro', number: '297-3675' },
            },
            {
              endToEndId: 'PG',
              amountOre: 100,
              creditorName: 'B',
              creditorAccount: { kind: 'plusgiro', number: '4-2' },
            },
            {
              endToEndId: 'IBAN',
              amountOre: 100,
              creditorName: 'C',
              creditorAccount: { kind: 'iban', iban: 'se45 5000 0000 0583 9825 7466' },
            },
          ],
        },
      ],
    });
    expect(xml).toContain(
      '<Id>2973675</Id>\n              <SchmeNm>\n                <Prtry>BGNR</Prtry>',
    );
    expect(xml).toContain(
      '<Id>42</Id>\n              <SchmeNm>\n                <Prtry>PGNR</Prtry>',
    );
    expect(xml).toContain('<IBAN>SE4550000000058398257466</IBAN>');
    // The debtor's own bank account: clearing + account, proprietary scheme BBAN by default.
    expect(xml).toContain(
      '<Id>51400010004</Id>\n            <SchmeNm>\n              <Prtry>BBAN</Prtry>',
    );
    // Only a bank account payee names its bank by clearing number.
    expect(values(xml, 'MmbId')).toEqual([]);
  });

  it('escapes XML characters and transliterates letters outside the Swedish bank set', () => {
    const xml = written(
      withTransfer({
        creditorName: '  Søren  Ærø & Söner <AB> "Café"\n',
        remittanceInformation: 'Hyra\tjanuari – “akut”',
      }),
    );
    expect(values(xml, 'Nm')).toContain('Soren Aero &amp; Söner &lt;AB&gt; &quot;Cafe&quot;');
    expect(values(xml, 'Ustrd')).toEqual(['Hyra januari - &quot;akut&quot;']);
  });

  it('writes amounts in kronor with exactly two decimals from whole öre', async () => {
    expect(formatOre(1n)).toBe('0.01');
    expect(formatOre(10n)).toBe('0.10');
    expect(formatOre(100n)).toBe('1.00');
    expect(formatOre(123_456n)).toBe('1234.56');
    expect(formatOre(9_007_199_254_740_991n)).toBe('90071992547409.91');
    const xml = written(withTransfer({ amountOre: Number.MAX_SAFE_INTEGER }));
    expect(values(xml, 'InstdAmt')).toEqual(['90071992547409.91']);
    expect(values(xml, 'CtrlSum')).toEqual(['90071992547409.91', '90071992547409.91']);
    // The largest amount still fits the schema's 18 digits.
    expect(await validateAgainstXsd(xml)).toEqual({ valid: true, errors: [] });
  });

  it('leaves out the remittance text when it is blank', () => {
    expect(written(withTransfer({ remittanceInformation: ' \n ' }))).not.toContain('RmtInf');
  });
});

describe('writePain001: generated payment files', () => {
  const seeds = Array.from({ length: 30 }, (_, index) => 1000 + index);

  it.each(seeds)('seed %i: validates against pain.001.001.03.xsd with exact sums', async (seed) => {
    const message = generatedMessage(seed);
    const result = writePain001(message);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));

    const validation = await validateAgainstXsd(result.xml);
    expect(validation).toEqual({ valid: true, errors: [] });

    const all = message.paymentInformations.flatMap((payment) => payment.creditTransfers);
    const expectedTotal = all.reduce((sum, transfer) => sum + BigInt(transfer.amountOre), 0n);
    const [groupSum, ...paymentSums] = values(result.xml, 'CtrlSum').map(ore);
    const [groupCount, ...paymentCounts] = values(result.xml, 'NbOfTxs').map(Number);
    expect(groupSum).toBe(expectedTotal);
    expect(groupCount).toBe(all.length);
    expect(result).toMatchObject({
      numberOfTransactions: all.length,
      controlSum: formatOre(expectedTotal),
    });
    // The amounts as written add up to the control sum, and each block to its own.
    expect(
      values(result.xml, 'InstdAmt')
        .map(ore)
        .reduce((a, b) => a + b, 0n),
    ).toBe(expectedTotal);
    message.paymentInformations.forEach((payment, index) => {
      const sum = payment.creditTransfers.reduce((total, t) => total + BigInt(t.amountOre), 0n);
      expect(paymentSums[index]).toBe(sum);
      expect(paymentCounts[index]).toBe(payment.creditTransfers.length);
    });
    expect(values(result.xml, 'EndToEndId')).toEqual(all.map((transfer) => transfer.endToEndId));
  });

  it('is byte-identical for the same input, however the options are ordered', () => {
    for (const seed of seeds.slice(0, 5)) {
      const message = generatedMessage(seed);
      const copy = JSON.parse(JSON.stringify(message)) as Pain001Message;
      const options: Partial<Pain001BankOptions> = { batchBooking: true, categoryPurpose: 'SSBE' };
      const reordered: Partial<Pain001BankOptions> = {
        categoryPurpose: 'SSBE',
        batchBooking: true,
      };
      expect(written(copy, reordered)).toBe(written(message, options));
      expect(written(message)).toBe(written(message, DEFAULT_PAIN001_BANK_OPTIONS));
    }
  });

  it('validates against the schema under every combination of bank options', async () => {
    const message = generatedMessage(7);
    const combinations: Partial<Pain001BankOptions>[] = [];
    for (const serviceLevel of ['NURG', null] as const) {
      for (const categoryPurpose of ['SUPP', 'SALA', 'SSBE', null] as const) {
        for (const batchBooking of [true, false, null] as const) {
          combinations.push({
            serviceLevel,
            categoryPurpose,
            batchBooking,
            chargeBearer: batchBooking === null ? null : 'SHAR',
            initiatingPartyScheme: batchBooking === true ? 'CUST' : 'BANK',
            debtorOrganisationId: batchBooking !== false,
            debtorBbanScheme: batchBooking === true ? 'code' : 'proprietary',
            creditorBbanScheme: batchBooking === true ? 'proprietary' : 'code',
            creditorAgentClearingNumber: serviceLevel === null,
          });
        }
      }
    }
    for (const options of combinations) {
      const xml = written(message, options);
      expect(await validateAgainstXsd(xml), JSON.stringify(options)).toEqual({
        valid: true,
        errors: [],
      });
    }
  });

  it('writes each option where the schema puts it', () => {
    const xml = written(ONE_PAYMENT, {
      serviceLevel: null,
      categoryPurpose: 'SSBE',
      chargeBearer: null,
      batchBooking: false,
      initiatingPartyScheme: 'CUST',
      debtorOrganisationId: true,
      creditorBbanScheme: 'proprietary',
      creditorAgentClearingNumber: false,
    });
    expect(xml).not.toContain('SvcLvl');
    expect(xml).not.toContain('ChrgBr');
    expect(xml).not.toContain('CdtrAgt');
    expect(values(xml, 'BtchBookg')).toEqual(['false']);
    expect(xml).toContain('<CtgyPurp>\n          <Cd>SSBE</Cd>');
    expect(values(xml, 'Cd').filter((code) => code === 'CUST')).toHaveLength(2);
    expect(xml).toContain(
      '<Id>83270147258925</Id>\n              <SchmeNm>\n                <Prtry>BBAN</Prtry>',
    );
    expect(
      xml.startsWith(
        `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="${PAIN001_NAMESPACE}">`,
      ),
    ).toBe(true);
  });
});

describe('writePain001: refusals', () => {
  const cases: [string, Pain001Message, string, Pain001Issue['code'], string][] = [
    [
      'a message id over 35 characters',
      { ...ONE_PAYMENT, messageId: 'M'.repeat(36) },
      'messageId',
      'too_long',
      'högst 35 tecken men har 36',
    ],
    [
      'a message id with a space',
      { ...ONE_PAYMENT, messageId: 'run 1' },
      'messageId',
      'invalid_identifier',
      'utan mellanslag',
    ],
    [
      'a message id with a double slash',
      { ...ONE_PAYMENT, messageId: 'run//1' },
      'messageId',
      'invalid_identifier',
      '//',
    ],
    ['an empty message id', { ...ONE_PAYMENT, messageId: '' }, 'messageId', 'required', 'saknas'],
    [
      'a creation time without offset',
      { ...ONE_PAYMENT, creationDateTime: '2026-01-23T14:05:00' },
      'creationDateTime',
      'invalid_date_time',
      'med tidszon',
    ],
    [
      'a bad organisation number',
      { ...ONE_PAYMENT, initiatingParty: { name: 'Kommun', organisationNumber: '212000-0143' } },
      'initiatingParty.organisationNumber',
      'invalid_organisation_number',
      'kontrollsiffra',
    ],
    [
      'no payment informations',
      { ...ONE_PAYMENT, paymentInformations: [] },
      'paymentInformations',
      'required',
      'inga betalningar',
    ],
    [
      'an end-to-end id over 35 characters',
      withTransfer({ endToEndId: 'E'.repeat(36) }),
      'paymentInformations[0].creditTransfers[0].endToEndId',
      'too_long',
      'EndToEndId',
    ],
    [
      'a creditor name over 70 characters',
      withTransfer({ creditorName: 'Å'.repeat(71) }),
      'paymentInformations[0].creditTransfers[0].creditorName',
      'too_long',
      'Mottagarens namn får ha högst 70 tecken men har 71',
    ],
    [
      'a creditor name growing over 70 by transliteration',
      withTransfer({ creditorName: 'Æ'.repeat(36) }),
      'paymentInformations[0].creditTransfers[0].creditorName',
      'too_long',
      'har 72',
    ],
    [
      'a Cyrillic letter in a name',
      withTransfer({ creditorName: 'Жанна Ек' }),
      'paymentInformations[0].creditTransfers[0].creditorName',
      'invalid_characters',
      '"Ж" (U+0416)',
    ],
    [
      'an emoji in the remittance text',
      withTransfer({ remittanceInformation: 'Hyra 🏠' }),
      'paymentInformations[0].creditTransfers[0].remittanceInformation',
      'invalid_characters',
      'U+1F3E0',
    ],
    [
      'a control character',
      withTransfer({ creditorName: 'Bo\u0000' }),
      'paymentInformations[0].creditTransfers[0].creditorName',
      'invalid_characters',
      'U+0000',
    ],
    [
      'a blank creditor name',
      withTransfer({ creditorName: '  ' }),
      'paymentInformations[0].creditTransfers[0].creditorName',
      'required',
      'Mottagarens namn saknas',
    ],
    [
      'a remittance text over 140 characters',
      withTransfer({ remittanceInformation: 'x'.repeat(141) }),
      'paymentInformations[0].creditTransfers[0].remittanceInformation',
      'too_long',
      'högst 140',
    ],
    [
      'an amount of 0',
      withTransfer({ amountOre: 0 }),
      'paymentInformations[0].creditTransfers[0].amountOre',
      'invalid_amount',
      'minst 1 öre',
    ],
    [
      'a negative amount',
      withTransfer({ amountOre: -100 }),
      'paymentInformations[0].creditTransfers[0].amountOre',
      'invalid_amount',
      'är -100',
    ],
    [
      'a fraction of an öre',
      withTransfer({ amountOre: 10.5 }),
      'paymentInformations[0].creditTransfers[0].amountOre',
      'invalid_amount',
      'helt antal öre',
    ],
    [
      'an unsafe integer',
      withTransfer({ amountOre: 2 ** 53 }),
      'paymentInformations[0].creditTransfers[0].amountOre',
      'invalid_amount',
      'helt antal öre',
    ],
    [
      'an account with a wrong check digit',
      withTransfer({
        creditorAccount: { kind: 'bank_account', clearing: '8327-9', account: '014 725 892-6' },
      }),
      'paymentInformations[0].creditTransfers[0].creditorAccount',
      'invalid_account',
      'Mottagarens konto: Kontonumret stämmer inte med kontrollsiffran för Swedbank',
    ],
    [
      'a bankgiro number with a wrong check digit',
      withTransfer({ creditorAccount: { kind: 'bankgiro', number: '5050-1056' } }),
      'paymentInformations[0].creditTransfers[0].creditorAccount',
      'invalid_account',
      'Mottagarens bankgironummer',
    ],
    [
      'a foreign IBAN',
      withTransfer({ creditorAccount: { kind: 'iban', iban: 'GB82 WEST 1234 5698 7654 32' } }),
      'paymentInformations[0].creditTransfers[0].creditorAccount',
      'foreign_account',
      'utländskt IBAN',
    ],
    [
      'a lower-case BIC',
      withPayment({ debtorAgentBic: 'essesess' }),
      'paymentInformations[0].debtorAgentBic',
      'invalid_bic',
      'ESSESESS',
    ],
    [
      'an impossible execution date',
      withPayment({ requestedExecutionDate: '2026-02-30' }),
      'paymentInformations[0].requestedExecutionDate',
      'invalid_date',
      'ÅÅÅÅ-MM-DD',
    ],
    [
      'an execution date before the file',
      withPayment({ requestedExecutionDate: '2026-01-22' }),
      'paymentInformations[0].requestedExecutionDate',
      'execution_date_before_creation',
      '2026-01-23',
    ],
    [
      'a payment information without payments',
      withPayment({ creditTransfers: [] }),
      'paymentInformations[0].creditTransfers',
      'required',
      'inga betalningar',
    ],
    [
      'an invalid debtor account',
      withPayment({ debtorAccount: { kind: 'bank_account', clearing: '5140', account: '10004' } }),
      'paymentInformations[0].debtorAccount',
      'invalid_account',
      'Betalarens konto: Kontonumret hos SEB ska ha 7 siffror',
    ],
  ];

  it.each(cases)('refuses %s', (_, message, path, code, text) => {
    const issues = issuesOf(message);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path, code });
    expect(issues[0]?.message).toContain(text);
  });

  it('refuses duplicate ids of payments and payment informations', () => {
    const payment = onlyPayment();
    const issues = issuesOf({ ...ONE_PAYMENT, paymentInformations: [payment, payment] });
    expect(issues.map((issue) => [issue.path, issue.code])).toEqual([
      ['paymentInformations[1].paymentInformationId', 'duplicate_identifier'],
      ['paymentInformations[1].creditTransfers[0].endToEndId', 'duplicate_identifier'],
    ]);
    expect(issues[1]?.message).toBe('Betalningens id SN-0001 förekommer mer än en gång i filen.');
  });

  it('refuses a control sum of more than 18 digits', () => {
    const transfers = Array.from({ length: 112 }, (_, index) => ({
      ...onlyTransfer(),
      endToEndId: `SN-${index}`,
      amountOre: Number.MAX_SAFE_INTEGER,
    }));
    const issues = issuesOf(withPayment({ creditTransfers: transfers }));
    expect(issues.map((issue) => issue.code)).toEqual([
      'control_sum_too_large',
      'control_sum_too_large',
    ]);
  });

  it('reports every problem at once, each with its path', () => {
    const issues = issuesOf({
      ...withTransfer({ amountOre: 0, creditorName: 'Ж', endToEndId: 'a b' }),
      messageId: '',
    });
    expect(issues.map((issue) => issue.path)).toEqual([
      'messageId',
      'paymentInformations[0].creditTransfers[0].endToEndId',
      'paymentInformations[0].creditTransfers[0].amountOre',
      'paymentInformations[0].creditTransfers[0].creditorName',
    ]);
  });
});

describe('validateAgainstXsd', () => {
  it('reports schema violations with their line', async () => {
    const xml = written(ONE_PAYMENT).replace('<PmtMtd>TRF</PmtMtd>', '<PmtMtd>XYZ</PmtMtd>');
    const result = await validateAgainstXsd(xml);
    expect(result.valid).toBe(false);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/^-:\d+: element PmtMtd: Schemas validity error .*'XYZ'/);
  });

  it('reports a document that is not well-formed', async () => {
    const result = await validateAgainstXsd('<Document><Unclosed></Document>');
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toContain('Unclosed');
  });

  it('reports a document of another message type', async () => {
    const result = await validateAgainstXsd(
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt/></Document>',
    );
    expect(result.valid).toBe(false);
  });

  it('fails loudly when the schema cannot be read', async () => {
    await expect(
      validateAgainstXsd(written(ONE_PAYMENT), '/nonexistent/schema.xsd'),
    ).rejects.toThrow(/could not compile the schema/);
  });
});
