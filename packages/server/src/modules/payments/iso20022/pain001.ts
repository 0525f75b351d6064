// Writes ISO 20022 pain.001.001.03 (CustomerCreditTransferInitiation) payment files for SEK
// payments to Swedish bank accounts, bankgiro and plusgiro numbers. Pure: the same message and
// options always give the same bytes; nothing reads the clock.
//
// Structure and usage follow the Swedish banks' common interpretation of ISO 20022 ("Swedish Common
// Interpretation of ISO 20022 Payment Messages", with appendix 1 "Common Payment Types in Sweden"),
// which each bank's own implementation guide (MIG) refines. What differs between banks is in
// `Pain001BankOptions`; check those against your bank's guide before the first real file.
import {
  isInstant,
  isPlainDate,
  isValidMod10,
  validateBankAccount,
  validateBankgiro,
  validateIban,
  validatePlusgiro,
  type AccountResult,
  type PayeeAccount,
} from '@skyddsnat/domain';
import { describeCharacter, escapeXml, toBankText } from './bank-text.ts';

export const PAIN001_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.03';

/** The municipality's account that is debited. */
export type Pain001DebtorAccount =
  | { readonly kind: 'iban'; readonly iban: string }
  | { readonly kind: 'bank_account'; readonly clearing: string; readonly account: string }
  | { readonly kind: 'bankgiro'; readonly number: string };

/**
 * The payee's account: a Swedish bank account, bankgiro or plusgiro number (the domain's
 * `PayeeAccount`, so a validated payee account can be passed as it is), or a Swedish IBAN.
 */
export type Pain001CreditorAccount =
  PayeeAccount | { readonly kind: 'iban'; readonly iban: string };

export type Pain001CreditTransfer = {
  /** Our id of the payment, unique in the file; the bank's status report refers back to it. */
  readonly endToEndId: string;
  /** Whole öre, at least 1. Written as kronor with exactly two decimals. */
  readonly amountOre: number;
  readonly creditorName: string;
  readonly creditorAccount: Pain001CreditorAccount;
  /** Free text for the payee's statement (Ustrd), at most 140 characters. */
  readonly remittanceInformation?: string;
};

export type Pain001PaymentInformation = {
  /** Unique in the file. */
  readonly paymentInformationId: string;
  /** `YYYY-MM-DD`, the day the municipality's account is to be debited. */
  readonly requestedExecutionDate: string;
  readonly debtorName: string;
  readonly debtorAccount: Pain001DebtorAccount;
  /** The debtor's bank, e.g. `ESSESESS` (SEB), `HANDSESS`, `NDEASESS`, `SWEDSESS`. */
  readonly debtorAgentBic: string;
  readonly creditTransfers: readonly Pain001CreditTransfer[];
};

export type Pain001Message = {
  /** Unique per file and bank agreement: banks refuse a message id they have seen before. */
  readonly messageId: string;
  /** When the file was created, with an offset: `2026-01-23T14:05:00+01:00`. Given, not read. */
  readonly creationDateTime: string;
  readonly initiatingParty: { readonly name: string; readonly organisationNumber: string };
  readonly paymentInformations: readonly Pain001PaymentInformation[];
};

/** What a municipality sets once, from its bank's implementation guide. */
export type Pain001BankOptions = {
  /**
   * PmtTpInf/SvcLvl/Cd. Domestic account, bankgiro and plusgiro payments are non-urgent: `NURG`
   * (appendix 1 of the Swedish interpretation). null leaves the element out.
   */
  readonly serviceLevel: 'NURG' | null;
  /**
   * PmtTpInf/CtgyPurp/Cd. `SUPP` is an ordinary payment; `SALA`, `PENS` and `SSBE` (social
   * security benefit) ask the bank for its salary or benefit service, which needs an agreement.
   */
  readonly categoryPurpose: 'SUPP' | 'SALA' | 'PENS' | 'SSBE' | null;
  /** PmtInf/ChrgBr. `SLEV`: charges as the service level says (CGI recommendation). */
  readonly chargeBearer: 'SLEV' | 'SHAR' | 'DEBT' | 'CRED' | null;
  /**
   * PmtInf/BtchBookg: true gives one debit per payment information on the municipality's
   * statement, false one per payment; null leaves it to the bank agreement.
   */
  readonly batchBooking: boolean | null;
  /**
   * InitgPty/Id/OrgId/Othr/SchmeNm/Cd for the organisation number: `BANK` (an id the bank
   * assigned or accepts, usually the organisation number) or `CUST` (customer number).
   */
  readonly initiatingPartyScheme: 'BANK' | 'CUST';
  /** Also identify the debtor (Dbtr/Id) by the organisation number; some banks require it. */
  readonly debtorOrganisationId: boolean;
  /**
   * How a debtor account given as clearing + account number is marked in DbtrAcct/Id/Othr:
   * `SchmeNm/Prtry` `BBAN` or `SchmeNm/Cd` `BBAN`. A bankgiro debtor is always `Prtry` `BGNR`.
   */
  readonly debtorBbanScheme: 'proprietary' | 'code';
  /** The same for a creditor bank account (CdtrAcct/Id/Othr); bankgiro is `BGNR`, plusgiro `PGNR`. */
  readonly creditorBbanScheme: 'code' | 'proprietary';
  /**
   * For a creditor bank account, also name the payee's bank by clearing number
   * (CdtrAgt/FinInstnId/ClrSysMmbId, clearing system `SESBA`).
   */
  readonly creditorAgentClearingNumber: boolean;
};

export const DEFAULT_PAIN001_BANK_OPTIONS: Pain001BankOptions = {
  serviceLevel: 'NURG',
  categoryPurpose: 'SUPP',
  chargeBearer: 'SLEV',
  batchBooking: null,
  initiatingPartyScheme: 'BANK',
  debtorOrganisationId: false,
  debtorBbanScheme: 'proprietary',
  creditorBbanScheme: 'code',
  creditorAgentClearingNumber: true,
};

export const PAIN001_ISSUE_CODES = [
  'required',
  'too_long',
  'invalid_characters',
  'invalid_identifier',
  'duplicate_identifier',
  'invalid_date',
  'invalid_date_time',
  'execution_date_before_creation',
  'invalid_amount',
  'control_sum_too_large',
  'invalid_account',
  'foreign_account',
  'invalid_bic',
  'invalid_organisation_number',
] as const;

export type Pain001IssueCode = (typeof PAIN001_ISSUE_CODES)[number];

/** One problem in the input; `path` names the field, e.g. `paymentInformations[0].creditTransfers[2].creditorName`. */
export type Pain001Issue = {
  readonly path: string;
  readonly code: Pain001IssueCode;
  readonly message: string;
};

export type Pain001Result =
  | {
      readonly ok: true;
      readonly xml: string;
      readonly numberOfTransactions: number;
      /** The control sum as written: kronor with two decimals. */
      readonly controlSum: string;
    }
  | { readonly ok: false; readonly issues: readonly Pain001Issue[] };

// Lengths: identifiers are Max35Text in the schema; names are Max140Text there, but the Swedish
// interpretation (like CGI) carries at most 70 characters; Ustrd is Max140Text.
const MAX_ID_LENGTH = 35;
const MAX_NAME_LENGTH = 70;
const MAX_REMITTANCE_LENGTH = 140;
// Amounts and control sums may have at most 18 digits in all (totalDigits), two of them decimals.
const MAX_TOTAL_ORE = 10n ** 18n - 1n;
// Identifiers keep to the Latin set without spaces; the EPC rules also forbid a leading or
// trailing slash and a double slash, which some banks enforce.
const IDENTIFIER = /^[A-Za-z0-9/\-?:().,'+]+$/;
const BIC = /^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/;

/**
 * Validates `message` and writes the pain.001.001.03 document, or returns every problem found.
 * Problems are reported in Swedish, for the staff who prepared the payments.
 */
export function writePain001(
  message: Pain001Message,
  options: Partial<Pain001BankOptions> = {},
): Pain001Result {
  const settings: Pain001BankOptions = { ...DEFAULT_PAIN001_BANK_OPTIONS, ...options };
  const issues: Pain001Issue[] = [];
  const check = new Checker(issues);

  const messageId = check.identifier('messageId', message.messageId, 'Meddelandets id (MsgId)');
  const creationDateTime = check.dateTime('creationDateTime', message.creationDateTime);
  const initiatingName = check.name(
    'initiatingParty.name',
    message.initiatingParty.name,
    'Initierande partens namn',
  );
  const organisationNumber = check.organisationNumber(
    'initiatingParty.organisationNumber',
    message.initiatingParty.organisationNumber,
  );
  if (message.paymentInformations.length === 0) {
    check.issue('paymentInformations', 'required', 'Filen innehåller inga betalningar.');
  }

  const paymentInformationIds = new Set<string>();
  const endToEndIds = new Set<string>();
  let totalOre = 0n;
  let totalCount = 0;
  const paymentNodes: XmlNode[] = [];

  message.paymentInformations.forEach((payment, paymentIndex) => {
    const at = `paymentInformations[${paymentIndex}]`;
    const id = check.identifier(
      `${at}.paymentInformationId`,
      payment.paymentInformationId,
      'Betalningsuppdragets id (PmtInfId)',
    );
    if (id !== null) {
      if (paymentInformationIds.has(id)) {
        check.issue(
          `${at}.paymentInformationId`,
          'duplicate_identifier',
          `Betalningsuppdragets id ${id} förekommer mer än en gång i filen.`,
        );
      }
      paymentInformationIds.add(id);
    }
    const executionDate = check.executionDate(
      `${at}.requestedExecutionDate`,
      payment.requestedExecutionDate,
      creationDateTime,
    );
    const debtorName = check.name(`${at}.debtorName`, payment.debtorName, 'Betalarens namn');
    const debtorAccount = debtorAccountNode(
      check,
      `${at}.debtorAccount`,
      payment.debtorAccount,
      settings,
    );
    const bic = check.bic(`${at}.debtorAgentBic`, payment.debtorAgentBic);
    if (payment.creditTransfers.length === 0) {
      check.issue(
        `${at}.creditTransfers`,
        'required',
        'Betalningsuppdraget innehåller inga betalningar.',
      );
    }

    let paymentOre = 0n;
    const transferNodes = payment.creditTransfers.map((transfer, transferIndex) => {
      const path = `${at}.creditTransfers[${transferIndex}]`;
      const endToEndId = check.identifier(
        `${path}.endToEndId`,
        transfer.endToEndId,
        'Betalningens id (EndToEndId)',
      );
      if (endToEndId !== null) {
        if (endToEndIds.has(endToEndId)) {
          check.issue(
            `${path}.endToEndId`,
            'duplicate_identifier',
            `Betalningens id ${endToEndId} förekommer mer än en gång i filen.`,
          );
        }
        endToEndIds.add(endToEndId);
      }
      const amount = check.amount(`${path}.amountOre`, transfer.amountOre);
      if (amount !== null) paymentOre += amount;
      const creditorName = check.name(
        `${path}.creditorName`,
        transfer.creditorName,
        'Mottagarens namn',
      );
      const account = creditorAccountNodes(
        check,
        `${path}.creditorAccount`,
        transfer.creditorAccount,
        settings,
      );
      const remittance =
        transfer.remittanceInformation === undefined
          ? null
          : check.text(
              `${path}.remittanceInformation`,
              transfer.remittanceInformation,
              'Meddelandet till mottagaren',
              MAX_REMITTANCE_LENGTH,
              false,
            );
      return element('CdtTrfTxInf', [
        element('PmtId', [leaf('EndToEndId', endToEndId)]),
        element('Amt', [
          leaf('InstdAmt', amount === null ? '' : formatOre(amount), [['Ccy', 'SEK']]),
        ]),
        account.agent,
        element('Cdtr', [leaf('Nm', creditorName)]),
        element('CdtrAcct', [element('Id', [account.id])]),
        remittance === null || remittance === ''
          ? null
          : element('RmtInf', [leaf('Ustrd', remittance)]),
      ]);
    });

    totalOre += paymentOre;
    totalCount += payment.creditTransfers.length;
    if (paymentOre > MAX_TOTAL_ORE) {
      check.issue(
        `${at}.creditTransfers`,
        'control_sum_too_large',
        'Summan av betalningsuppdraget har fler än 18 siffror och kan inte skrivas i filen. Dela upp betalningarna.',
      );
    }

    paymentNodes.push(
      element('PmtInf', [
        leaf('PmtInfId', id),
        leaf('PmtMtd', 'TRF'),
        settings.batchBooking === null ? null : leaf('BtchBookg', String(settings.batchBooking)),
        leaf('NbOfTxs', String(payment.creditTransfers.length)),
        leaf('CtrlSum', formatOre(paymentOre)),
        paymentTypeNode(settings),
        leaf('ReqdExctnDt', executionDate),
        element('Dbtr', [
          leaf('Nm', debtorName),
          settings.debtorOrganisationId ? organisationIdNode(organisationNumber, settings) : null,
        ]),
        element('DbtrAcct', [element('Id', [debtorAccount]), leaf('Ccy', 'SEK')]),
        element('DbtrAgt', [element('FinInstnId', [leaf('BIC', bic)])]),
        settings.chargeBearer === null ? null : leaf('ChrgBr', settings.chargeBearer),
        ...transferNodes,
      ]),
    );
  });

  if (totalOre > MAX_TOTAL_ORE) {
    check.issue(
      'paymentInformations',
      'control_sum_too_large',
      'Filens kontrollsumma har fler än 18 siffror och kan inte skrivas. Dela upp betalningarna på flera filer.',
    );
  }
  if (issues.length > 0) return { ok: false, issues };

  const controlSum = formatOre(totalOre);
  const document = element(
    'Document',
    [
      element('CstmrCdtTrfInitn', [
        element('GrpHdr', [
          leaf('MsgId', messageId),
          leaf('CreDtTm', creationDateTime),
          leaf('NbOfTxs', String(totalCount)),
          leaf('CtrlSum', controlSum),
          element('InitgPty', [
            leaf('Nm', initiatingName),
            organisationIdNode(organisationNumber, settings),
          ]),
        ]),
        ...paymentNodes,
      ]),
    ],
    [['xmlns', PAIN001_NAMESPACE]],
  );
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n${render(document, 0).join('\n')}\n`;
  return { ok: true, xml, numberOfTransactions: totalCount, controlSum };
}

/** Whole öre as kronor with exactly two decimals: 1 → `0.01`, 123456 → `1234.56`. */
export function formatOre(ore: bigint): string {
  const kronor = ore / 100n;
  const rest = ore % 100n;
  return `${kronor.toString()}.${rest.toString().padStart(2, '0')}`;
}

function paymentTypeNode(settings: Pain001BankOptions): XmlNode | null {
  if (settings.serviceLevel === null && settings.categoryPurpose === null) return null;
  return element('PmtTpInf', [
    settings.serviceLevel === null ? null : element('SvcLvl', [leaf('Cd', settings.serviceLevel)]),
    settings.categoryPurpose === null
      ? null
      : element('CtgyPurp', [leaf('Cd', settings.categoryPurpose)]),
  ]);
}

function organisationIdNode(
  organisationNumber: string | null,
  settings: Pain001BankOptions,
): XmlNode {
  return element('Id', [
    element('OrgId', [
      element('Othr', [
        leaf('Id', organisationNumber),
        element('SchmeNm', [leaf('Cd', settings.initiatingPartyScheme)]),
      ]),
    ]),
  ]);
}

// Othr/Id with its scheme: Swedish account numbers have no ISO code of their own, so the
// interpretation names them BBAN (code or proprietary, per bank), BGNR (bankgiro), PGNR (plusgiro).
function otherAccountNode(id: string, scheme: 'code' | 'proprietary', name: string): XmlNode {
  return element('Othr', [
    leaf('Id', id),
    element('SchmeNm', [leaf(scheme === 'code' ? 'Cd' : 'Prtry', name)]),
  ]);
}

function debtorAccountNode(
  check: Checker,
  path: string,
  account: Pain001DebtorAccount,
  settings: Pain001BankOptions,
): XmlNode | null {
  switch (account.kind) {
    case 'iban': {
      const iban = check.account(path, validateIban(account.iban), 'Betalarens IBAN');
      if (iban === null) return null;
      if (iban.countryCode !== 'SE') return check.foreign(path, 'Betalarens konto');
      return leaf('IBAN', iban.iban);
    }
    case 'bank_account': {
      const bank = check.account(
        path,
        validateBankAccount(account.clearing, account.account),
        'Betalarens konto',
      );
      return bank === null ? null : otherAccountNode(bank.bban, settings.debtorBbanScheme, 'BBAN');
    }
    case 'bankgiro': {
      const giro = check.account(
        path,
        validateBankgiro(account.number),
        'Betalarens bankgironummer',
      );
      return giro === null ? null : otherAccountNode(giro.number, 'proprietary', 'BGNR');
    }
  }
}

function creditorAccountNodes(
  check: Checker,
  path: string,
  account: Pain001CreditorAccount,
  settings: Pain001BankOptions,
): { agent: XmlNode | null; id: XmlNode | null } {
  switch (account.kind) {
    case 'bank_account': {
      const bank = check.account(
        path,
        validateBankAccount(account.clearing, account.account),
        'Mottagarens konto',
      );
      if (bank === null) return { agent: null, id: null };
      // The payee's bank by its four-digit clearing number in the Swedish clearing (SESBA).
      const agent = settings.creditorAgentClearingNumber
        ? element('CdtrAgt', [
            element('FinInstnId', [
              element('ClrSysMmbId', [
                element('ClrSysId', [leaf('Cd', 'SESBA')]),
                leaf('MmbId', bank.clearing.slice(0, 4)),
              ]),
            ]),
          ])
        : null;
      return { agent, id: otherAccountNode(bank.bban, settings.creditorBbanScheme, 'BBAN') };
    }
    case 'bankgiro': {
      const giro = check.account(
        path,
        validateBankgiro(account.number),
        'Mottagarens bankgironummer',
      );
      return {
        agent: null,
        id: giro === null ? null : otherAccountNode(giro.number, 'proprietary', 'BGNR'),
      };
    }
    case 'plusgiro': {
      const giro = check.account(
        path,
        validatePlusgiro(account.number),
        'Mottagarens plusgironummer',
      );
      return {
        agent: null,
        id: giro === null ? null : otherAccountNode(giro.number, 'proprietary', 'PGNR'),
      };
    }
    case 'iban': {
      const iban = check.account(path, validateIban(account.iban), 'Mottagarens IBAN');
      if (iban === null) return { agent: null, id: null };
      if (iban.countryCode !== 'SE')
        return { agent: null, id: check.foreign(path, 'Mottagarens konto') };
      return { agent: null, id: leaf('IBAN', iban.iban) };
    }
  }
}

/** Collects issues; each method returns the checked value, or null after recording why not. */
class Checker {
  readonly #issues: Pain001Issue[];

  constructor(issues: Pain001Issue[]) {
    this.#issues = issues;
  }

  issue(path: string, code: Pain001IssueCode, message: string): null {
    this.#issues.push({ path, code, message });
    return null;
  }

  text(
    path: string,
    value: string,
    label: string,
    maxLength: number,
    required = true,
  ): string | null {
    const result = toBankText(value);
    if (!result.ok) {
      return this.issue(
        path,
        'invalid_characters',
        `${label} innehåller tecknet ${describeCharacter(result.character)}, som inte kan skickas till banken. Tillåtna är bokstäverna a–z och å ä ö, siffror och / - ? : ( ) . , ' + & < > ".`,
      );
    }
    if (required && result.text === '') return this.issue(path, 'required', `${label} saknas.`);
    if (result.text.length > maxLength) {
      return this.issue(
        path,
        'too_long',
        `${label} får ha högst ${maxLength} tecken men har ${result.text.length}.`,
      );
    }
    return result.text;
  }

  name(path: string, value: string, label: string): string | null {
    return this.text(path, value, label, MAX_NAME_LENGTH);
  }

  identifier(path: string, value: string, label: string): string | null {
    if (value === '') return this.issue(path, 'required', `${label} saknas.`);
    if (value.length > MAX_ID_LENGTH) {
      return this.issue(
        path,
        'too_long',
        `${label} får ha högst ${MAX_ID_LENGTH} tecken men har ${value.length}.`,
      );
    }
    if (
      !IDENTIFIER.test(value) ||
      value.startsWith('/') ||
      value.endsWith('/') ||
      value.includes('//')
    ) {
      return this.issue(
        path,
        'invalid_identifier',
        `${label} "${value}" får bara innehålla A–Z, a–z, 0–9 och / - ? : ( ) . , ' +, utan mellanslag, och inte börja eller sluta med / eller innehålla //.`,
      );
    }
    return value;
  }

  dateTime(path: string, value: string): string | null {
    return isInstant(value)
      ? value
      : this.issue(
          path,
          'invalid_date_time',
          `Tidpunkten "${value}" ska skrivas ÅÅÅÅ-MM-DDTtt:mm:ss med tidszon, till exempel 2026-01-23T14:05:00+01:00.`,
        );
  }

  executionDate(path: string, value: string, creationDateTime: string | null): string | null {
    if (!isPlainDate(value)) {
      return this.issue(
        path,
        'invalid_date',
        `Betalningsdagen "${value}" ska vara ett datum ÅÅÅÅ-MM-DD.`,
      );
    }
    // The file's own calendar day, as written: a payment cannot be asked for before it exists.
    const created = creationDateTime?.slice(0, 10);
    if (created !== undefined && value < created) {
      return this.issue(
        path,
        'execution_date_before_creation',
        `Betalningsdagen ${value} ligger före dagen då filen skapas (${created}).`,
      );
    }
    return value;
  }

  amount(path: string, value: number): bigint | null {
    if (!Number.isSafeInteger(value) || value < 1) {
      return this.issue(
        path,
        'invalid_amount',
        `Beloppet ska vara ett helt antal öre, minst 1 öre (0,01 kr), men är ${String(value)}.`,
      );
    }
    return BigInt(value);
  }

  bic(path: string, value: string): string | null {
    return BIC.test(value)
      ? value
      : this.issue(
          path,
          'invalid_bic',
          `BIC "${value}" ska ha 8 eller 11 tecken, till exempel ESSESESS.`,
        );
  }

  organisationNumber(path: string, value: string): string | null {
    let digits = value.replace(/[\s-]/g, '');
    // The twelve-digit form prefixes 16 (the "century" of legal persons).
    if (digits.length === 12 && digits.startsWith('16')) digits = digits.slice(2);
    if (!/^[0-9]{10}$/.test(digits) || !isValidMod10(digits)) {
      return this.issue(
        path,
        'invalid_organisation_number',
        `Organisationsnumret "${value}" ska ha tio siffror med rätt kontrollsiffra, till exempel 212000-0142.`,
      );
    }
    return digits;
  }

  account<T>(path: string, result: AccountResult<T>, label: string): T | null {
    return result.ok
      ? result.value
      : this.issue(path, 'invalid_account', `${label}: ${result.message}`);
  }

  foreign(path: string, label: string): null {
    return this.issue(
      path,
      'foreign_account',
      `${label} är ett utländskt IBAN. Filen är för inrikes betalningar i kronor; utlandsbetalningar hanteras inte här.`,
    );
  }
}

// A tiny tree for the document, so that the writer reads like the message structure. A null child
// is left out; a null leaf text only occurs when an issue was recorded and no XML is returned.
type XmlNode = {
  readonly name: string;
  readonly attributes: readonly (readonly [string, string])[];
  readonly children: readonly XmlNode[] | null;
  readonly text: string | null;
};

function element(
  name: string,
  children: readonly (XmlNode | null)[],
  attributes: readonly (readonly [string, string])[] = [],
): XmlNode {
  return {
    name,
    attributes,
    children: children.filter((child): child is XmlNode => child !== null),
    text: null,
  };
}

function leaf(
  name: string,
  text: string | null,
  attributes: readonly (readonly [string, string])[] = [],
): XmlNode {
  return { name, attributes, children: null, text };
}

// Two-space indentation, one element per line, LF line ends: stable bytes for the same input.
function render(node: XmlNode, depth: number): string[] {
  const indent = '  '.repeat(depth);
  const attributes = node.attributes
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
    .join('');
  if (node.children === null) {
    return [`${indent}<${node.name}${attributes}>${escapeXml(node.text ?? '')}</${node.name}>`];
  }
  return [
    `${indent}<${node.name}${attributes}>`,
    ...node.children.flatMap((child) => render(child, depth + 1)),
    `${indent}</${node.name}>`,
  ];
}
