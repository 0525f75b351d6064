// Tests for reading the bank's pain.002.001.03 status report, and the small XML reader under it.
import { describe, expect, it } from 'vitest';
import {
  parsePain002,
  writePain001,
  type Pain002Result,
  type PaymentStatusReport,
} from '../../src/modules/payments/iso20022/index.ts';
import { readXml, XmlSyntaxError } from '../../src/modules/payments/iso20022/xml-reader.ts';

// A report as a Swedish bank sends it after checking a file of three payments: one settled, two
// rejected (one with an ISO reason code, one with the bank's own code and two lines of text).
const REPORT = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Status report for payment-run:2026-01 -->
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <CstmrPmtStsRpt>
    <GrpHdr>
      <MsgId>SEB-STS-20260125-000123</MsgId>
      <CreDtTm>2026-01-25T06:12:44.512+01:00</CreDtTm>
      <InitgPty>
        <Id><OrgId><BICOrBEI>ESSESESS</BICOrBEI></OrgId></Id>
      </InitgPty>
    </GrpHdr>
    <OrgnlGrpInfAndSts>
      <OrgnlMsgId>payment-run:2026-01</OrgnlMsgId>
      <OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId>
      <OrgnlNbOfTxs>3</OrgnlNbOfTxs>
      <OrgnlCtrlSum>23360.01</OrgnlCtrlSum>
      <GrpSts>PART</GrpSts>
    </OrgnlGrpInfAndSts>
    <OrgnlPmtInfAndSts>
      <OrgnlPmtInfId>PMT-2026-01-25</OrgnlPmtInfId>
      <PmtInfSts>PART</PmtInfSts>
      <TxInfAndSts>
        <StsId>1</StsId>
        <OrgnlEndToEndId>SN-0001</OrgnlEndToEndId>
        <TxSts>ACSC</TxSts>
      </TxInfAndSts>
      <TxInfAndSts>
        <StsId>2</StsId>
        <OrgnlInstrId>INSTR-2</OrgnlInstrId>
        <OrgnlEndToEndId>SN-0002</OrgnlEndToEndId>
        <TxSts>RJCT</TxSts>
        <StsRsnInf>
          <Rsn><Cd>AC01</Cd></Rsn>
          <AddtlInf>Kontonumret finns inte hos mottagarens bank</AddtlInf>
        </StsRsnInf>
      </TxInfAndSts>
      <TxInfAndSts>
        <StsId>3</StsId>
        <OrgnlEndToEndId>SN-0003</OrgnlEndToEndId>
        <TxSts>RJCT</TxSts>
        <StsRsnInf>
          <Orgtr><Nm>Bankgirot</Nm></Orgtr>
          <Rsn><Prtry>MS03</Prtry></Rsn>
          <AddtlInf>Mottagarens bankgironummer &#228;r avslutat &amp; kan inte</AddtlInf>
          <AddtlInf><![CDATA[ta emot betalningar <se kundtjänst>]]></AddtlInf>
        </StsRsnInf>
      </TxInfAndSts>
    </OrgnlPmtInfAndSts>
  </CstmrPmtStsRpt>
</Document>
`;

const EXPECTED: PaymentStatusReport = {
  messageId: 'SEB-STS-20260125-000123',
  creationDateTime: '2026-01-25T06:12:44.512+01:00',
  originalMessageId: 'payment-run:2026-01',
  originalMessageNameId: 'pain.001.001.03',
  groupStatus: 'PART',
  groupReasons: [],
  paymentInformations: [
    {
      originalPaymentInformationId: 'PMT-2026-01-25',
      status: 'PART',
      reasons: [],
      transactions: [
        {
          originalPaymentInformationId: 'PMT-2026-01-25',
          originalInstructionId: null,
          originalEndToEndId: 'SN-0001',
          status: 'ACSC',
          reasons: [],
        },
        {
          originalPaymentInformationId: 'PMT-2026-01-25',
          originalInstructionId: 'INSTR-2',
          originalEndToEndId: 'SN-0002',
          status: 'RJCT',
          reasons: [
            {
              code: 'AC01',
              proprietary: null,
              additionalInformation: ['Kontonumret finns inte hos mottagarens bank'],
            },
          ],
        },
        {
          originalPaymentInformationId: 'PMT-2026-01-25',
          originalInstructionId: null,
          originalEndToEndId: 'SN-0003',
          status: 'RJCT',
          reasons: [
            {
              code: null,
              proprietary: 'MS03',
              additionalInformation: [
                'Mottagarens bankgironummer är avslutat & kan inte',
                'ta emot betalningar <se kundtjänst>',
              ],
            },
          ],
        },
      ],
    },
  ],
  transactions: [],
};
const EXPECTED_REPORT: PaymentStatusReport = {
  ...EXPECTED,
  transactions: EXPECTED.paymentInformations.flatMap((payment) => payment.transactions),
};

function report(result: Pain002Result): PaymentStatusReport {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.report;
}
function refusal(result: Pain002Result): { code: string; message: string } {
  if (result.ok) throw new Error('expected a refusal');
  return { code: result.code, message: result.message };
}

describe('parsePain002', () => {
  it('reads the group, payment information and each payment with status and reasons', () => {
    expect(report(parsePain002(REPORT))).toEqual(EXPECTED_REPORT);
  });

  it('reads the same report written with a namespace prefix, CRLF and a byte order mark', () => {
    const prefixed = REPORT.replace(
      'xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"',
      'xmlns:ns2="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"',
    )
      .replace(/<(\/?)([A-Z])/g, '<$1ns2:$2')
      .replace(/\n/g, '\r\n');
    expect(prefixed).toContain('<ns2:TxSts>RJCT</ns2:TxSts>');
    expect(report(parsePain002(`\uFEFF${prefixed}`))).toEqual(EXPECTED_REPORT);
  });

  it('reads a report that rejects the whole file', () => {
    const rejected = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">
  <CstmrPmtStsRpt>
    <GrpHdr><MsgId>HB-0001</MsgId><CreDtTm>2026-01-24T09:00:00</CreDtTm></GrpHdr>
    <OrgnlGrpInfAndSts>
      <OrgnlMsgId>payment-run:2026-01</OrgnlMsgId>
      <OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId>
      <GrpSts>RJCT</GrpSts>
      <StsRsnInf><Rsn><Cd>DU01</Cd></Rsn><AddtlInf>Duplicate message id</AddtlInf></StsRsnInf>
    </OrgnlGrpInfAndSts>
  </CstmrPmtStsRpt>
</Document>`;
    expect(report(parsePain002(rejected))).toEqual({
      messageId: 'HB-0001',
      creationDateTime: '2026-01-24T09:00:00',
      originalMessageId: 'payment-run:2026-01',
      originalMessageNameId: 'pain.001.001.03',
      groupStatus: 'RJCT',
      groupReasons: [
        { code: 'DU01', proprietary: null, additionalInformation: ['Duplicate message id'] },
      ],
      paymentInformations: [],
      transactions: [],
    });
  });

  it('refuses a pain.001 payment file, naming what it is', () => {
    const written = writePain001({
      messageId: 'M1',
      creationDateTime: '2026-01-23T14:05:00+01:00',
      initiatingParty: { name: 'Kommunen', organisationNumber: '2120000142' },
      paymentInformations: [
        {
          paymentInformationId: 'P1',
          requestedExecutionDate: '2026-01-25',
          debtorName: 'Kommunen',
          debtorAccount: { kind: 'bankgiro', number: '5050-1055' },
          debtorAgentBic: 'ESSESESS',
          creditTransfers: [
            {
              endToEndId: 'E1',
              amountOre: 100,
              creditorName: 'Bo',
              creditorAccount: { kind: 'plusgiro', number: '4-2' },
            },
          ],
        },
      ],
    });
    if (!written.ok) throw new Error('fixture');
    expect(refusal(parsePain002(written.xml))).toEqual({
      code: 'not_pain002',
      message:
        'Filen är ingen betalningsstatusrapport (ISO 20022 pain.002.001.03): den är en pain.001.001.03.',
    });
  });

  it.each([
    [
      'a camt.054 notification',
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn/></Document>',
      'den är en camt.054.001.02',
    ],
    [
      'a later pain.002 version',
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt/></Document>',
      'bara pain.002.001.03 stöds',
    ],
    [
      'a Document without namespace',
      '<Document><CstmrPmtStsRpt/></Document>',
      '<Document> utan namnrymd',
    ],
    [
      'another root element',
      '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>',
      '<Invoice> i namnrymden urn:oasis',
    ],
    [
      'a pain.002 Document with another message inside',
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrCdtTrfInitn/></Document>',
      'pain.002.001.03',
    ],
  ])('refuses %s', (_, xml, text) => {
    const result = refusal(parsePain002(xml));
    expect(result.code).toBe('not_pain002');
    expect(result.message).toContain(text);
  });

  it.each([
    ['text', 'Detta är ingen XML'],
    ['a truncated file', REPORT.slice(0, 400)],
    ['mismatched tags', '<Document><A></B></Document>'],
    ['an entity declaration', '<!DOCTYPE d [<!ENTITY e "x">]><Document>&e;</Document>'],
    ['a bare ampersand', '<Document>A & B</Document>'],
    ['an unknown entity', '<Document>&nbsp;</Document>'],
    ['two root elements', '<Document/><Document/>'],
    ['an empty file', ''],
  ])('refuses %s as not XML', (_, xml) => {
    const result = refusal(parsePain002(xml));
    expect(result.code).toBe('not_xml');
    expect(result.message).toMatch(/^Filen är inte giltig XML: .+ \(rad \d+\)\.$/);
  });

  it.each([
    [
      'an unknown transaction status',
      REPORT.replace('<TxSts>ACSC</TxSts>', '<TxSts>DONE</TxSts>'),
      'statuskoden TxSts "DONE" är okänd',
    ],
    [
      'a payment without OrgnlEndToEndId',
      REPORT.replace('<OrgnlEndToEndId>SN-0001</OrgnlEndToEndId>', ''),
      'TxInfAndSts nr 1 i OrgnlPmtInfId PMT-2026-01-25 saknar OrgnlEndToEndId',
    ],
    [
      'a report without the original message id',
      REPORT.replace('<OrgnlMsgId>payment-run:2026-01</OrgnlMsgId>', ''),
      'OrgnlGrpInfAndSts saknar OrgnlMsgId',
    ],
    [
      'a report without group header',
      REPORT.replace(/<GrpHdr>[\s\S]*<\/GrpHdr>/, ''),
      'CstmrPmtStsRpt saknar GrpHdr',
    ],
  ])('refuses %s as an incomplete report', (_, xml, text) => {
    const result = refusal(parsePain002(xml));
    expect(result.code).toBe('invalid_report');
    expect(result.message).toContain(text);
  });

  it('reads a report of 20 000 payments in one pass', () => {
    const transactions = Array.from(
      { length: 20_000 },
      (_, index) =>
        `<TxInfAndSts>\n<OrgnlEndToEndId>SN-${index}</OrgnlEndToEndId>\n<TxSts>${index % 7 === 0 ? 'RJCT' : 'ACCP'}</TxSts>\n</TxInfAndSts>`,
    ).join('\n');
    const large = REPORT.replace(/<TxInfAndSts>[\s\S]*<\/TxInfAndSts>/, transactions);
    const parsed = report(parsePain002(large));
    expect(parsed.transactions).toHaveLength(20_000);
    expect(parsed.transactions.filter((transaction) => transaction.status === 'RJCT')).toHaveLength(
      2858,
    );
    expect(parsed.transactions.at(-1)?.originalEndToEndId).toBe('SN-19999');
  });

  it('ignores elements of another namespace', () => {
    const extended = REPORT.replace(
      '<TxSts>ACSC</TxSts>',
      '<TxSts>ACSC</TxSts><x:TxSts xmlns:x="urn:example:bank">RJCT</x:TxSts>',
    );
    expect(report(parsePain002(extended)).transactions[0]?.status).toBe('ACSC');
  });
});

describe('readXml', () => {
  it('resolves prefixes per element scope and decodes entities, CDATA and character references', () => {
    const root = readXml(
      `<?xml version="1.0"?><a:root xmlns:a="urn:a" xmlns="urn:default" note='&quot;x&quot;'><child a:attr="1">&lt;&#229;&#xE4;&gt;<![CDATA[<&>]]></child><a:other xmlns:a="urn:b"/></a:root>`,
    );
    expect(root).toMatchObject({ localName: 'root', namespace: 'urn:a', line: 1 });
    expect(root.attributes.get('note')).toBe('"x"');
    expect(root.children.map((child) => [child.localName, child.namespace])).toEqual([
      ['child', 'urn:default'],
      ['other', 'urn:b'],
    ]);
    expect(root.children[0]?.text).toBe('<åä><&>');
  });

  it('names the line of the problem', () => {
    expect(() => readXml('<a>\n<b>\n</c>\n</a>')).toThrow(
      new XmlSyntaxError('Sluttaggen </c> hör inte till <b>', 3),
    );
  });

  it.each([
    ['<a b="1" b="2"/>', 'förekommer två gånger'],
    ['<p:a/>', 'Prefixet p'],
    ['<a b=1/>', 'citattecken'],
    ['<a b="<"/>', 'innehåller <'],
    ['<a>&#0;</a>', 'Ogiltig teckenreferens'],
    [`${'<a>'.repeat(65)}${'</a>'.repeat(65)}`, 'djupare än 64'],
  ])('refuses %s', (xml, text) => {
    expect(() => readXml(xml)).toThrow(text);
  });
});
