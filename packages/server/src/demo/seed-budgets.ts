// Demo budgets for economic assistance per district committee for the current year, entered
// through the real service (so the change log shows them) in the name of the demo management user.
import type { Db } from '../db/database.ts';
import { stockholmDate } from '../time.ts';
import { staffActor } from '../modules/auth/staff-actor.ts';
import { ChangeLog } from '../modules/change-log/change-log.ts';
import { DistrictCostService } from '../modules/district-costs/service.ts';

/**
 * Whole kronor for a year, of the size a Stockholm district committee budgets for economic
 * assistance (tens of millions; the outer districts more than the inner city). Illustrative,
 * not any committee's real figure. The seeds' historic deviations (Kungsholmen −3,7/−3,4/+1,3
 * mnkr, Norrmalm −5,7/−5,3/−2,7 mnkr for 2011–2013) are not put in the database: nothing here
 * invents payments for those years.
 */
export const DEMO_DISTRICT_BUDGETS: Readonly<Record<string, number>> = {
  Kungsholmen: 42_000_000,
  Norrmalm: 48_500_000,
  Östermalm: 31_000_000,
  Farsta: 118_000_000,
};

/** The demo user who enters budgets: management ('ledning'). */
const BUDGET_USERNAME = 'ledning';

export async function seedDemoBudgets(
  db: Db,
  municipalityId: string,
  now: Date,
  log?: (message: string) => void,
): Promise<void> {
  const user = await db
    .selectFrom('app.staff_user')
    .select(['id', 'username', 'display_name'])
    .where('municipality_id', '=', municipalityId)
    .where('username', '=', BUDGET_USERNAME)
    .executeTakeFirstOrThrow();
  const actor = await staffActor(db, user.id, 'demo-seed');
  if (!actor) throw new Error(`demo seed: ${BUDGET_USERNAME} is not an enabled staff user`);
  const costs = new DistrictCostService(db, new ChangeLog(db), () => now);
  const year = Number(stockholmDate(now).slice(0, 4));
  const districts = await db
    .selectFrom('app.district')
    .select(['id', 'name'])
    .where('municipality_id', '=', municipalityId)
    .execute();
  let entered = 0;
  for (const district of districts) {
    const amount = DEMO_DISTRICT_BUDGETS[district.name];
    if (amount === undefined) continue;
    await costs.setBudget(actor, district.id, year, amount);
    entered += 1;
  }
  log?.(`Entered ${String(year)} budgets for ${String(entered)} demo districts`);
}
