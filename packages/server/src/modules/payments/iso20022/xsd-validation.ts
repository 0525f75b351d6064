// Checks an XML document against an XSD with xmllint (Debian's libxml2-utils), the document on stdin.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The pain.001.001.03 schema shipped with the server (packages/server/iso20022). */
export const PAIN001_XSD_PATH = fileURLToPath(
  new URL('../../../../iso20022/pain.001.001.03.xsd', import.meta.url),
);

export type XsdValidationResult = {
  readonly valid: boolean;
  /** xmllint's messages, one per line, e.g. `-:12: Schemas validity error : Element 'Nm': …`. */
  readonly errors: readonly string[];
};

// xmllint's exit codes: 0 valid, 1 not well-formed, 3 and 4 invalid; 5 means the schema itself
// could not be compiled, which is a fault of the installation rather than of the document.
const SCHEMA_NOT_COMPILED = 5;

/**
 * Validates `xml` against the schema at `xsdPath`. Rejects (rather than reporting the document
 * invalid) when xmllint is missing or the schema cannot be read.
 */
export function validateAgainstXsd(
  xml: string,
  xsdPath: string = PAIN001_XSD_PATH,
): Promise<XsdValidationResult> {
  return new Promise((resolve, reject) => {
    // --nonet: a schema or document must never make the validator fetch anything.
    const child = spawn('xmllint', ['--noout', '--nonet', '--schema', xsdPath, '-'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout.resume();
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new Error('xmllint is not installed: install the Debian package libxml2-utils')
          : error,
      );
    });
    // xmllint may stop reading early on a broken document; its exit code tells us why.
    child.stdin.on('error', () => undefined);
    child.on('close', (code) => {
      const lines = stderr.split('\n').filter((line) => line.trim() !== '');
      if (code === 0) {
        resolve({ valid: true, errors: [] });
      } else if (code === SCHEMA_NOT_COMPILED) {
        reject(new Error(`xmllint could not compile the schema ${xsdPath}:\n${lines.join('\n')}`));
      } else {
        resolve({ valid: false, errors: lines.filter((line) => line !== '- fails to validate') });
      }
    });
    child.stdin.end(xml, 'utf8');
  });
}
