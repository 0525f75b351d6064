// The paragraph a decision cites is the one in force on its date, and so is its appeal route.
import { describe, expect, it } from 'vitest';
import { decisionLegalBasis } from '../src/index.ts';

describe('decision legal basis', () => {
  it('cites SoL (2001:453) 4 kap. 1 § and its appeal rules for a decision dated 2025-06-30', () => {
    const basis = decisionLegalBasis('regular', '2025-06-30');
    expect(basis.provisions.map((p) => p.citation)).toEqual([
      'Socialtjänstlagen (2001:453) 4 kap. 1 §',
      'Socialtjänstlagen (2001:453) 4 kap. 1 a, 1 b och 3 §§',
    ]);
    expect(basis.appeal.kind).toBe('administrative_appeal');
    if (basis.appeal.kind === 'administrative_appeal') {
      expect(basis.appeal.provision.citation).toBe('Socialtjänstlagen (2001:453) 16 kap. 3 §');
    }
  });

  it('cites SoL (2025:400) 12 kap. 1 § and 7–9 §§ and 35 kap. 1 § from 2025-07-01', () => {
    const basis = decisionLegalBasis('regular', '2025-07-01');
    expect(basis.provisions.map((p) => p.citation)).toEqual([
      'Socialtjänstlagen (2025:400) 12 kap. 1 §',
      'Socialtjänstlagen (2025:400) 12 kap. 7–9 §§',
    ]);
    expect(basis.appeal.kind === 'administrative_appeal' && basis.appeal.provision.citation).toBe(
      'Socialtjänstlagen (2025:400) 35 kap. 1 §',
    );
  });

  it('routes 12 kap. 2 § decisions to laglighetsprövning, and refuses them before the new act', () => {
    const basis = decisionLegalBasis('beyond_entitlement', '2026-02-01');
    expect(basis.provisions.map((p) => p.citation)).toEqual([
      'Socialtjänstlagen (2025:400) 12 kap. 2 §',
    ]);
    expect(basis.appeal).toEqual({ kind: 'legality_review' });
    expect(() => decisionLegalBasis('beyond_entitlement', '2025-06-30')).toThrow(
      /beyond-entitlement/,
    );
  });

  it('cites the reduction paragraph for a nedsättning', () => {
    expect(
      decisionLegalBasis('reduction', '2026-01-15').provisions.map((p) => p.citation),
    ).toContain('Socialtjänstlagen (2025:400) 12 kap. 5 §');
  });
});
