// Bulk fixtures for payment runs (crash test and benchmark): households with a signed decision
// for a month and the applicant's approved Nordea personkonto, inserted set-based (unnest).
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { mod10CheckDigit } from '@skyddsnat/domain';
import type { Db } from '../../src/db/database.ts';

export type PaymentFixtureSpec = {
  municipalityId: string;
  districtIds: readonly string[];
  unitId: string;
  /** Signs the decisions and registers the accounts. */
  officerId: string;
  /** Approves the accounts (the second pair of eyes). */
  approverId: string;
  households: number;
  month: string;
  decisionDate: string;
  /** Distinct index ranges keep personnummer unique across calls. */
  firstIndex?: number;
};

const CHUNK = 20_000;

/** A 12-digit samordningsnummer-shaped number and a valid 10-digit Nordea personkonto from it. */
function numbers(index: number): { pnr: string; account: string } {
  const day = 61 + (index % 28);
  const month = 1 + (Math.floor(index / 28) % 12);
  const serial = 100 + (Math.floor(index / 336) % 900);
  const year = 40 + (Math.floor(index / 302_400) % 50);
  const nine = `${String(year).padStart(2, '0')}${String(month).padStart(2, '0')}${String(day)}${String(serial)}`;
  const ten = `${nine}${String(mod10CheckDigit(nine))}`;
  // Century 18: no real or demo person (born 1900–2026) can have the same number.
  return { pnr: `18${ten}`, account: ten };
}

export async function insertPaymentHouseholds(db: Db, spec: PaymentFixtureSpec): Promise<number> {
  const first = spec.firstIndex ?? 0;
  let total = 0;
  for (let start = 0; start < spec.households; start += CHUNK) {
    const count = Math.min(CHUNK, spec.households - start);
    const cols = {
      person: [] as string[],
      pnr: [] as string[],
      caseId: [] as string[],
      district: [] as string[],
      app: [] as string[],
      decision: [] as string[],
      amount: [] as number[],
      payee: [] as string[],
      account: [] as string[],
      display: [] as string[],
      lines: [] as string[],
    };
    for (let i = 0; i < count; i += 1) {
      const index = first + start + i;
      const { pnr, account } = numbers(index);
      const amount = 4_000 + ((index * 7_919) % 9_000);
      cols.person.push(randomUUID());
      cols.pnr.push(pnr);
      cols.caseId.push(randomUUID());
      cols.district.push(spec.districtIds[index % spec.districtIds.length] ?? '');
      cols.app.push(randomUUID());
      cols.decision.push(randomUUID());
      cols.amount.push(amount);
      cols.payee.push(randomUUID());
      cols.account.push(JSON.stringify({ kind: 'bank_account', clearing: '3300', account }));
      cols.display.push(`Nordea (personkonto) 3300-${account}`);
      cols.lines.push(
        JSON.stringify([
          {
            item: 'norm',
            label: 'Riksnorm',
            applied: amount,
            calculated: amount,
            granted: amount,
            deviationReason: null,
          },
        ]),
      );
    }
    const m = spec.municipalityId;
    await db.transaction().execute(async (tx) => {
      await sql`insert into app.person (id, municipality_id, personnummer, identity_kind, first_name, last_name, district_id)
        select p, ${m}, n, 'samordningsnummer', 'Betal', 'Hushåll', d
        from unnest(${cols.person}::uuid[], ${cols.pnr}::text[], ${cols.district}::uuid[]) as t(p, n, d)`.execute(
        tx,
      );
      await sql`insert into app.assistance_case (id, municipality_id, person_id, district_id, unit_id, status, opened_at, version, last_action_at)
        select c, ${m}, p, d, ${spec.unitId}, 'open', now(), 1, now()
        from unnest(${cols.caseId}::uuid[], ${cols.person}::uuid[], ${cols.district}::uuid[]) as t(c, p, d)`.execute(
        tx,
      );
      await sql`insert into app.case_action (municipality_id, case_id, seq, action_type, action, acted_at, acted_by)
        select ${m}, c, 1, 'opened', jsonb_build_object('type', 'opened', 'at', now(), 'by', ${spec.officerId}::text,
          'districtId', d, 'unitId', ${spec.unitId}::text, 'groupId', null, 'channel', 'visit'), now(), ${spec.officerId}
        from unnest(${cols.caseId}::uuid[], ${cols.district}::uuid[]) as t(c, d)`.execute(tx);
      await sql`insert into app.application (id, municipality_id, case_id, month, kind, status, created_by)
        select a, ${m}, c, ${spec.month}, 'initial', 'decided', ${spec.officerId}
        from unnest(${cols.app}::uuid[], ${cols.caseId}::uuid[]) as t(a, c)`.execute(tx);
      await sql`insert into app.decision (id, municipality_id, case_id, application_id, month, kind, outcome, status,
          amount, counted_income, lines, reasons, legal_basis, appeal, letter, prepared_by, signed_by, signed_at, decision_date)
        select dd, ${m}, c, a, ${spec.month}, 'regular', 'granted', 'signed', amt, 0, l::jsonb,
          'Bifall enligt riksnormen.', '[{"key":"economic-assistance.right@2025-07-01","citation":"Socialtjänstlagen (2025:400) 12 kap. 1 §"}]',
          '{"kind":"administrative_appeal","citation":"Socialtjänstlagen (2025:400) 35 kap. 1 §"}', '{}',
          ${spec.officerId}, ${spec.officerId}, now(), ${spec.decisionDate}::date
        from unnest(${cols.decision}::uuid[], ${cols.caseId}::uuid[], ${cols.app}::uuid[], ${cols.amount}::int[], ${cols.lines}::text[])
          as t(dd, c, a, amt, l)`.execute(tx);
      await sql`insert into app.payee (id, municipality_id, case_id, kind, name, person_id, created_by)
        select y, ${m}, c, 'applicant', 'Betal Hushåll', p, ${spec.officerId}
        from unnest(${cols.payee}::uuid[], ${cols.caseId}::uuid[], ${cols.person}::uuid[]) as t(y, c, p)`.execute(
        tx,
      );
      await sql`insert into app.payee_account (municipality_id, payee_id, account, display, status, requested_by, reason, decided_by, decided_at)
        select ${m}, y, acc::jsonb, disp, 'active', ${spec.officerId}, 'Kontouppgift från den sökande', ${spec.approverId}, now()
        from unnest(${cols.payee}::uuid[], ${cols.account}::text[], ${cols.display}::text[]) as t(y, acc, disp)`.execute(
        tx,
      );
    });
    total += count;
  }
  return total;
}
