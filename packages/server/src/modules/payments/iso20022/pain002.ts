// Reads the bank's ISO 20022 pain.002.001.03 (CustomerPaymentStatusReport): whether the file, each
// payment information and each payment was accepted, is pending or was rejected, and why.
import { readXml, XmlSyntaxError, type XmlElement } from './xml-reader.ts';

export const PAIN002_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.002.001.03';

/**
 * Status of one payment (TransactionIndividualStatus3Code):
 * ACTC accepted after technical validation, ACCP accepted after customer profile checks,
 * ACSP accepted and settlement in progress, ACSC settled (the debtor's account is debited),
 * ACWC accepted with a change, PDNG pending, RJCT rejected.
 */
export const TRANSACTION_STATUS_CODES = [
  'ACTC',
  'ACCP',
  'ACSP',
  'ACSC',
  'ACWC',
  'PDNG',
  'RJCT',
] as const;
export type TransactionStatusCode = (typeof TRANSACTION_STATUS_CODES)[number];

/**
 * Status of the file or of one payment information (TransactionGroupStatus3Code): the payment
 * codes, plus RCVD received and PART partly accepted (some payments rejected).
 */
export const GROUP_STATUS_CODES = [...TRANSACTION_STATUS_CODES, 'RCVD', 'PART'] as const;
export type GroupStatusCode = (typeof GROUP_STATUS_CODES)[number];

/** StsRsnInf: an ISO reason code (e.g. AC01 wrong account number) or the bank's own, with text. */
export type StatusReason = {
  readonly code: string | null;
  readonly proprietary: string | null;
  readonly additionalInformation: readonly string[];
};

export type TransactionStatusReport = {
  readonly originalPaymentInformationId: string;
  readonly originalInstructionId: string | null;
  /** The EndToEndId the payment had in our pain.001. */
  readonly originalEndToEndId: string;
  /** Null when the bank gave no status of its own for the payment: see the payment information's. */
  readonly status: TransactionStatusCode | null;
  readonly reasons: readonly StatusReason[];
};

export type PaymentInformationStatusReport = {
  readonly originalPaymentInformationId: string;
  readonly status: GroupStatusCode | null;
  readonly reasons: readonly StatusReason[];
  readonly transactions: readonly TransactionStatusReport[];
};

export type PaymentStatusReport = {
  readonly messageId: string;
  readonly creationDateTime: string;
  /** The MsgId of the pain.001 this report answers. */
  readonly originalMessageId: string;
  /** The kind of message answered, normally `pain.001.001.03`. */
  readonly originalMessageNameId: string;
  readonly groupStatus: GroupStatusCode | null;
  readonly groupReasons: readonly StatusReason[];
  readonly paymentInformations: readonly PaymentInformationStatusReport[];
  /** Every reported payment, in document order. */
  readonly transactions: readonly TransactionStatusReport[];
};

export type Pain002ErrorCode = 'not_xml' | 'not_pain002' | 'invalid_report';

export type Pain002Result =
  | { readonly ok: true; readonly report: PaymentStatusReport }
  | { readonly ok: false; readonly code: Pain002ErrorCode; readonly message: string };

class ReportError extends Error {}

/** Parses a pain.002.001.03 document; anything else is refused with a message saying what it is. */
export function parsePain002(xml: string): Pain002Result {
  let root: XmlElement;
  try {
    root = readXml(xml);
  } catch (error) {
    if (error instanceof XmlSyntaxError) {
      return { ok: false, code: 'not_xml', message: `Filen är inte giltig XML: ${error.message}.` };
    }
    throw error;
  }

  const report = root.children[0];
  if (
    root.localName !== 'Document' ||
    root.namespace !== PAIN002_NAMESPACE ||
    root.children.length !== 1 ||
    report?.localName !== 'CstmrPmtStsRpt' ||
    report.namespace !== PAIN002_NAMESPACE
  ) {
    return { ok: false, code: 'not_pain002', message: describeWrongDocument(root) };
  }

  try {
    return { ok: true, report: readReport(report) };
  } catch (error) {
    if (error instanceof ReportError) {
      return {
        ok: false,
        code: 'invalid_report',
        message: `Statusrapporten (pain.002) är ofullständig: ${error.message}.`,
      };
    }
    throw error;
  }
}

function describeWrongDocument(root: XmlElement): string {
  const namespace = root.namespace ?? '';
  const kind = /^urn:iso:std:iso:20022:tech:xsd:([a-z]{4}\.[0-9]{3}\.[0-9]{3}\.[0-9]{2})$/.exec(
    namespace,
  )?.[1];
  const found =
    kind === undefined
      ? `rotelementet är <${root.localName}>${namespace === '' ? ' utan namnrymd' : ` i namnrymden ${namespace}`}`
      : kind.startsWith('pain.002')
        ? `den är en pain.002 av versionen ${kind}, och bara pain.002.001.03 stöds`
        : `den är en ${kind}`;
  return `Filen är ingen betalningsstatusrapport (ISO 20022 pain.002.001.03): ${found}.`;
}

function readReport(report: XmlElement): PaymentStatusReport {
  const header = required(report, 'GrpHdr', 'CstmrPmtStsRpt');
  const original = required(report, 'OrgnlGrpInfAndSts', 'CstmrPmtStsRpt');
  const paymentInformations = children(report, 'OrgnlPmtInfAndSts').map(readPaymentInformation);
  return {
    messageId: requiredText(header, 'MsgId', 'GrpHdr'),
    creationDateTime: requiredText(header, 'CreDtTm', 'GrpHdr'),
    originalMessageId: requiredText(original, 'OrgnlMsgId', 'OrgnlGrpInfAndSts'),
    originalMessageNameId: requiredText(original, 'OrgnlMsgNmId', 'OrgnlGrpInfAndSts'),
    groupStatus: status(original, 'GrpSts', GROUP_STATUS_CODES, 'OrgnlGrpInfAndSts'),
    groupReasons: children(original, 'StsRsnInf').map(readReason),
    paymentInformations,
    transactions: paymentInformations.flatMap((payment) => payment.transactions),
  };
}

function readPaymentInformation(
  element: XmlElement,
  index: number,
): PaymentInformationStatusReport {
  const where = `OrgnlPmtInfAndSts nr ${index + 1}`;
  const id = requiredText(element, 'OrgnlPmtInfId', where);
  return {
    originalPaymentInformationId: id,
    status: status(element, 'PmtInfSts', GROUP_STATUS_CODES, where),
    reasons: children(element, 'StsRsnInf').map(readReason),
    transactions: children(element, 'TxInfAndSts').map((transaction, transactionIndex) => {
      const at = `TxInfAndSts nr ${transactionIndex + 1} i OrgnlPmtInfId ${id}`;
      return {
        originalPaymentInformationId: id,
        originalInstructionId: optionalText(transaction, 'OrgnlInstrId'),
        // Without it the payment cannot be matched to ours: refuse rather than guess.
        originalEndToEndId: requiredText(transaction, 'OrgnlEndToEndId', at),
        status: status(transaction, 'TxSts', TRANSACTION_STATUS_CODES, at),
        reasons: children(transaction, 'StsRsnInf').map(readReason),
      };
    }),
  };
}

function readReason(element: XmlElement): StatusReason {
  const reason = child(element, 'Rsn');
  return {
    code: reason === undefined ? null : optionalText(reason, 'Cd'),
    proprietary: reason === undefined ? null : optionalText(reason, 'Prtry'),
    additionalInformation: children(element, 'AddtlInf').map((info) => info.text.trim()),
  };
}

function status<const Codes extends readonly string[]>(
  element: XmlElement,
  name: string,
  codes: Codes,
  where: string,
): Codes[number] | null {
  const value = optionalText(element, name);
  if (value === null) return null;
  if (!codes.includes(value)) {
    throw new ReportError(
      `${where}: statuskoden ${name} "${value}" är okänd (väntade ${codes.join(', ')})`,
    );
  }
  return value;
}

function children(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter(
    (candidate) => candidate.localName === name && candidate.namespace === PAIN002_NAMESPACE,
  );
}

function child(element: XmlElement, name: string): XmlElement | undefined {
  return children(element, name)[0];
}

function required(element: XmlElement, name: string, where: string): XmlElement {
  const found = child(element, name);
  if (found === undefined) throw new ReportError(`${where} saknar ${name}`);
  return found;
}

function requiredText(element: XmlElement, name: string, where: string): string {
  const value = optionalText(element, name);
  if (value === null) throw new ReportError(`${where} saknar ${name}`);
  return value;
}

function optionalText(element: XmlElement, name: string): string | null {
  const found = child(element, name);
  if (found === undefined) return null;
  const value = found.text.trim();
  return value === '' ? null : value;
}
