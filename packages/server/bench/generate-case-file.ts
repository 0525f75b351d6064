// Generates a large case-file dataset with set-based SQL (INSERT … SELECT … FROM generate_series)
// on top of the demo municipality: bench officers, persons, cases whose action logs fold
// (opened + officer_assigned), assignments and journal notes composed from Swedish word lists.
// Run directly: DATABASE_URL=… node bench/generate-case-file.ts (owner connection, migrated DB).
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Db } from '../src/db/database.ts';

export interface GenerateOptions {
  households: number;
  notes: number;
  officers: number;
  log?: (message: string) => void;
}

const words = (list: readonly string[]): string =>
  `array[${list.map((w) => `'${w.replace(/'/g, "''")}'`).join(',')}]`;

const OPENINGS = words([
  'Sökanden ringde och berättade att',
  'Besök på kontoret där sökanden uppgav att',
  'Telefonsamtal med sökanden som meddelade att',
  'Inkommen handling visar att',
  'Samverkansmöte med Arbetsförmedlingen där det framkom att',
  'Hembesök där sökanden berättade att',
  'Kontakt med Försäkringskassan som meddelade att',
]);
const SUBJECTS = words([
  'hyran för nästa månad',
  'lönespecifikationen',
  'hyresavin',
  'kontoutdraget',
  'läkarintyget',
  'elräkningen',
  'beslutet om bostadsbidrag',
  'ansökan om sjukpenning',
  'praktikplatsen',
  'arbetsträningen',
  'a-kassan',
  'tandvårdskostnaden',
  'glasögonen',
  'barnens skolresa',
  'vinterkläderna',
]);
const STATES = words([
  'inte har betalats',
  'har kommit in',
  'saknas fortfarande',
  'behöver kompletteras',
  'har beviljats',
  'har avslagits',
  'är försenad',
  'ska lämnas in nästa vecka',
]);
const PLANS = words([
  'Ny tid bokad om två veckor.',
  'Sökanden skickar kontoutdrag.',
  'Beslut fattas när underlaget är komplett.',
  'Planeringen följs upp med arbetsledare.',
  'Sökanden söker minst tio arbeten per månad.',
  'Kontakt tas med hyresvärden.',
  'Frågade om våld i nära relation; inget framkom.',
  'Ärendet stäms av med Arbetsförmedlingen.',
]);
const EXTRA = words([
  'skuldsanering',
  'budgetrådgivning',
  'kronofogden',
  'elavtal',
  'flyttkostnad',
  'möbler',
  'hemförsäkring',
  'busskort',
  'medicinkostnad',
  'barnomsorgsavgift',
  'fritidsaktivitet',
  'internetabonnemang',
  'körkort',
  'språkkurs',
  'SFI',
  'tolk',
  'hyresskuld',
  'vräkning',
  'andrahandskontrakt',
  'inneboende',
]);

/** Inserts the dataset; the demo municipality must already be seeded. */
export async function generateCaseFile(db: Db, options: GenerateOptions): Promise<void> {
  const log = options.log ?? (() => undefined);
  const step = async (label: string, query: ReturnType<typeof sql>): Promise<void> => {
    const start = performance.now();
    await query.execute(db);
    log(`  ${label.padEnd(34)} ${((performance.now() - start) / 1000).toFixed(1)} s`);
  };
  const { households, notes, officers } = options;
  await step(
    'setup',
    sql`
    create table bench_ctx as
      select m.id as municipality_id, u.id as unit_id,
        (select g.id from app.staff_group g where g.unit_id = u.id and g.name = 'Utredning') as group_id
      from app.municipality m join app.unit u on u.municipality_id = m.id
      where u.name like 'Försörjningsstödsenheten%';
    create table bench_district as
      select row_number() over (order by d.name) - 1 as ord, d.id
      from app.district d join app.unit_district ud on ud.district_id = d.id
      join bench_ctx c on c.unit_id = ud.unit_id;
    set statement_timeout = 0;
    alter table app.journal_note disable trigger journal_note_lock_tg;
    drop index if exists app.journal_note_search_ix;
    drop index if exists app.journal_note_case_ix;
    drop index if exists app.journal_note_date_ix;
    set maintenance_work_mem = '512MB';`,
  );
  await step(
    `officers (${officers})`,
    sql`
    create table bench_officer (ord int primary key, id uuid not null);
    with s as (
      insert into app.staff_user (municipality_id, username, display_name, email, password_hash, oidc_subject)
      select c.municipality_id, 'bench.officer' || g, 'Handläggare ' || g,
        'bench.officer' || g || '@bench.skyddsnat.invalid', null, null
      from bench_ctx c, generate_series(0, ${sql.lit(officers - 1)}) g
      returning id, username)
    insert into bench_officer select substr(username, 14)::int, id from s;
    insert into app.staff_role (municipality_id, user_id, role)
      select c.municipality_id, o.id, 'social_worker' from bench_officer o, bench_ctx c;
    insert into app.unit_membership (municipality_id, user_id, unit_id)
      select c.municipality_id, o.id, c.unit_id from bench_officer o, bench_ctx c;`,
  );
  await step(
    `persons (${households})`,
    sql`
    insert into app.person (municipality_id, personnummer, identity_kind, first_name, last_name,
        street_address, postal_code, city, district_id, protection)
      select c.municipality_id,
        to_char(date '1900-01-01' + (g % 12000), 'YYYYMM') ||
          lpad((extract(day from date '1900-01-01' + (g % 12000))::int + 60)::text, 2, '0') ||
          lpad((g / 12000)::text, 4, '0'),
        'samordningsnummer',
        (${sql.raw(words(['Anna', 'Ahmed', 'Maria', 'Johan', 'Fatima', 'Erik', 'Sofia', 'Ali', 'Elin', 'Omar', 'Ida', 'Hassan']))})[1 + g % 12],
        'Bench' || (${sql.raw(words(['son', 'berg', 'ström', 'lund', 'qvist', 'dotter', 'gren']))})[1 + (g / 12) % 7] || (g % 997),
        'Testgatan ' || (1 + g % 90), '112 ' || lpad((10 + g % 80)::text, 2, '0'), 'Stockholm',
        d.id, case when g % 97 = 0 then 'sekretessmarkering' else 'none' end
      from bench_ctx c, generate_series(0, ${sql.lit(households - 1)}) g
      join bench_district d on d.ord = g % 3;`,
  );
  await step(
    `cases + logs (${households})`,
    sql`
    create table bench_case as
      select row_number() over (order by p.id) - 1 as ord, gen_random_uuid() as id, p.id as person_id,
        p.district_id, date_trunc('day', now()) - ((hashtext(p.id::text) & 2047) || ' days')::interval + interval '8 hours' as opened_at
      from app.person p where p.last_name like 'Bench%';
    alter table bench_case add column officer uuid;
    update bench_case b set officer = o.id from bench_officer o where o.ord = b.ord % ${sql.lit(officers)};
    insert into app.assistance_case (id, municipality_id, person_id, district_id, unit_id, group_id,
        opened_at, version, last_action_at)
      select b.id, c.municipality_id, b.person_id, b.district_id, c.unit_id, c.group_id, b.opened_at, 2, b.opened_at
      from bench_case b, bench_ctx c;
    insert into app.case_action (municipality_id, case_id, seq, action_type, action, acted_at, acted_by)
      select c.municipality_id, b.id, s.seq, s.t,
        case s.seq when 1 then jsonb_build_object('type', 'opened', 'at', to_char(b.opened_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            'by', b.officer, 'districtId', b.district_id, 'unitId', c.unit_id, 'groupId', c.group_id, 'channel', 'visit')
          else jsonb_build_object('type', 'officer_assigned', 'at', to_char(b.opened_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            'by', b.officer, 'userId', b.officer, 'role', 'social_worker') end,
        b.opened_at, b.officer
      from bench_case b, bench_ctx c, (values (1, 'opened'), (2, 'officer_assigned')) s(seq, t);
    insert into app.case_assignment (municipality_id, case_id, user_id, assignment_role, assigned_at)
      select c.municipality_id, b.id, b.officer, 'social_worker', b.opened_at from bench_case b, bench_ctx c;
    insert into app.household_member (municipality_id, case_id, person_id, member_role, valid_from, recorded_by)
      select c.municipality_id, b.id, b.person_id, 'applicant', b.opened_at::date, b.officer
      from bench_case b, bench_ctx c;
    create index on bench_case (ord);`,
  );
  await step(
    `journal notes (${notes})`,
    sql`
    insert into app.journal_note (municipality_id, case_id, event_date, note_type, body,
        violence_assessment, status, author_id, signed_by, signed_at, created_at, updated_at)
      select c.municipality_id, b.id, ed.event_date,
        (array['visit','phone','collaboration','document_received','letter','other','phone'])[1 + (g / 7) % 7],
        (${sql.raw(OPENINGS)})[1 + (h & 2147483647) % 7] || ' ' ||
        (${sql.raw(SUBJECTS)})[1 + ((h >> 3) & 2147483647) % 15] || ' ' ||
        (${sql.raw(STATES)})[1 + ((h >> 7) & 2147483647) % 8] || '. ' ||
        (${sql.raw(PLANS)})[1 + ((h >> 11) & 2147483647) % 8] || ' Gäller ' ||
        (${sql.raw(EXTRA)})[1 + ((h >> 15) & 2147483647) % 20] || ' och ' ||
        (${sql.raw(EXTRA)})[1 + ((h >> 20) & 2147483647) % 20] || '.',
        case when g % 11 = 0 then 'Frågade om våld i nära relation enligt FREDA; inget framkom.' end,
        case when g % 50 = 0 then 'draft' else 'signed' end,
        b.officer,
        case when g % 50 = 0 then null else b.officer end,
        case when g % 50 = 0 then null else least(now(), ed.event_date + interval '12 hours') end,
        b.opened_at, b.opened_at
      from bench_ctx c, (select g, hashint4(g) as h from generate_series(0, ${sql.lit(notes - 1)}) g) s
      join bench_case b on b.ord = s.g % ${sql.lit(households)}
      -- The notes of a case spread from its opening to today (never in the future).
      cross join lateral (select
        (b.opened_at + (((hashint4(s.g + 7919) & 2147483647) % (1 + greatest(0, current_date - b.opened_at::date))) || ' days')::interval)::date
          as event_date) ed;`,
  );
  await step(
    'indexes + analyze',
    sql`
    create index journal_note_case_ix on app.journal_note (case_id, event_date desc);
    create index journal_note_search_ix on app.journal_note using gin (search);
    create index journal_note_date_ix on app.journal_note (municipality_id, event_date desc, id desc);
    alter table app.journal_note enable trigger journal_note_lock_tg;
    drop table bench_case, bench_district;
    create table bench_done as select now() as generated_at;
    analyze;`,
  );
}
