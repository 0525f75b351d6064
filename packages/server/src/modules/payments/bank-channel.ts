// The bank channel: how a run's pain.001 reaches the bank and how its pain.002 comes back. Today
// the file is exported (downloaded or written to a directory) and uploaded in the bank's service;
// a direct channel (the bank's API, SFTP) implements the same interface. The local bank answers
// like a Swedish bank does, so the demo and the tests exercise the whole loop without a bank.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { escapeXml } from './iso20022/bank-text.ts';
import { readXml, type XmlElement } from './iso20022/xml-reader.ts';

export type BankDelivery = { readonly messageId: string; readonly xml: string };

export interface BankChannel {
  readonly name: string;
  /** Hands the file to the bank; returns where it went (a path, a bank reference). */
  deliver(file: BankDelivery): Promise<string>;
}

/** Writes each file to a directory that the municipality's bank integration picks up. */
export class DirectoryExportChannel implements BankChannel {
  readonly name = 'directory-export';
  readonly #directory: string;

  constructor(directory: string) {
    this.#directory = directory;
  }

  async deliver(file: BankDelivery): Promise<string> {
    await mkdir(this.#directory, { recursive: true });
    const target = path.join(this.#directory, `${file.messageId}.xml`);
    try {
      // 'wx': a file already delivered is never overwritten (its bytes never change anyway).
      await writeFile(target, file.xml, { encoding: 'utf8', flag: 'wx' });
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
    }
    return target;
  }
}

function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.localName === name);
}

function descendants(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const c of element.children) {
    if (c.localName === name) found.push(c);
    found.push(...descendants(c, name));
  }
  return found;
}

/**
 * The local bank's pain.002.001.03 answer to a pain.001.001.03 file: every payment accepted
 * (ACSC) unless `reject` names a reason for its end-to-end id (RJCT with that ISO reason code).
 */
export function localBankStatusReport(
  pain001: string,
  options: {
    messageId: string;
    creationDateTime: string;
    reject?: (endToEndId: string) => { code: string; text: string } | null;
  },
): string {
  const root = readXml(pain001);
  const initiation = child(root, 'CstmrCdtTrfInitn');
  const header = initiation ? child(initiation, 'GrpHdr') : undefined;
  const originalMessageId = header ? child(header, 'MsgId')?.text : undefined;
  if (!initiation || !originalMessageId) throw new Error('Not a pain.001.001.03 file');
  const informations = initiation.children.filter((c) => c.localName === 'PmtInf');
  let rejected = 0;
  let total = 0;
  const blocks = informations.map((info) => {
    const infoId = child(info, 'PmtInfId')?.text ?? '';
    const transactions = descendants(info, 'EndToEndId').map((e) => e.text);
    const rows = transactions.map((e2e, i) => {
      total += 1;
      const reason = options.reject?.(e2e) ?? null;
      if (reason) rejected += 1;
      return `      <TxInfAndSts>
        <StsId>${String(i + 1)}</StsId>
        <OrgnlEndToEndId>${escapeXml(e2e)}</OrgnlEndToEndId>
        <TxSts>${reason ? 'RJCT' : 'ACSC'}</TxSts>${
          reason
            ? `
        <StsRsnInf>
          <Rsn><Cd>${escapeXml(reason.code)}</Cd></Rsn>
          <AddtlInf>${escapeXml(reason.text)}</AddtlInf>
        </StsRsnInf>`
            : ''
        }
      </TxInfAndSts>`;
    });
    return `    <OrgnlPmtInfAndSts>
      <OrgnlPmtInfId>${escapeXml(infoId)}</OrgnlPmtInfId>
${rows.join('\n')}
    </OrgnlPmtInfAndSts>`;
  });
  const groupStatus = rejected === 0 ? 'ACSC' : rejected === total ? 'RJCT' : 'PART';
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">
  <CstmrPmtStsRpt>
    <GrpHdr>
      <MsgId>${escapeXml(options.messageId)}</MsgId>
      <CreDtTm>${escapeXml(options.creationDateTime)}</CreDtTm>
    </GrpHdr>
    <OrgnlGrpInfAndSts>
      <OrgnlMsgId>${escapeXml(originalMessageId)}</OrgnlMsgId>
      <OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId>
      <GrpSts>${groupStatus}</GrpSts>
    </OrgnlGrpInfAndSts>
${blocks.join('\n')}
  </CstmrPmtStsRpt>
</Document>
`;
}
