// The strict loader: every problem in a parameter file names the file and the line.
import { describe, expect, it } from 'vitest';
import { ParameterFileError, parseParameterFile } from '../src/index.ts';
import { readBundledParameterSources } from '../src/node/index.ts';

const VALID = `id: national-norm.adults
title: Riksnorm – personliga kostnader för vuxna
versions:
  2025-07-01:
    value:
      single: 3910
      couple: 7050
    status: verified
    source: SFS 2025:468, socialtjänstförordning, 12 kap. 2 §
`;

function failure(text: string, fileName = 'national-norm.adults.yaml'): ParameterFileError {
  try {
    parseParameterFile({ fileName, text });
  } catch (error) {
    if (error instanceof ParameterFileError) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

describe('parseParameterFile', () => {
  it('reads a valid file: id, title and one dated, cited version with its line', () => {
    const file = parseParameterFile({ fileName: 'national-norm.adults.yaml', text: VALID });
    expect(file.parameterId).toBe('national-norm.adults');
    expect(file.versions).toEqual([
      {
        effectiveFrom: '2025-07-01',
        value: { single: 3910, couple: 7050 },
        source: 'SFS 2025:468, socialtjänstförordning, 12 kap. 2 §',
        status: 'verified',
        note: undefined,
        line: 4,
      },
    ]);
  });

  it('reads every bundled data file', () => {
    const sources = readBundledParameterSources();
    expect(sources.map((source) => source.fileName)).toEqual([
      'age-band-transition.yaml',
      'job-stimulus.yaml',
      'national-norm.adults.yaml',
      'national-norm.children.yaml',
      'national-norm.household-common-costs.yaml',
      'prisbasbelopp.yaml',
    ]);
    for (const source of sources) expect(() => parseParameterFile(source)).not.toThrow();
  });

  it('refuses an unknown key, naming file and line', () => {
    const error = failure(
      VALID.replace('    status: verified', '    status: verified\n    sauce: x'),
    );
    expect(error.fileName).toBe('national-norm.adults.yaml');
    expect(error.line).toBe(9);
    expect(error.message).toContain(
      "national-norm.adults.yaml:9: unknown key 'sauce' in version 2025-07-01",
    );
  });

  it('refuses an unknown key at the top of the file', () => {
    const error = failure(`${VALID}comment: hello\n`);
    expect(error.line).toBe(10);
    expect(error.message).toContain("unknown key 'comment' in the file");
  });

  it('refuses a duplicate key, naming its line', () => {
    const error = failure(
      VALID.replace('      couple: 7050', '      couple: 7050\n      single: 3900'),
    );
    expect(error.line).toBe(8);
    expect(error.message).toMatch(/national-norm\.adults\.yaml:8: .*unique/i);
  });

  it('refuses a duplicate version date', () => {
    const twice = `${VALID}  2025-07-01:\n    value: { single: 1, couple: 2 }\n    status: verified\n    source: x\n`;
    const error = failure(twice);
    expect(error.line).toBe(10);
  });

  it('refuses a malformed date, naming its line', () => {
    const error = failure(VALID.replace('2025-07-01:', '2025-7-1:'));
    expect(error.line).toBe(4);
    expect(error.message).toContain('version key "2025-7-1" is not a date written YYYY-MM-DD');
  });

  it('refuses an impossible date', () => {
    expect(failure(VALID.replace('2025-07-01:', '2025-02-30:')).line).toBe(4);
  });

  it('refuses a version without a source, at the version line', () => {
    const error = failure(
      VALID.replace('    source: SFS 2025:468, socialtjänstförordning, 12 kap. 2 §\n', ''),
    );
    expect(error.line).toBe(4);
    expect(error.message).toContain("missing 'source' in version 2025-07-01");
  });

  it('refuses an empty source', () => {
    const error = failure(VALID.replace(/source: .*/, "source: ''"));
    expect(error.line).toBe(9);
    expect(error.message).toContain('source of version 2025-07-01 must be a non-empty text');
  });

  it('refuses a value of the wrong shape, at the offending key', () => {
    const error = failure(VALID.replace('couple: 7050', 'couple: "7050"'));
    expect(error.line).toBe(7);
    expect(error.message).toContain('value.couple of version 2025-07-01');
  });

  it('refuses an unknown key inside a value, and a missing one (at the value)', () => {
    const error = failure(VALID.replace('single: 3910', 'singel: 3910'));
    expect(error.problems.map((problem) => problem.line)).toEqual([6, 6]);
    expect(error.message).toContain('value.singel of version 2025-07-01: unknown key');
    expect(error.message).toContain('value.single of version 2025-07-01');
  });

  it('refuses child bands with a gap, at the band that starts in the wrong place', () => {
    const text = `id: national-norm.children
title: Barn
versions:
  2025-07-01:
    value:
      bands:
        - { minAge: 0, maxAge: 6, amount: 3000 }
        - { minAge: 8, maxAge: 20, amount: 4000 }
    status: verified
    source: x
`;
    const error = failure(text, 'national-norm.children.yaml');
    expect(error.line).toBe(8);
    expect(error.message).toContain('expected minAge 7');
  });

  it('refuses an unknown status', () => {
    const error = failure(VALID.replace('status: verified', 'status: official'));
    expect(error.line).toBe(8);
    expect(error.message).toContain('must be one of verified, derived');
  });

  it('refuses versions out of date order', () => {
    const text = `${VALID}  2021-01-01:\n    value: { single: 3160, couple: 5700 }\n    status: verified\n    source: SFS 2020:1013\n`;
    const error = failure(text);
    expect(error.line).toBe(10);
    expect(error.message).toContain('list versions in date order');
  });

  it('refuses an unknown parameter id and a file named after another id', () => {
    expect(
      failure(VALID.replace('id: national-norm.adults', 'id: national-norm.pets')).message,
    ).toContain("unknown parameter id 'national-norm.pets'");
    const misnamed = failure(VALID, 'prisbasbelopp.yaml');
    expect(misnamed.line).toBe(1);
    expect(misnamed.message).toContain("file name 'prisbasbelopp.yaml' does not match id");
  });

  it('refuses YAML syntax errors with their line', () => {
    const error = failure(VALID.replace('      couple: 7050', '      couple: [7050'));
    expect(error.fileName).toBe('national-norm.adults.yaml');
    expect(error.line).toBeGreaterThanOrEqual(7);
  });

  it('refuses a file that is not a mapping, and one without versions', () => {
    expect(failure('- just\n- a list\n').message).toContain('the file must be a mapping');
    expect(failure('id: national-norm.adults\ntitle: x\n').message).toContain("missing 'versions'");
  });
});
