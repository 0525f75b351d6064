// Journal test fixtures: household members, access-log counts, and text extraction from a PDF.
import { inflateSync } from 'node:zlib';
import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';
import { journalDb } from '../../src/modules/journal/tables.ts';
import type { OrgFixture } from './harness.ts';

export async function addHouseholdMember(
  ownerDb: Db,
  org: OrgFixture,
  spec: {
    caseId: string;
    personId: string;
    role: 'applicant' | 'partner' | 'child' | 'other';
    validFrom: string;
    validTo?: string | null;
    recordedBy: string;
  },
): Promise<void> {
  await journalDb(ownerDb)
    .insertInto('app.household_member')
    .values({
      municipality_id: org.municipalityId,
      case_id: spec.caseId,
      person_id: spec.personId,
      member_role: spec.role,
      valid_from: spec.validFrom,
      valid_to: spec.validTo ?? null,
      recorded_by: spec.recordedBy,
    })
    .execute();
}

export async function accessLogCount(ownerDb: Db): Promise<number> {
  const row = await ownerDb
    .selectFrom('audit.access_log')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function lastAccessLogEntry(ownerDb: Db) {
  return ownerDb
    .selectFrom('audit.access_log')
    .selectAll()
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
}

// PDF text extraction ------------------------------------------------------------------------
// pdfmake (pdfkit) writes compressed content streams that show text as glyph codes of embedded
// font subsets (Identity-H); each font's ToUnicode CMap maps the codes back to characters.

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

function pdfObjects(pdf: Buffer): Map<string, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<string, PdfObject>();
  const pattern = /(\d+) 0 obj([\s\S]*?)endobj/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const [, id = '', body = ''] = match;
    const streamAt = body.indexOf('stream');
    if (streamAt === -1) {
      objects.set(id, { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, streamAt);
    let start = streamAt + 'stream'.length;
    if (body[start] === '\r') start += 1;
    if (body[start] === '\n') start += 1;
    const raw = Buffer.from(body.slice(start, body.lastIndexOf('endstream')), 'latin1');
    const stream = dict.includes('/FlateDecode') ? inflateSync(raw) : raw;
    objects.set(id, { dict, stream });
  }
  return objects;
}

function hexToString(hex: string): string {
  const codes: number[] = [];
  for (let i = 0; i + 4 <= hex.length; i += 4) codes.push(parseInt(hex.slice(i, i + 4), 16));
  return String.fromCodePoint(...codes);
}

/** code → text, from the bfchar and bfrange sections of a ToUnicode CMap. */
function parseToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const section of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const pair of (section[1] ?? '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
      map.set(parseInt(pair[1] ?? '0', 16), hexToString(pair[2] ?? ''));
    }
  }
  for (const section of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    const body = section[1] ?? '';
    const entries = body.matchAll(
      /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(?:\[([^\]]*)\]|<([0-9a-fA-F]+)>)/g,
    );
    for (const entry of entries) {
      const low = parseInt(entry[1] ?? '0', 16);
      const high = parseInt(entry[2] ?? '0', 16);
      if (entry[3] !== undefined) {
        const targets = [...entry[3].matchAll(/<([0-9a-fA-F]+)>/g)].map((t) => t[1] ?? '');
        targets.forEach((target, i) => map.set(low + i, hexToString(target)));
      } else {
        const base = parseInt(entry[4] ?? '0', 16);
        for (let code = low; code <= high; code += 1) {
          map.set(code, String.fromCodePoint(base + code - low));
        }
      }
    }
  }
  return map;
}

const ref = (dict: string, key: string): string | undefined =>
  new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(dict)?.[1];

/** The text of every page of a pdfkit/pdfmake PDF, line by line. */
export function extractPdfText(pdf: Buffer): string {
  const objects = pdfObjects(pdf);
  const lines: string[] = [];
  for (const page of objects.values()) {
    if (!/\/Type\s*\/Page\b/.test(page.dict)) continue;
    const resourcesId = ref(page.dict, 'Resources');
    const resources = resourcesId ? (objects.get(resourcesId)?.dict ?? '') : page.dict;
    const fontSection = /\/Font\s*<<([\s\S]*?)>>/.exec(resources)?.[1] ?? '';
    const fonts = new Map<string, Map<number, string>>();
    for (const font of fontSection.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
      const fontDict = objects.get(font[2] ?? '')?.dict ?? '';
      const cmapId = ref(fontDict, 'ToUnicode');
      const cmap = cmapId ? objects.get(cmapId)?.stream?.toString('latin1') : undefined;
      fonts.set(font[1] ?? '', cmap ? parseToUnicode(cmap) : new Map<number, string>());
    }
    const contentsId = ref(page.dict, 'Contents');
    const content = contentsId ? (objects.get(contentsId)?.stream?.toString('latin1') ?? '') : '';
    for (const block of content.matchAll(/BT([\s\S]*?)ET/g)) {
      let current = new Map<number, string>();
      let line = '';
      const tokens = (block[1] ?? '').matchAll(/\/(\w+)\s+[\d.]+\s+Tf|<([0-9a-fA-F]*)>/g);
      for (const token of tokens) {
        if (token[1] !== undefined) {
          current = fonts.get(token[1]) ?? new Map<number, string>();
          continue;
        }
        const hex = token[2] ?? '';
        for (let i = 0; i + 4 <= hex.length; i += 4) {
          line += current.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\uFFFD';
        }
      }
      lines.push(line);
    }
  }
  // pdfmake writes a line word by word; a word ending in a space or hyphen continues the line.
  return lines.reduce(
    (text, line) => (text === '' || /[ -]$/.test(text) ? text + line : `${text}\n${line}`),
    '',
  );
}
