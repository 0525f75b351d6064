// Node-only entry (@skyddsnat/rules/node): reads the bundled parameter files from disk.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseParameterFile } from '../parameter-file.ts';
import { createParameterSet, type ParameterOverride, type ParameterSet } from '../parameter-set.ts';

/** The directory of the bundled data files: `packages/rules/data/parameters`. */
export const BUNDLED_PARAMETER_DIRECTORY = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  'data',
  'parameters',
);

/** Every bundled parameter file (`*.yaml`), sorted by file name, as text. */
export function readBundledParameterSources(): { fileName: string; text: string }[] {
  return readdirSync(BUNDLED_PARAMETER_DIRECTORY)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => ({
      fileName: name,
      text: readFileSync(path.join(BUNDLED_PARAMETER_DIRECTORY, name), 'utf8'),
    }));
}

/**
 * The bundled parameters, parsed strictly, with `overrides` (e.g. official figures an
 * administrator stored) superseding file versions with the same id and effective date.
 */
export function loadBundledParameterSet(
  overrides: readonly ParameterOverride[] = [],
): ParameterSet {
  return createParameterSet(readBundledParameterSources().map(parseParameterFile), overrides);
}
