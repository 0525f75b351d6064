// Demo payments: the municipality's debtor account, each decided household's own account (a
// Nordea personkonto derived from the synthetic number, entered by the officer and approved by
// the supervisor), a landlord paid directly for some, and the payment plan of every decision.
import { mod10CheckDigit } from '@skyddsnat/domain';
import type { Db } from '../db/database.ts';
import { PaymentPlanService } from '../modules/payments/plan.ts';
import { paymentDb } from '../modules/payments/tables.ts';

export async function seedDemoPayments(
  db: Db,
  municipalityId: string,
  now: Date,
  log?: (message: string) => void,
): Promise<void> {
  const pdb = paymentDb(db);
  await pdb
    .insertInto('app.payment_settings')
    .values({
      municipality_id: municipalityId,
      debtor_name: 'Stockholms stad socialförvaltningen',
      organisation_number: '212000-0142',
      debtor_account: JSON.stringify({ kind: 'bankgiro', number: '5050-1055' }),
      debtor_bic: 'ESSESESS',
      bank_options: JSON.stringify({}),
    })
    .execute();
  const approver = await pdb
    .selectFrom('app.staff_user')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .where('username', '=', 'arbetsledare')
    .executeTakeFirstOrThrow();
  const cases = await pdb
    .selectFrom('app.decision as d')
    .innerJoin('app.assistance_case as c', 'c.id', 'd.case_id')
    .innerJoin('app.person as p', 'p.id', 'c.person_id')
    .innerJoin('app.case_assignment as a', (join) =>
      join.onRef('a.case_id', '=', 'c.id').on('a.ended_at', 'is', null),
    )
    .select(['c.id', 'c.person_id', 'p.first_name', 'p.last_name', 'p.personnummer', 'a.user_id'])
    .distinct()
    .where('d.municipality_id', '=', municipalityId)
    .where('d.status', '=', 'signed')
    .execute();
  for (const [i, c] of cases.entries()) {
    const payees: {
      kind: 'applicant' | 'landlord';
      name: string;
      account: object;
      display: string;
    }[] = [];
    // A samordningsnummer's last ten digits are Luhn-valid, as a Nordea personkonto must be.
    const ten = c.personnummer.slice(2);
    payees.push({
      kind: 'applicant',
      name: `${c.first_name} ${c.last_name}`,
      account: { kind: 'bank_account', clearing: '3300', account: ten },
      display: `Nordea (personkonto) 3300-${ten}`,
    });
    if (i % 4 === 0) {
      const payload = String(5_000_000 + i * 97).slice(0, 7);
      const bankgiro = `${payload}${String(mod10CheckDigit(payload))}`;
      payees.push({
        kind: 'landlord',
        name: i % 8 === 0 ? 'Stockholmshem AB' : 'Familjebostäder AB',
        account: { kind: 'bankgiro', number: bankgiro },
        display: `${bankgiro.slice(0, 4)}-${bankgiro.slice(4)}`,
      });
    }
    for (const payee of payees) {
      const row = await pdb
        .insertInto('app.payee')
        .values({
          municipality_id: municipalityId,
          case_id: c.id,
          kind: payee.kind,
          name: payee.name.slice(0, 70),
          person_id: payee.kind === 'applicant' ? c.person_id : null,
          organisation_number: null,
          created_by: c.user_id,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await pdb
        .insertInto('app.payee_account')
        .values({
          municipality_id: municipalityId,
          payee_id: row.id,
          account: JSON.stringify(payee.account),
          display: payee.display,
          status: 'active',
          requested_by: c.user_id,
          requested_at: now,
          reason:
            payee.kind === 'landlord'
              ? 'Direktbetalning av hyra enligt överenskommelse med den sökande'
              : 'Kontouppgift från den sökande vid besöket',
          decided_by: approver.id,
          decided_at: now,
        })
        .execute();
    }
  }
  const planned = await new PaymentPlanService(db, () => now).planAllUnplanned(
    municipalityId,
    approver.id,
  );
  log?.(
    `Seeded payees for ${String(cases.length)} households and ${String(planned)} payment lines`,
  );
}
