// Seeds the demo municipality (the seeds' Stockholm organisation, synthetic people) into an
// empty database. Never runs in production (config refuses DEMO_DATA there).
import { syntheticPersonnummer, type ProtectionLevel, type StaffRole } from '@skyddsnat/domain';
import { createDb, type Db } from '../db/database.ts';
import { hashPassword } from '../modules/auth/password.ts';
import { initialCaseLog } from '../modules/cases/initial-log.ts';

export const DEMO_PASSWORD = 'Skyddsnat-demo-2026';
/** Fixed so the same synthetic persons appear on every machine and every rebuild. */
const REFERENCE_DATE = '2026-01-01';

interface DemoUser {
  username: string;
  displayName: string;
  roles: StaffRole[];
  unit: 'joint' | 'farsta' | null;
  groups: string[];
}

export const DEMO_USERS: readonly DemoUser[] = [
  {
    username: 'mottagning',
    displayName: 'Maja Mottagare',
    roles: ['reception_officer'],
    unit: 'joint',
    groups: ['Mottagning'],
  },
  {
    username: 'socialsekreterare',
    displayName: 'Sara Socialsekreterare',
    roles: ['social_worker'],
    unit: 'joint',
    groups: ['Utredning'],
  },
  {
    username: 'arbete',
    displayName: 'Ali Arbetsrehab',
    roles: ['social_worker'],
    unit: 'joint',
    groups: ['Arbete och rehabilitering'],
  },
  {
    username: 'bidrag',
    displayName: 'Bo Bidragshandläggare',
    roles: ['benefit_officer'],
    unit: 'joint',
    groups: ['Bidragshandläggning'],
  },
  {
    username: 'arbetsledare',
    displayName: 'Anna Arbetsledare',
    roles: ['supervisor'],
    unit: 'joint',
    groups: ['Utredning', 'Bidragshandläggning'],
  },
  {
    username: 'enhetschef',
    displayName: 'Erik Enhetschef',
    roles: ['unit_manager'],
    unit: 'joint',
    groups: [],
  },
  {
    username: 'farsta',
    displayName: 'Fatima Farstahandläggare',
    roles: ['social_worker'],
    unit: 'farsta',
    groups: ['Handläggning'],
  },
  {
    username: 'farsta.chef',
    displayName: 'Fredrik Farstachef',
    roles: ['unit_manager', 'supervisor'],
    unit: 'farsta',
    groups: [],
  },
  {
    username: 'fut',
    displayName: 'Frida FUT-utredare',
    roles: ['fut_investigator'],
    unit: null,
    groups: [],
  },
  {
    username: 'revisor',
    displayName: 'Ingrid Internrevisor',
    roles: ['internal_auditor'],
    unit: null,
    groups: [],
  },
  {
    username: 'admin',
    displayName: 'Adam Administratör',
    roles: ['administrator'],
    unit: null,
    groups: [],
  },
  {
    username: 'jobbtorg',
    displayName: 'Jonna Jobbtorgscoach',
    roles: ['jobbtorg_coach'],
    unit: null,
    groups: [],
  },
  {
    username: 'ledning',
    displayName: 'Lena Ledning',
    roles: ['management'],
    unit: null,
    groups: [],
  },
];

const FIRST_NAMES = [
  'Anna',
  'Ahmed',
  'Maria',
  'Johan',
  'Fatima',
  'Erik',
  'Sofia',
  'Mohammed',
  'Elin',
  'Lars',
  'Amina',
  'Karl',
  'Emma',
  'Ali',
  'Ida',
  'Peter',
  'Hanna',
  'Yusuf',
  'Sara',
  'Mikael',
  'Leila',
  'Oskar',
  'Julia',
  'Hassan',
  'Linnea',
  'Nils',
  'Zahra',
  'Anders',
  'Maja',
  'Omar',
  'Åsa',
  'Örjan',
  'Märta',
  'Göran',
  'Ebba',
  'Dawit',
  'Helena',
  'Tomas',
  'Ayan',
  'Kristina',
];
const LAST_NAMES = [
  'Andersson',
  'Johansson',
  'Karlsson',
  'Nilsson',
  'Eriksson',
  'Larsson',
  'Olsson',
  'Persson',
  'Svensson',
  'Gustafsson',
  'Pettersson',
  'Jonsson',
  'Jansson',
  'Hansson',
  'Bengtsson',
  'Ali',
  'Mohamed',
  'Hussein',
  'Abdi',
  'Yilmaz',
  'Lindberg',
  'Lindqvist',
  'Berg',
  'Åberg',
  'Öberg',
  'Ström',
  'Hägg',
  'Sandberg',
  'Forsberg',
  'Sjöberg',
];
const STREETS: Record<string, readonly string[]> = {
  Kungsholmen: ['Fleminggatan', 'Hantverkargatan', 'Sankt Eriksgatan', 'Kungsholmsgatan'],
  Norrmalm: ['Upplandsgatan', 'Vasagatan', 'Dalagatan', 'Tegnérgatan'],
  Östermalm: ['Karlavägen', 'Valhallavägen', 'Linnégatan', 'Storgatan'],
  Farsta: ['Farstavägen', 'Lingvägen', 'Ågesta broväg', 'Larsbodavägen'],
};
const POSTAL: Record<string, string> = {
  Kungsholmen: '112',
  Norrmalm: '113',
  Östermalm: '114',
  Farsta: '123',
};
const PROTECTED: Record<number, ProtectionLevel> = {
  7: 'skyddad_folkbokforing',
  42: 'skyddad_folkbokforing',
  77: 'sekretessmarkering',
  123: 'sekretessmarkering',
  150: 'skyddad_folkbokforing',
  188: 'sekretessmarkering',
};

export const DEMO_PERSON_COUNT = 200;

/** Seeds only into an empty database; returns false when a municipality already exists. */
export async function seedDemoMunicipality(
  ownerUrl: string,
  options: { log?: (m: string) => void } = {},
): Promise<boolean> {
  const db = createDb(ownerUrl, { max: 2 });
  try {
    const existing = await db
      .selectFrom('app.municipality')
      .select('id')
      .limit(1)
      .executeTakeFirst();
    if (existing) return false;
    const hashes = await Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_PASSWORD)));
    await db.transaction().execute((tx) => seed(tx, hashes));
    options.log?.(
      `Seeded ${DEMO_USERS.length} demo staff and ${DEMO_PERSON_COUNT} synthetic persons`,
    );
    return true;
  } finally {
    await db.destroy();
  }
}

async function seed(tx: Db, passwordHashes: readonly string[]): Promise<void> {
  const m = await tx
    .insertInto('app.municipality')
    .values({ code: '0180', name: 'Stockholms stad (demo)' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const municipality_id = m.id;
  const districts = new Map<string, string>();
  for (const name of ['Kungsholmen', 'Norrmalm', 'Östermalm', 'Farsta']) {
    const row = await tx
      .insertInto('app.district')
      .values({ municipality_id, name })
      .returning('id')
      .executeTakeFirstOrThrow();
    districts.set(name, row.id);
  }
  const d = (name: string): string => {
    const id = districts.get(name);
    if (!id) throw new Error(`demo district ${name} missing`);
    return id;
  };
  const joint = await tx
    .insertInto('app.unit')
    .values({
      municipality_id,
      name: 'Försörjningsstödsenheten Kungsholmen–Norrmalm–Östermalm',
      run_by_district_id: d('Östermalm'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const farsta = await tx
    .insertInto('app.unit')
    .values({
      municipality_id,
      name: 'Enheten för ekonomiskt bistånd Farsta',
      run_by_district_id: d('Farsta'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('app.unit_district')
    .values([
      { municipality_id, unit_id: joint.id, district_id: d('Kungsholmen') },
      { municipality_id, unit_id: joint.id, district_id: d('Norrmalm') },
      { municipality_id, unit_id: joint.id, district_id: d('Östermalm') },
      { municipality_id, unit_id: farsta.id, district_id: d('Farsta') },
    ])
    .execute();
  const groups = new Map<string, string>();
  for (const [unitId, names] of [
    [joint.id, ['Mottagning', 'Utredning', 'Arbete och rehabilitering', 'Bidragshandläggning']],
    [farsta.id, ['Mottagning', 'Handläggning']],
  ] as const) {
    for (const name of names) {
      const row = await tx
        .insertInto('app.staff_group')
        .values({ municipality_id, unit_id: unitId, name })
        .returning('id')
        .executeTakeFirstOrThrow();
      groups.set(`${unitId}:${name}`, row.id);
    }
  }
  const users = new Map<string, string>();
  for (const [index, user] of DEMO_USERS.entries()) {
    const row = await tx
      .insertInto('app.staff_user')
      .values({
        municipality_id,
        username: user.username,
        display_name: user.displayName,
        email: `${user.username}@demo.skyddsnat.invalid`,
        password_hash: passwordHashes[index] ?? null,
        oidc_subject: null,
        disabled_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    users.set(user.username, row.id);
    await tx
      .insertInto('app.staff_role')
      .values(user.roles.map((role) => ({ municipality_id, user_id: row.id, role })))
      .execute();
    if (user.unit) {
      const unitId = user.unit === 'joint' ? joint.id : farsta.id;
      await tx
        .insertInto('app.unit_membership')
        .values({ municipality_id, user_id: row.id, unit_id: unitId })
        .execute();
      for (const name of user.groups) {
        const groupId = groups.get(`${unitId}:${name}`);
        if (!groupId) throw new Error(`demo group ${name} missing`);
        await tx
          .insertInto('app.group_membership')
          .values({ municipality_id, user_id: row.id, group_id: groupId })
          .execute();
      }
    }
  }
  const districtNames = ['Kungsholmen', 'Norrmalm', 'Östermalm', 'Farsta'] as const;
  const persons = [];
  for (let i = 0; i < DEMO_PERSON_COUNT; i += 1) {
    const district = districtNames[i % districtNames.length] ?? 'Farsta';
    const streets = STREETS[district] ?? ['Storgatan'];
    persons.push({
      municipality_id,
      personnummer: syntheticPersonnummer(i, { today: REFERENCE_DATE, ageGroup: 'adult' }),
      identity_kind: 'samordningsnummer' as const,
      first_name: FIRST_NAMES[(i * 7) % FIRST_NAMES.length] ?? 'Anna',
      last_name: LAST_NAMES[(i * 11) % LAST_NAMES.length] ?? 'Andersson',
      street_address: `${streets[i % streets.length] ?? 'Storgatan'} ${(i % 60) + 1}`,
      postal_code: `${POSTAL[district] ?? '100'} ${String(10 + (i % 80)).padStart(2, '0')}`,
      city: 'Stockholm',
      district_id: d(district),
      protection: PROTECTED[i] ?? ('none' as const),
    });
  }
  const inserted = await tx
    .insertInto('app.person')
    .values(persons)
    .returning(['id', 'district_id'])
    .execute();
  // Roughly two thirds have an open case in the unit serving their district.
  const officer = (name: string): string => users.get(name) ?? '';
  for (const [i, person] of inserted.entries()) {
    if (i % 3 === 2) continue;
    const inFarsta = person.district_id === d('Farsta');
    const unitId = inFarsta ? farsta.id : joint.id;
    const groupName = inFarsta ? 'Handläggning' : i % 2 === 0 ? 'Utredning' : 'Bidragshandläggning';
    const assignee = inFarsta
      ? officer('farsta')
      : i % 2 === 0
        ? officer('socialsekreterare')
        : officer('bidrag');
    const role =
      inFarsta || i % 2 === 0 ? ('social_worker' as const) : ('benefit_officer' as const);
    const groupId = groups.get(`${unitId}:${groupName}`) ?? null;
    // Opened on different days this year, so deadlines and lists look lived-in; the log is a
    // real one, validated by the domain fold.
    const at = new Date(Date.UTC(2026, 0, 5, 8) + (i % 120) * 86_400_000);
    const log = initialCaseLog({
      districtId: person.district_id,
      unitId,
      groupId,
      openedBy: assignee,
      at,
      officer: { userId: assignee, role },
    });
    const c = await tx
      .insertInto('app.assistance_case')
      .values({
        municipality_id,
        person_id: person.id,
        district_id: person.district_id,
        unit_id: unitId,
        group_id: groupId,
        opened_at: at,
        version: log.length,
        last_action_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('app.case_action')
      .values(
        log.map((r) => ({
          municipality_id,
          case_id: c.id,
          seq: r.seq,
          action_type: r.action.type,
          action: JSON.stringify(r.action),
          acted_at: at,
          acted_by: assignee,
        })),
      )
      .execute();
    await tx
      .insertInto('app.case_assignment')
      .values({
        municipality_id,
        case_id: c.id,
        user_id: assignee,
        assignment_role: role,
        assigned_at: at,
      })
      .execute();
    await tx
      .insertInto('app.household_member')
      .values({
        municipality_id,
        case_id: c.id,
        person_id: person.id,
        member_role: 'applicant',
        valid_from: at.toISOString().slice(0, 10),
        recorded_by: assignee,
      })
      .execute();
  }
}
