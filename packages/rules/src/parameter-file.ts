// Strict loader for one parameter data file (YAML): every problem names the file and the line.
import {
  LineCounter,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Node,
  type Pair,
} from 'yaml';
import { isPlainDate } from './plain-date.ts';
import {
  PARAMETER_IDS,
  PARAMETER_STATUSES,
  isParameterId,
  parameterValueProblems,
  type ParameterId,
  type ParameterStatus,
} from './parameter-definitions.ts';

/** One dated value as written in a data file. */
export type ParameterFileVersion = {
  readonly effectiveFrom: string;
  readonly value: unknown;
  readonly source: string;
  readonly status: ParameterStatus;
  readonly note?: string | undefined;
  /** Line of the version's date key, for messages that point back at the file. */
  readonly line: number;
};

export type ParameterFile = {
  readonly fileName: string;
  readonly parameterId: ParameterId;
  readonly title: string;
  readonly description?: string | undefined;
  readonly unit?: string | undefined;
  /** In file order, which the loader requires to be ascending by date. */
  readonly versions: readonly ParameterFileVersion[];
};

export type ParameterFileProblem = { readonly line: number; readonly message: string };

/** A data file that cannot be trusted. `line` is the first problem's line (1-based). */
export class ParameterFileError extends Error {
  readonly fileName: string;
  readonly line: number;
  readonly problems: readonly ParameterFileProblem[];

  constructor(fileName: string, problems: readonly ParameterFileProblem[]) {
    const sorted = problems.toSorted((a, b) => a.line - b.line);
    const first = sorted[0] ?? { line: 1, message: 'unreadable parameter file' };
    super(sorted.map((problem) => `${fileName}:${problem.line}: ${problem.message}`).join('\n'));
    this.name = 'ParameterFileError';
    this.fileName = fileName;
    this.line = first.line;
    this.problems = sorted;
  }
}

const FILE_KEYS = ['id', 'title', 'description', 'unit', 'versions'] as const;
const REQUIRED_FILE_KEYS = ['id', 'title', 'versions'] as const;
const VERSION_KEYS = ['value', 'status', 'source', 'note'] as const;
const REQUIRED_VERSION_KEYS = ['value', 'status', 'source'] as const;

type Context = {
  readonly document: Document;
  readonly lineCounter: LineCounter;
  readonly problems: ParameterFileProblem[];
};

function lineOf(context: Context, node: Node | Pair | null | undefined): number {
  // A pair has no range of its own; its key carries the position a reader looks for.
  const target: unknown = node !== null && node !== undefined && 'key' in node ? node.key : node;
  if (target !== null && typeof target === 'object' && 'range' in target) {
    const range = (target as { range?: [number, number, number] | null }).range;
    if (range) return context.lineCounter.linePos(range[0]).line;
  }
  return 1;
}

function report(context: Context, node: Node | Pair | null | undefined, message: string): void {
  context.problems.push({ line: lineOf(context, node), message });
}

function keyText(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

/** Reads a map's pairs, reporting unknown and missing keys; duplicates are the parser's job. */
function readMap(
  context: Context,
  node: Node | null | undefined,
  where: string,
  known: readonly string[],
  required: readonly string[],
  owner: Node | Pair | null | undefined,
): Map<string, Pair> | undefined {
  if (!isMap(node)) {
    report(context, node ?? owner, `${where} must be a mapping of keys to values`);
    return undefined;
  }
  const pairs = new Map<string, Pair>();
  for (const pair of node.items) {
    const key = keyText(pair);
    if (key === undefined) {
      report(context, pair, `${where} has a key that is not a plain scalar`);
      continue;
    }
    if (!known.includes(key)) {
      report(context, pair, `unknown key '${key}' in ${where}; allowed: ${known.join(', ')}`);
      continue;
    }
    pairs.set(key, pair);
  }
  for (const key of required) {
    if (!pairs.has(key)) report(context, owner ?? node, `missing '${key}' in ${where}`);
  }
  return pairs;
}

function readString(context: Context, pair: Pair | undefined, where: string): string | undefined {
  if (pair === undefined) return undefined;
  const value = pair.value;
  if (!isScalar(value) || typeof value.value !== 'string' || value.value.trim() === '') {
    report(context, pair, `${where} must be a non-empty text`);
    return undefined;
  }
  return value.value;
}

// Zod paths name map keys and sequence indices; YAML map keys may be numbers (`1: 1270`), so
// keys are compared as text.
function nodeAtPath(root: Node, path: readonly (string | number)[]): Node | Pair {
  let current: Node | Pair = root;
  let node: Node | null = root;
  for (const segment of path) {
    if (isMap(node)) {
      const pair: Pair | undefined = node.items.find((item) => keyText(item) === String(segment));
      if (pair === undefined) return current;
      current = pair;
      node = (pair.value ?? null) as Node | null;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (item === undefined || item === null) return current;
      current = item as Node;
      node = item as Node;
    } else {
      return current;
    }
  }
  return current;
}

function readVersion(
  context: Context,
  parameterId: ParameterId | undefined,
  pair: Pair,
): ParameterFileVersion | undefined {
  const dateKey = pair.key;
  const effectiveFrom = isScalar(dateKey) ? dateKey.value : undefined;
  if (typeof effectiveFrom !== 'string' || !isPlainDate(effectiveFrom)) {
    report(
      context,
      pair,
      `version key ${JSON.stringify(effectiveFrom ?? null)} is not a date written YYYY-MM-DD`,
    );
    return undefined;
  }
  const where = `version ${effectiveFrom}`;
  const fields = readMap(
    context,
    pair.value as Node | null,
    where,
    VERSION_KEYS,
    REQUIRED_VERSION_KEYS,
    pair,
  );
  if (fields === undefined) return undefined;

  const source = readString(context, fields.get('source'), `source of ${where}`);
  const note = readString(context, fields.get('note'), `note of ${where}`);
  const statusPair = fields.get('status');
  let status: ParameterStatus | undefined;
  if (statusPair !== undefined) {
    const raw = isScalar(statusPair.value) ? statusPair.value.value : undefined;
    status = PARAMETER_STATUSES.find((known) => known === raw);
    if (status === undefined) {
      report(
        context,
        statusPair,
        `status of ${where} must be one of ${PARAMETER_STATUSES.join(', ')}, got ${JSON.stringify(raw ?? null)}`,
      );
    }
  }

  const valuePair = fields.get('value');
  const valueNode = (valuePair?.value ?? null) as Node | null;
  let value: unknown;
  if (valuePair !== undefined) {
    value = valueNode === null ? null : (valueNode.toJS(context.document) as unknown);
    if (parameterId !== undefined) {
      for (const problem of parameterValueProblems(parameterId, value)) {
        const at = valueNode === null ? valuePair : nodeAtPath(valueNode, problem.path);
        const path = problem.path.length > 0 ? `.${problem.path.join('.')}` : '';
        report(context, at, `value${path} of ${where}: ${problem.message}`);
      }
    }
  }

  if (source === undefined || status === undefined || valuePair === undefined) return undefined;
  return { effectiveFrom, value, source, status, note, line: lineOf(context, pair) };
}

function baseName(fileName: string): string {
  const slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
  return fileName.slice(slash + 1);
}

/**
 * Parses one parameter file. Refuses, with a `ParameterFileError` naming the file and line:
 * YAML syntax errors, duplicate keys, unknown or missing keys, a version date that is not
 * `YYYY-MM-DD`, versions out of date order, a missing or empty source, an unknown status, an
 * unknown parameter id, a file name that does not match the id, and a value of the wrong shape.
 */
export function parseParameterFile(source: { fileName: string; text: string }): ParameterFile {
  const { fileName, text } = source;
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: true,
    strict: true,
    schema: 'core',
  });
  const context: Context = { document, lineCounter, problems: [] };
  for (const issue of [...document.errors, ...document.warnings]) {
    const message = issue.message.split('\n')[0] ?? issue.message;
    context.problems.push({
      line: issue.linePos?.[0].line ?? 1,
      message: message.replace(/ at line \d+, column \d+:?$/, ''),
    });
  }
  if (context.problems.length > 0) throw new ParameterFileError(fileName, context.problems);

  const root = document.contents;
  const fields = readMap(context, root, 'the file', FILE_KEYS, REQUIRED_FILE_KEYS, root);
  if (fields === undefined) throw new ParameterFileError(fileName, context.problems);

  const idText = readString(context, fields.get('id'), 'id');
  let parameterId: ParameterId | undefined;
  if (idText !== undefined) {
    if (isParameterId(idText)) {
      parameterId = idText;
      const base = baseName(fileName);
      if (/\.ya?ml$/.test(base) && base.replace(/\.ya?ml$/, '') !== idText) {
        report(context, fields.get('id'), `file name '${base}' does not match id '${idText}'`);
      }
    } else {
      report(
        context,
        fields.get('id'),
        `unknown parameter id '${idText}'; known: ${PARAMETER_IDS.join(', ')}`,
      );
    }
  }
  const title = readString(context, fields.get('title'), 'title');
  const description = readString(context, fields.get('description'), 'description');
  const unit = readString(context, fields.get('unit'), 'unit');

  const versions: ParameterFileVersion[] = [];
  const versionsPair = fields.get('versions');
  if (versionsPair !== undefined) {
    const versionsNode = versionsPair.value as Node | null;
    if (!isMap(versionsNode) || versionsNode.items.length === 0) {
      report(context, versionsPair, 'versions must map at least one YYYY-MM-DD date to a version');
    } else {
      for (const pair of versionsNode.items) {
        const version = readVersion(context, parameterId, pair);
        if (version === undefined) continue;
        const previous = versions.at(-1);
        if (previous !== undefined && !(previous.effectiveFrom < version.effectiveFrom)) {
          report(
            context,
            pair,
            `version ${version.effectiveFrom} comes after ${previous.effectiveFrom}; list versions in date order`,
          );
        }
        versions.push(version);
      }
    }
  }

  if (context.problems.length > 0 || parameterId === undefined || title === undefined) {
    throw new ParameterFileError(fileName, context.problems);
  }
  return { fileName, parameterId, title, description, unit, versions };
}
