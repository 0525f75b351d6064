// The municipality's delegation order and decision settings: read, and replaced as a whole
// under optimistic concurrency, with the change in the change log.
import type { DecisionKind, RoutineSettings, StaffRole } from '@skyddsnat/domain';
import { isStaffRole } from '@skyddsnat/domain';
import type { Db } from '../../db/database.ts';
import { conflict } from '../../http/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { ChangeLog } from '../change-log/change-log.ts';
import { baseTables, decisionDb, type DecisionDb } from './tables.ts';

export type DecisionSettings = {
  routineRules: RoutineSettings;
  autoDecideFullGrants: boolean;
  postalAddress: string;
  phone: string;
  email: string;
  delegation: {
    role: StaffRole;
    kind: DecisionKind;
    maxAmount: number | null;
    mayDecideAdverse: boolean;
  }[];
  /** 0 until the settings are first saved. */
  version: number;
};

export class DecisionSettingsService {
  readonly #db: DecisionDb;
  readonly #changeLog: ChangeLog;

  constructor(db: Db, changeLog: ChangeLog) {
    this.#db = decisionDb(db);
    this.#changeLog = changeLog;
  }

  async get(municipalityId: string, db: DecisionDb = this.#db): Promise<DecisionSettings> {
    const [row, rules] = await Promise.all([
      db
        .selectFrom('app.decision_settings')
        .selectAll()
        .where('municipality_id', '=', municipalityId)
        .executeTakeFirst(),
      db
        .selectFrom('app.delegation_rule')
        .selectAll()
        .where('municipality_id', '=', municipalityId)
        .orderBy('decision_kind')
        .orderBy('role')
        .execute(),
    ]);
    return {
      routineRules: row?.routine_rules ?? {},
      autoDecideFullGrants: row?.auto_decide_full_grants ?? false,
      postalAddress: row?.letter_postal_address ?? '',
      phone: row?.letter_phone ?? '',
      email: row?.letter_email ?? '',
      delegation: rules.flatMap((r) =>
        isStaffRole(r.role)
          ? [
              {
                role: r.role,
                kind: r.decision_kind,
                maxAmount: r.max_amount,
                mayDecideAdverse: r.may_decide_adverse,
              },
            ]
          : [],
      ),
      version: row?.version ?? 0,
    };
  }

  async put(
    actor: Actor,
    input: Omit<DecisionSettings, 'version'> & { version: number },
    clientIp: string | null = null,
  ): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      const municipalityId = actor.municipalityId;
      const current = await tx
        .selectFrom('app.decision_settings')
        .select('version')
        .where('municipality_id', '=', municipalityId)
        .forUpdate()
        .executeTakeFirst();
      if ((current?.version ?? 0) !== input.version) {
        throw conflict('version_conflict', 'Inställningarna har ändrats av någon annan; ladda om', {
          currentVersion: current?.version ?? 0,
        });
      }
      const keys = new Set(input.delegation.map((r) => `${r.role}/${r.kind}`));
      if (keys.size !== input.delegation.length) {
        throw conflict(
          'duplicate_delegation',
          'Varje roll kan bara ha en rad per slag av beslut i delegationsordningen.',
        );
      }
      const before = await this.get(municipalityId, tx);
      const values = {
        routine_rules: JSON.stringify(input.routineRules),
        auto_decide_full_grants: input.autoDecideFullGrants,
        letter_postal_address: input.postalAddress,
        letter_phone: input.phone,
        letter_email: input.email,
        version: input.version + 1,
      };
      if (current) {
        await tx
          .updateTable('app.decision_settings')
          .set(values)
          .where('municipality_id', '=', municipalityId)
          .execute();
      } else {
        await tx
          .insertInto('app.decision_settings')
          .values({ municipality_id: municipalityId, ...values })
          .execute();
      }
      await tx
        .deleteFrom('app.delegation_rule')
        .where('municipality_id', '=', municipalityId)
        .execute();
      if (input.delegation.length > 0) {
        await tx
          .insertInto('app.delegation_rule')
          .values(
            input.delegation.map((r) => ({
              municipality_id: municipalityId,
              role: r.role,
              decision_kind: r.kind,
              max_amount: r.maxAmount,
              may_decide_adverse: r.mayDecideAdverse,
            })),
          )
          .execute();
      }
      const { version: _before, ...beforeContent } = before;
      const { version: _after, ...afterContent } = input;
      await this.#changeLog.record(
        {
          municipalityId,
          actorUserId: actor.userId,
          actorUsername: actor.username,
          clientIp,
        },
        {
          entity: 'decision_settings',
          entityId: municipalityId,
          change: current ? 'updated' : 'created',
          before: current ? beforeContent : null,
          after: afterContent,
        },
        baseTables(tx),
      );
    });
  }
}

/** A delegation order to start from: what a Swedish social services committee commonly delegates. */
export const DEFAULT_DELEGATION: DecisionSettings['delegation'] = [
  { role: 'benefit_officer', kind: 'regular', maxAmount: 30_000, mayDecideAdverse: false },
  { role: 'social_worker', kind: 'regular', maxAmount: 30_000, mayDecideAdverse: true },
  { role: 'social_worker', kind: 'emergency', maxAmount: 5_000, mayDecideAdverse: true },
  { role: 'reception_officer', kind: 'emergency', maxAmount: 3_000, mayDecideAdverse: false },
  { role: 'social_worker', kind: 'reduction', maxAmount: 30_000, mayDecideAdverse: true },
  { role: 'supervisor', kind: 'regular', maxAmount: null, mayDecideAdverse: true },
  { role: 'supervisor', kind: 'emergency', maxAmount: null, mayDecideAdverse: true },
  { role: 'supervisor', kind: 'reduction', maxAmount: null, mayDecideAdverse: true },
  { role: 'supervisor', kind: 'beyond_entitlement', maxAmount: 20_000, mayDecideAdverse: true },
  { role: 'unit_manager', kind: 'beyond_entitlement', maxAmount: null, mayDecideAdverse: true },
];
