// Demo applications and decisions, made through the real services: the delegation order, two
// decided months per household and this month's continued applications in every state the work
// list knows (routine and ready to sign, changed and needing attention, waiting for the applicant).
import { monthFromIndex, monthIndex } from '@skyddsnat/rules';
import type { Db } from '../db/database.ts';
import { stockholmDate } from '../time.ts';
import type { Actor } from '../modules/auth/actor.ts';
import { staffActor } from '../modules/auth/staff-actor.ts';
import { householdInMonth } from '../modules/applications/household-month.ts';
import type { ApplicationCost, ApplicationIncome } from '../modules/applications/schemas.ts';
import { DEFAULT_DELEGATION } from '../modules/decisions/settings.ts';
import { createCaseworkServices } from '../casework-services.ts';
import { decisionDb } from '../modules/decisions/tables.ts';

/** How many open cases get application history (enough to fill the work lists, quick to seed). */
export const DEMO_DECIDED_CASES = 60;

const DAY_MS = 86_400_000;

/** A small valid PDF: the rent notice attached to every demo application. */
export function demoRentNoticePdf(month: string): Buffer {
  const text = `Hyresavi ${month}`;
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${String(stream.length)} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${String(i + 1)} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${String(objects.length + 1)}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${String(objects.length + 1)} /Root 1 0 R >>\nstartxref\n${String(xref)}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

async function actorFor(db: Db, userId: string): Promise<Actor> {
  const actor = await staffActor(db, userId, 'demo-seed');
  if (!actor) throw new Error(`demo seed: no enabled staff user ${userId}`);
  return actor;
}

export async function seedDemoDecisions(
  db: Db,
  municipalityId: string,
  now: Date,
  log?: (message: string) => void,
): Promise<void> {
  const clock = { now };
  const services = createCaseworkServices(db, () => clock.now);
  const { applications, decisions } = services;
  const settings = services.decisionSettings;

  const admin = await db
    .selectFrom('app.staff_user')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .where('username', '=', 'admin')
    .executeTakeFirstOrThrow();
  await settings.put(await actorFor(db, admin.id), {
    // The 2026 figures are marked derived in the parameter files; the demo municipality has
    // decided to accept them for routine months (a real one decides for itself).
    routineRules: { derived_parameters: false },
    autoDecideFullGrants: false,
    postalAddress: 'Socialförvaltningen, Box 22049, 104 22 Stockholm',
    phone: '08-508 00 000',
    email: 'ekonomisktbistand@demo.skyddsnat.invalid',
    delegation: DEFAULT_DELEGATION,
    version: 0,
  });

  const open = await db
    .selectFrom('app.assistance_case as c')
    .innerJoin('app.case_assignment as a', 'a.case_id', 'c.id')
    .select(['c.id', 'c.last_action_at', 'a.user_id'])
    .where('c.municipality_id', '=', municipalityId)
    .where('c.status', '=', 'open')
    .where('a.ended_at', 'is', null)
    .orderBy('c.opened_at')
    .limit(DEMO_DECIDED_CASES)
    .execute();
  const current = stockholmDate(now).slice(0, 7);
  const months = [-2, -1, 0].map((offset) => monthFromIndex(monthIndex(current) + offset));
  const ddb = decisionDb(db);
  let signed = 0;
  for (const [i, row] of open.entries()) {
    const actor = await actorFor(db, row.user_id);
    const members = await householdInMonth(ddb, row.id, months[0] ?? current);
    const children = members.filter((m) => m.role === 'child');
    const rent = 5_400 + ((i * 370) % 4_200);
    const baseCosts: ApplicationCost[] = [{ type: 'rent', amount: rent }];
    if (i % 3 === 0) baseCosts.push({ type: 'electricity', amount: 250 + ((i * 40) % 300) });
    const incomes: ApplicationIncome[] =
      children.length > 0 ? [{ type: 'child_allowance', amount: 1_250 * children.length }] : [];
    for (const [m, month] of months.entries()) {
      // Registered on the 20th of the month before, decided on the 24th.
      const registered = new Date(`${monthFromIndex(monthIndex(month) - 1)}-20T08:00:00Z`);
      if (row.last_action_at && registered <= row.last_action_at) continue;
      if (registered.getTime() > now.getTime()) continue;
      const isCurrent = m === months.length - 1;
      const variant = i % 5;
      const costs =
        isCurrent && variant === 3
          ? baseCosts.map((c) => (c.type === 'rent' ? { ...c, amount: c.amount + 350 } : c))
          : baseCosts;
      clock.now = registered;
      const applicationId = await applications.create(actor, row.id, {
        month,
        kind: m === 0 ? 'initial' : 'continued',
        costs,
        incomes,
      });
      clock.now = new Date(registered.getTime() + 3_600_000);
      await applications.addDocument(actor, row.id, applicationId, {
        kind: 'rent_notice',
        fileName: `hyresavi-${month}.pdf`,
        content: demoRentNoticePdf(month),
      });
      if (m === 0) {
        await applications.addDocument(actor, row.id, applicationId, {
          kind: 'bank_statement',
          fileName: 'kontoutdrag.pdf',
          content: demoRentNoticePdf(`kontoutdrag ${month}`),
        });
      }
      if (isCurrent && variant === 4) continue; // waiting for the applicant's confirmation
      const view = await applications.get(row.id, applicationId);
      await applications.confirm(row.id, applicationId, 'in_person', view.version);
      if (isCurrent) continue; // this month: prepared, for the officer to sign
      clock.now = new Date(registered.getTime() + 4 * DAY_MS);
      const draft = (await decisions.list(row.id)).find(
        (d) => d.month === month && d.status === 'draft',
      );
      if (!draft) continue;
      let draftView = await decisions.view(actor, row.id, draft.id);
      if (draftView.children.length > 0 && draftView.childImpact.length === 0) {
        await decisions.updateDraft(
          actor,
          row.id,
          draft.id,
          {
            childImpact: draftView.children.map((child) => ({
              personId: child.personId,
              assessment: `${child.name.split(' ')[0] ?? 'Barnet'} bor kvar i hemmet och skolan; beslutet täcker barnets del av riksnormen och boendet.`,
            })),
          },
          draftView.version,
        );
        draftView = await decisions.view(actor, row.id, draft.id);
      }
      if (draftView.blockers.length > 0) continue;
      await decisions.sign(actor, row.id, draft.id, draftView.version);
      signed += 1;
    }
  }
  log?.(
    `Seeded applications for ${String(open.length)} households and ${String(signed)} signed decisions`,
  );
}
