// Seeds the demo municipality (the seeds' Stockholm organisation, synthetic people) into an
// empty database. Never runs in production (config refuses DEMO_DATA there).
import { randomUUID } from 'node:crypto';
import {
  appendCaseAction,
  foldCase,
  syntheticPersonnummer,
  type CaseAction,
  type CaseActionRecord,
  type ClosureReason,
  type ProtectionLevel,
  type StaffRole,
} from '@skyddsnat/domain';
import type { Insertable } from 'kysely';
import { createDb, type Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { hashPassword } from '../modules/auth/password.ts';
import { initialCaseLog, type InitialCase } from '../modules/cases/initial-log.ts';
import { seedDemoDecisions } from './seed-decisions.ts';
import { seedDemoPayments } from './seed-payments.ts';
import { seedDemoBudgets } from './seed-budgets.ts';
import { journalDb, type JournalTables } from '../modules/journal/tables.ts';
import {
  addendumText,
  firstContactNote,
  firstVisitNote,
  followUpNote,
  seededRandom,
} from './journal-text.ts';

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
  options: { log?: (m: string) => void; now?: Date } = {},
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
      `Seeded ${DEMO_USERS.length} demo staff, ${DEMO_PERSON_COUNT} synthetic applicants with households, cases and journals`,
    );
    const municipality = await db
      .selectFrom('app.municipality')
      .select('id')
      .executeTakeFirstOrThrow();
    await seedDemoDecisions(db, municipality.id, options.now ?? new Date(), options.log);
    await seedDemoPayments(db, municipality.id, options.now ?? new Date(), options.log);
    await seedDemoBudgets(db, municipality.id, options.now ?? new Date(), options.log);
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
  const persons: PersonRow[] = [];
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
  const officer = (name: string): string => users.get(name) ?? '';
  const plan = planCases({
    municipalityId: municipality_id,
    applicants: inserted.map((row, i) => {
      const person = persons[i];
      if (!person) throw new Error('demo person missing');
      return { ...person, id: row.id, district_id: row.district_id };
    }),
    farstaDistrictId: d('Farsta'),
    units: { joint: joint.id, farsta: farsta.id },
    group: (unitId, name) => groups.get(`${unitId}:${name}`) ?? null,
    officer,
  });
  await insertChunked(plan.persons, (rows) => tx.insertInto('app.person').values(rows).execute());
  await insertChunked(plan.cases, (rows) =>
    tx.insertInto('app.assistance_case').values(rows).execute(),
  );
  await insertChunked(plan.actions, (rows) =>
    tx.insertInto('app.case_action').values(rows).execute(),
  );
  await insertChunked(plan.assignments, (rows) =>
    tx.insertInto('app.case_assignment').values(rows).execute(),
  );
  await insertChunked(plan.members, (rows) =>
    tx.insertInto('app.household_member').values(rows).execute(),
  );
  const jdb = journalDb(tx);
  await insertChunked(plan.notes, (rows) =>
    jdb.insertInto('app.journal_note').values(rows).execute(),
  );
  await insertChunked(plan.addenda, (rows) =>
    jdb.insertInto('app.journal_addendum').values(rows).execute(),
  );
}

async function insertChunked<T>(
  rows: readonly T[],
  insert: (chunk: T[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 400) await insert(rows.slice(i, i + 400));
}

const DAY_MS = 86_400_000;
/** Journal notes of the demo end before this day. */
const JOURNAL_END = Date.UTC(2026, 9, 31, 12);
const CLOSURE_REASONS_USED = [
  'work',
  'studies',
  'other_benefit',
  'moved',
  'no_longer_in_need',
  'work',
  'other',
] as const;
const CHILD_FIRST_NAMES = [
  'Alva',
  'Noah',
  'Elsa',
  'Liam',
  'Selma',
  'Adam',
  'Alice',
  'Hugo',
  'Aisha',
  'Melvin',
  'Stella',
  'Ibrahim',
  'Olivia',
  'Vincent',
  'Nora',
  'Elias',
];
const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

type PersonRow = Insertable<Database['app.person']>;

interface CasePlanInput {
  municipalityId: string;
  applicants: (PersonRow & { id: string; district_id: string })[];
  farstaDistrictId: string;
  units: { joint: string; farsta: string };
  group: (unitId: string, name: string) => string | null;
  officer: (username: string) => string;
}

/**
 * One case per applicant: two thirds open this year, one third closed last year with a reason.
 * About a third of households have children, some a partner; every case has 3–8 journal notes.
 */
function planCases(input: CasePlanInput) {
  const { municipalityId: municipality_id } = input;
  const out = {
    persons: [] as PersonRow[],
    cases: [] as Insertable<Database['app.assistance_case']>[],
    actions: [] as Insertable<Database['app.case_action']>[],
    assignments: [] as Insertable<Database['app.case_assignment']>[],
    members: [] as Insertable<Database['app.household_member']>[],
    notes: [] as Insertable<JournalTables['app.journal_note']>[],
    addenda: [] as Insertable<JournalTables['app.journal_addendum']>[],
  };
  let childIndex = 0;
  let partnerIndex = 0;
  for (const [i, person] of input.applicants.entries()) {
    const random = seededRandom(i + 1);
    const closed = i % 3 === 2;
    const inFarsta = person.district_id === input.farstaDistrictId;
    const unitId = inFarsta ? input.units.farsta : input.units.joint;
    const groupName = inFarsta ? 'Handläggning' : i % 2 === 0 ? 'Utredning' : 'Bidragshandläggning';
    const assignee = inFarsta
      ? input.officer('farsta')
      : i % 2 === 0
        ? input.officer('socialsekreterare')
        : input.officer('bidrag');
    const role =
      inFarsta || i % 2 === 0 ? ('social_worker' as const) : ('benefit_officer' as const);
    const groupId = input.group(unitId, groupName);
    // Open cases opened on different days this year, so deadlines and lists look lived-in;
    // closed ones are last year's history. The logs are real ones, validated by the domain fold.
    const openedMs = closed
      ? Date.UTC(2025, 1, 3, 8) + (i % 200) * DAY_MS
      : Date.UTC(2026, 0, 5, 8) + (i % 120) * DAY_MS;
    const at = new Date(openedMs);
    // The first visit 3–12 days after opening: in the log and in the journal alike.
    const visitMs = openedMs + (3 + (i % 10)) * DAY_MS;
    const closedMs = closed ? openedMs + (45 + (i % 90)) * DAY_MS : null;
    const reason = closed ? CLOSURE_REASONS_USED[i % CLOSURE_REASONS_USED.length] : undefined;
    const log = caseLog({
      districtId: person.district_id,
      unitId,
      groupId,
      openedBy: assignee,
      at,
      officer: { userId: assignee, role },
      visitMs,
      closed:
        closedMs !== null && reason
          ? {
              at: new Date(closedMs),
              reason,
              note: reason === 'other' ? 'Sökanden har flyttat utomlands.' : undefined,
            }
          : undefined,
    });
    const caseId = randomUUID();
    out.cases.push({
      id: caseId,
      municipality_id,
      person_id: person.id,
      district_id: person.district_id,
      unit_id: unitId,
      group_id: groupId,
      opened_at: at,
      status: closed ? 'closed' : 'open',
      closure_reason: closed ? (reason ?? null) : null,
      version: log.length,
      last_action_at: new Date(closedMs ?? visitMs + 10 * 3_600_000),
    });
    for (const r of log) {
      out.actions.push({
        municipality_id,
        case_id: caseId,
        seq: r.seq,
        action_type: r.action.type,
        action: JSON.stringify(r.action),
        acted_at: r.action.at,
        acted_by: assignee,
      });
    }
    out.assignments.push({
      municipality_id,
      case_id: caseId,
      user_id: assignee,
      assignment_role: role,
      assigned_at: at,
    });
    const validFrom = isoDate(openedMs);
    const member = (personId: string, member_role: 'applicant' | 'partner' | 'child') =>
      out.members.push({
        municipality_id,
        case_id: caseId,
        person_id: personId,
        member_role,
        valid_from: validFrom,
        recorded_by: assignee,
      });
    member(person.id, 'applicant');
    const relative = (personnummer: string, firstName: string): string => {
      const id = randomUUID();
      out.persons.push({
        municipality_id,
        personnummer,
        identity_kind: 'samordningsnummer',
        first_name: firstName,
        last_name: person.last_name,
        street_address: person.street_address,
        postal_code: person.postal_code,
        city: person.city,
        district_id: person.district_id,
        // A protected applicant's household shares the protection.
        protection: person.protection,
        id,
      });
      return id;
    };
    const partner = random() < 0.25;
    if (partner) {
      const pnr = syntheticPersonnummer(DEMO_PERSON_COUNT + 1000 + partnerIndex, {
        today: REFERENCE_DATE,
        ageGroup: 'adult',
      });
      partnerIndex += 1;
      member(relative(pnr, FIRST_NAMES[(i * 13 + 5) % FIRST_NAMES.length] ?? 'Maria'), 'partner');
    }
    const children = random() < 0.34 ? 1 + Math.floor(random() * 3) : 0;
    for (let c = 0; c < children; c += 1) {
      const pnr = syntheticPersonnummer(childIndex, { today: REFERENCE_DATE, ageGroup: 'child' });
      childIndex += 1;
      member(
        relative(pnr, CHILD_FIRST_NAMES[childIndex % CHILD_FIRST_NAMES.length] ?? 'Alva'),
        'child',
      );
    }

    // The journal: first contact on the opening day, the first visit within two weeks, then
    // calls, documents, collaboration and letters until the case closed (or the demo's end).
    const household = { children, partner };
    const endMs = Math.min(closedMs ?? openedMs + 220 * DAY_MS, JOURNAL_END);
    const count = 3 + Math.floor(random() * 6);
    const reception = inFarsta ? assignee : input.officer('mottagning');
    let eventMs = openedMs;
    for (let n = 0; n < count; n += 1) {
      let text;
      let author = assignee;
      if (n === 0) {
        text = firstContactNote(random);
        author = reception;
      } else if (n === 1) {
        eventMs = Math.min(visitMs, endMs);
        text = firstVisitNote(random, household);
      } else {
        const remaining = Math.max(0, endMs - eventMs);
        const step = Math.floor((remaining / (count - n + 1)) * (0.5 + random()));
        eventMs = Math.min(eventMs + Math.floor(step / DAY_MS) * DAY_MS, endMs);
        text = followUpNote(random, household);
      }
      const createdAt = new Date(eventMs + 2 * 3_600_000);
      const draft = !closed && n === count - 1 && random() < 0.15;
      const signedAt = new Date(
        createdAt.getTime() + Math.floor(random() * 2) * DAY_MS + 3_600_000,
      );
      const noteId = randomUUID();
      out.notes.push({
        id: noteId,
        municipality_id,
        case_id: caseId,
        event_date: isoDate(eventMs),
        note_type: text.noteType,
        body: text.body,
        children_situation: text.childrenSituation,
        children_not_addressed_reason: null,
        violence_assessment: text.violenceAssessment,
        status: draft ? 'draft' : 'signed',
        author_id: author,
        signed_by: draft ? null : author,
        signed_at: draft ? null : signedAt,
        created_at: createdAt,
        updated_at: draft ? createdAt : signedAt,
      });
      if (!draft && random() < 0.05) {
        out.addenda.push({
          municipality_id,
          note_id: noteId,
          body: addendumText(random),
          author_id: author,
          created_at: new Date(signedAt.getTime() + 3 * DAY_MS),
        });
      }
    }
  }
  return out;
}

/**
 * opened → officer_assigned → first contact → first visit booked and held (→ closed later),
 * validated by the domain fold like the app does.
 */
function caseLog(
  spec: Omit<InitialCase, 'closedReason'> & {
    visitMs: number;
    closed?: { at: Date; reason: ClosureReason; note?: string | undefined } | undefined;
  },
): CaseActionRecord[] {
  const log = [...initialCaseLog(spec)];
  const visitDate = new Date(spec.visitMs).toISOString().slice(0, 10);
  const openedMs = spec.at.getTime();
  const next: CaseAction[] = [
    {
      type: 'first_contact_recorded',
      at: new Date(openedMs + 60_000).toISOString(),
      by: spec.openedBy,
      channel: 'phone',
      summary: 'Första kontakt, se journalen.',
    },
    {
      type: 'first_visit_booked',
      at: new Date(openedMs + 120_000).toISOString(),
      by: spec.openedBy,
      date: visitDate,
    },
    {
      type: 'first_visit_held',
      at: new Date(spec.visitMs + 10 * 3_600_000).toISOString(),
      by: spec.openedBy,
      date: visitDate,
    },
  ];
  if (spec.closed) {
    next.push({
      type: 'closed',
      at: spec.closed.at.toISOString(),
      by: spec.openedBy,
      reason: spec.closed.reason,
      ...(spec.closed.note ? { note: spec.closed.note } : {}),
    });
  }
  let state = foldCase(log);
  for (const action of next) {
    const result = appendCaseAction(state, action);
    if (!result.ok) throw new Error(`Invalid demo case log: ${result.code} ${result.message}`);
    log.push(result.record);
    state = result.state;
  }
  return log;
}
