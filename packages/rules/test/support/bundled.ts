// The bundled parameter set, loaded once per test file.
import { loadBundledParameterSet } from '../../src/node/index.ts';
import type { HouseholdMonth } from '../../src/index.ts';
import { parseHouseholdMonth } from '../../src/index.ts';

export const bundled = loadBundledParameterSet();

/** Parses input that a test expects to be valid, failing with the validation errors if not. */
export function household(json: unknown): HouseholdMonth {
  const parsed = parseHouseholdMonth(json);
  if (!parsed.ok) throw new Error(`invalid test household: ${JSON.stringify(parsed.errors)}`);
  return parsed.value;
}
