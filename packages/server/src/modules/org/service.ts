// Organisation and staff administration: districts, units, groups, users. Every change is
// versioned (optimistic concurrency) and written to the change log in the same transaction.
import type { Kysely } from 'kysely';
import type { StaffRole } from '@skyddsnat/domain';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/password.ts';
import type { ChangeContext, ChangeLog } from '../change-log/change-log.ts';

export interface Organisation {
  municipality: { id: string; code: string; name: string };
  districts: { id: string; name: string; version: number }[];
  units: {
    id: string;
    name: string;
    runByDistrictId: string;
    servedDistrictIds: string[];
    version: number;
    groups: { id: string; name: string; version: number }[];
  }[];
}

export interface StaffUserView {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: StaffRole[];
  unitIds: string[];
  groupIds: string[];
  disabled: boolean;
  version: number;
}

export interface UnitInput {
  name: string;
  runByDistrictId: string;
  servedDistrictIds: string[];
}

export interface NewUserInput {
  username: string;
  displayName: string;
  email?: string | undefined;
  password?: string | undefined;
  roles: StaffRole[];
  unitIds: string[];
  groupIds: string[];
}

export interface UserPatch {
  displayName?: string | undefined;
  email?: string | null | undefined;
  password?: string | undefined;
  roles?: StaffRole[] | undefined;
  unitIds?: string[] | undefined;
  groupIds?: string[] | undefined;
  disabled?: boolean | undefined;
  version: number;
}

type Tx = Kysely<Database>;

function isUniqueViolation(error: unknown, constraint: string): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: string }).code === '23505' &&
    (error as { constraint?: string }).constraint === constraint
  );
}

function versionConflict(what: string): AppError {
  return conflict('version_conflict', `${what} was changed by someone else; reload and try again`);
}

export class OrganisationService {
  readonly #db: Db;
  readonly #changeLog: ChangeLog;
  readonly #clock: () => Date;

  constructor(db: Db, changeLog: ChangeLog, clock: () => Date) {
    this.#db = db;
    this.#changeLog = changeLog;
    this.#clock = clock;
  }

  async organisation(municipalityId: string): Promise<Organisation> {
    const [municipality, districts, units, served, groups] = await Promise.all([
      this.#db
        .selectFrom('app.municipality')
        .select(['id', 'code', 'name'])
        .where('id', '=', municipalityId)
        .executeTakeFirstOrThrow(),
      this.#db
        .selectFrom('app.district')
        .select(['id', 'name', 'version'])
        .where('municipality_id', '=', municipalityId)
        .orderBy('name')
        .execute(),
      this.#db
        .selectFrom('app.unit')
        .select(['id', 'name', 'run_by_district_id', 'version'])
        .where('municipality_id', '=', municipalityId)
        .orderBy('name')
        .execute(),
      this.#db
        .selectFrom('app.unit_district')
        .select(['unit_id', 'district_id'])
        .where('municipality_id', '=', municipalityId)
        .execute(),
      this.#db
        .selectFrom('app.staff_group')
        .select(['id', 'unit_id', 'name', 'version'])
        .where('municipality_id', '=', municipalityId)
        .orderBy('name')
        .execute(),
    ]);
    return {
      municipality,
      districts,
      units: units.map((unit) => ({
        id: unit.id,
        name: unit.name,
        runByDistrictId: unit.run_by_district_id,
        servedDistrictIds: served.filter((s) => s.unit_id === unit.id).map((s) => s.district_id),
        version: unit.version,
        groups: groups
          .filter((g) => g.unit_id === unit.id)
          .map((g) => ({ id: g.id, name: g.name, version: g.version })),
      })),
    };
  }

  async #assertDistricts(tx: Tx, municipalityId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const found = await tx
      .selectFrom('app.district')
      .select('id')
      .where('municipality_id', '=', municipalityId)
      .where('id', 'in', ids)
      .execute();
    if (found.length !== new Set(ids).size)
      throw badRequest('unknown_district', 'One or more districts do not exist');
  }

  createDistrict(ctx: ChangeContext, name: string): Promise<string> {
    return this.#db.transaction().execute(async (tx) => {
      try {
        const row = await tx
          .insertInto('app.district')
          .values({ municipality_id: ctx.municipalityId, name })
          .returning('id')
          .executeTakeFirstOrThrow();
        await this.#changeLog.record(
          ctx,
          {
            entity: 'district',
            entityId: row.id,
            change: 'created',
            before: null,
            after: { name },
          },
          tx,
        );
        return row.id;
      } catch (error) {
        if (isUniqueViolation(error, 'district_name_uq'))
          throw conflict('name_taken', 'A district with this name exists');
        throw error;
      }
    });
  }

  updateDistrict(ctx: ChangeContext, id: string, name: string, version: number): Promise<void> {
    return this.#db.transaction().execute(async (tx) => {
      const before = await tx
        .selectFrom('app.district')
        .select(['name', 'version'])
        .where('id', '=', id)
        .where('municipality_id', '=', ctx.municipalityId)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw notFound('District');
      if (before.version !== version) throw versionConflict('The district');
      try {
        await tx
          .updateTable('app.district')
          .set({ name, version: version + 1 })
          .where('id', '=', id)
          .execute();
      } catch (error) {
        if (isUniqueViolation(error, 'district_name_uq'))
          throw conflict('name_taken', 'A district with this name exists');
        throw error;
      }
      await this.#changeLog.record(
        ctx,
        {
          entity: 'district',
          entityId: id,
          change: 'updated',
          before: { name: before.name },
          after: { name },
        },
        tx,
      );
    });
  }

  createUnit(ctx: ChangeContext, input: UnitInput): Promise<string> {
    return this.#db.transaction().execute(async (tx) => {
      await this.#assertDistricts(tx, ctx.municipalityId, [
        input.runByDistrictId,
        ...input.servedDistrictIds,
      ]);
      let id: string;
      try {
        id = (
          await tx
            .insertInto('app.unit')
            .values({
              municipality_id: ctx.municipalityId,
              name: input.name,
              run_by_district_id: input.runByDistrictId,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      } catch (error) {
        if (isUniqueViolation(error, 'unit_name_uq'))
          throw conflict('name_taken', 'A unit with this name exists');
        throw error;
      }
      await this.#setServedDistricts(tx, ctx.municipalityId, id, input.servedDistrictIds);
      await this.#changeLog.record(
        ctx,
        { entity: 'unit', entityId: id, change: 'created', before: null, after: input },
        tx,
      );
      return id;
    });
  }

  async #setServedDistricts(
    tx: Tx,
    municipalityId: string,
    unitId: string,
    districtIds: readonly string[],
  ): Promise<void> {
    await tx.deleteFrom('app.unit_district').where('unit_id', '=', unitId).execute();
    const unique = [...new Set(districtIds)];
    if (unique.length === 0) return;
    await tx
      .insertInto('app.unit_district')
      .values(
        unique.map((districtId) => ({
          municipality_id: municipalityId,
          unit_id: unitId,
          district_id: districtId,
        })),
      )
      .execute();
  }

  updateUnit(ctx: ChangeContext, id: string, input: UnitInput, version: number): Promise<void> {
    return this.#db.transaction().execute(async (tx) => {
      const before = await tx
        .selectFrom('app.unit')
        .select(['name', 'run_by_district_id', 'version'])
        .where('id', '=', id)
        .where('municipality_id', '=', ctx.municipalityId)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw notFound('Unit');
      if (before.version !== version) throw versionConflict('The unit');
      await this.#assertDistricts(tx, ctx.municipalityId, [
        input.runByDistrictId,
        ...input.servedDistrictIds,
      ]);
      const servedBefore = await tx
        .selectFrom('app.unit_district')
        .select('district_id')
        .where('unit_id', '=', id)
        .execute();
      try {
        await tx
          .updateTable('app.unit')
          .set({
            name: input.name,
            run_by_district_id: input.runByDistrictId,
            version: version + 1,
          })
          .where('id', '=', id)
          .execute();
      } catch (error) {
        if (isUniqueViolation(error, 'unit_name_uq'))
          throw conflict('name_taken', 'A unit with this name exists');
        throw error;
      }
      await this.#setServedDistricts(tx, ctx.municipalityId, id, input.servedDistrictIds);
      await this.#changeLog.record(
        ctx,
        {
          entity: 'unit',
          entityId: id,
          change: 'updated',
          before: {
            name: before.name,
            runByDistrictId: before.run_by_district_id,
            servedDistrictIds: servedBefore.map((s) => s.district_id),
          },
          after: input,
        },
        tx,
      );
    });
  }

  createGroup(ctx: ChangeContext, unitId: string, name: string): Promise<string> {
    return this.#db.transaction().execute(async (tx) => {
      const unit = await tx
        .selectFrom('app.unit')
        .select('id')
        .where('id', '=', unitId)
        .where('municipality_id', '=', ctx.municipalityId)
        .executeTakeFirst();
      if (!unit) throw notFound('Unit');
      try {
        const row = await tx
          .insertInto('app.staff_group')
          .values({ municipality_id: ctx.municipalityId, unit_id: unitId, name })
          .returning('id')
          .executeTakeFirstOrThrow();
        await this.#changeLog.record(
          ctx,
          {
            entity: 'group',
            entityId: row.id,
            change: 'created',
            before: null,
            after: { unitId, name },
          },
          tx,
        );
        return row.id;
      } catch (error) {
        if (isUniqueViolation(error, 'staff_group_name_uq'))
          throw conflict('name_taken', 'The unit already has a group with this name');
        throw error;
      }
    });
  }

  updateGroup(ctx: ChangeContext, id: string, name: string, version: number): Promise<void> {
    return this.#db.transaction().execute(async (tx) => {
      const before = await tx
        .selectFrom('app.staff_group')
        .select(['name', 'version'])
        .where('id', '=', id)
        .where('municipality_id', '=', ctx.municipalityId)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw notFound('Group');
      if (before.version !== version) throw versionConflict('The group');
      try {
        await tx
          .updateTable('app.staff_group')
          .set({ name, version: version + 1 })
          .where('id', '=', id)
          .execute();
      } catch (error) {
        if (isUniqueViolation(error, 'staff_group_name_uq'))
          throw conflict('name_taken', 'The unit already has a group with this name');
        throw error;
      }
      await this.#changeLog.record(
        ctx,
        {
          entity: 'group',
          entityId: id,
          change: 'updated',
          before: { name: before.name },
          after: { name },
        },
        tx,
      );
    });
  }

  async listUsers(municipalityId: string): Promise<StaffUserView[]> {
    const rows = await this.#db
      .selectFrom('app.staff_user as u')
      .select((eb) => [
        'u.id',
        'u.username',
        'u.display_name',
        'u.email',
        'u.disabled_at',
        'u.version',
        eb
          .fn<string[]>('array', [
            eb
              .selectFrom('app.staff_role as r')
              .select('r.role')
              .whereRef('r.user_id', '=', 'u.id')
              .orderBy('r.role'),
          ])
          .as('roles'),
        eb
          .fn<string[]>('array', [
            eb
              .selectFrom('app.unit_membership as m')
              .select('m.unit_id')
              .whereRef('m.user_id', '=', 'u.id'),
          ])
          .as('unit_ids'),
        eb
          .fn<string[]>('array', [
            eb
              .selectFrom('app.group_membership as g')
              .select('g.group_id')
              .whereRef('g.user_id', '=', 'u.id'),
          ])
          .as('group_ids'),
      ])
      .where('u.municipality_id', '=', municipalityId)
      .orderBy('u.username')
      .execute();
    return rows.map((row) => this.#toView(row));
  }

  #toView(row: {
    id: string;
    username: string;
    display_name: string;
    email: string | null;
    disabled_at: Date | null;
    version: number;
    roles: string[];
    unit_ids: string[];
    group_ids: string[];
  }): StaffUserView {
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      email: row.email,
      roles: row.roles as StaffRole[],
      unitIds: row.unit_ids,
      groupIds: row.group_ids,
      disabled: row.disabled_at !== null,
      version: row.version,
    };
  }

  async getUser(municipalityId: string, id: string): Promise<StaffUserView> {
    const user = (await this.listUsers(municipalityId)).find((u) => u.id === id);
    if (!user) throw notFound('User');
    return user;
  }

  async #assertMemberships(
    tx: Tx,
    municipalityId: string,
    unitIds: readonly string[],
    groupIds: readonly string[],
  ): Promise<void> {
    if (unitIds.length) {
      const units = await tx
        .selectFrom('app.unit')
        .select('id')
        .where('municipality_id', '=', municipalityId)
        .where('id', 'in', unitIds)
        .execute();
      if (units.length !== new Set(unitIds).size)
        throw badRequest('unknown_unit', 'One or more units do not exist');
    }
    if (groupIds.length) {
      const groups = await tx
        .selectFrom('app.staff_group')
        .select(['id', 'unit_id'])
        .where('municipality_id', '=', municipalityId)
        .where('id', 'in', groupIds)
        .execute();
      if (groups.length !== new Set(groupIds).size)
        throw badRequest('unknown_group', 'One or more groups do not exist');
      if (groups.some((g) => !unitIds.includes(g.unit_id))) {
        throw badRequest(
          'group_outside_units',
          'A user can only be in groups of units they belong to',
        );
      }
    }
  }

  async #setMemberships(
    tx: Tx,
    municipalityId: string,
    userId: string,
    roles?: readonly StaffRole[],
    unitIds?: readonly string[],
    groupIds?: readonly string[],
  ): Promise<void> {
    if (roles) {
      await tx.deleteFrom('app.staff_role').where('user_id', '=', userId).execute();
      const unique = [...new Set(roles)];
      if (unique.length)
        await tx
          .insertInto('app.staff_role')
          .values(
            unique.map((role) => ({ municipality_id: municipalityId, user_id: userId, role })),
          )
          .execute();
    }
    if (unitIds) {
      await tx.deleteFrom('app.unit_membership').where('user_id', '=', userId).execute();
      const unique = [...new Set(unitIds)];
      if (unique.length)
        await tx
          .insertInto('app.unit_membership')
          .values(
            unique.map((unitId) => ({
              municipality_id: municipalityId,
              user_id: userId,
              unit_id: unitId,
            })),
          )
          .execute();
    }
    if (groupIds) {
      await tx.deleteFrom('app.group_membership').where('user_id', '=', userId).execute();
      const unique = [...new Set(groupIds)];
      if (unique.length)
        await tx
          .insertInto('app.group_membership')
          .values(
            unique.map((groupId) => ({
              municipality_id: municipalityId,
              user_id: userId,
              group_id: groupId,
            })),
          )
          .execute();
    }
  }

  async createUser(ctx: ChangeContext, input: NewUserInput): Promise<string> {
    if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH) {
      throw badRequest(
        'weak_password',
        `The password must have at least ${MIN_PASSWORD_LENGTH} characters`,
      );
    }
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    return this.#db.transaction().execute(async (tx) => {
      await this.#assertMemberships(tx, ctx.municipalityId, input.unitIds, input.groupIds);
      let id: string;
      try {
        id = (
          await tx
            .insertInto('app.staff_user')
            .values({
              municipality_id: ctx.municipalityId,
              username: input.username.toLowerCase(),
              display_name: input.displayName,
              email: input.email ?? null,
              password_hash: passwordHash,
              oidc_subject: null,
              disabled_at: null,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      } catch (error) {
        if (isUniqueViolation(error, 'staff_user_username_uq'))
          throw conflict('username_taken', 'The username is taken');
        throw error;
      }
      await this.#setMemberships(
        tx,
        ctx.municipalityId,
        id,
        input.roles,
        input.unitIds,
        input.groupIds,
      );
      const { password: _password, ...logged } = input;
      await this.#changeLog.record(
        ctx,
        {
          entity: 'staff_user',
          entityId: id,
          change: 'created',
          before: null,
          after: { ...logged, passwordSet: passwordHash !== null },
        },
        tx,
      );
      return id;
    });
  }

  async updateUser(ctx: ChangeContext, id: string, patch: UserPatch): Promise<StaffUserView> {
    if (patch.password !== undefined && patch.password.length < MIN_PASSWORD_LENGTH) {
      throw badRequest(
        'weak_password',
        `The password must have at least ${MIN_PASSWORD_LENGTH} characters`,
      );
    }
    const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
    await this.#db.transaction().execute(async (tx) => {
      const lock = await tx
        .selectFrom('app.staff_user')
        .select(['version'])
        .where('id', '=', id)
        .where('municipality_id', '=', ctx.municipalityId)
        .forUpdate()
        .executeTakeFirst();
      if (!lock) throw notFound('User');
      if (lock.version !== patch.version) throw versionConflict('The user');
      const before = await this.getUser(ctx.municipalityId, id);
      if (
        id === ctx.actorUserId &&
        (patch.disabled === true || (patch.roles && !patch.roles.includes('administrator')))
      ) {
        throw conflict(
          'cannot_lock_out_self',
          'You cannot disable yourself or remove your own administrator role',
        );
      }
      const unitIds = patch.unitIds ?? before.unitIds;
      const groupIds = patch.groupIds ?? before.groupIds;
      await this.#assertMemberships(tx, ctx.municipalityId, unitIds, groupIds);
      const now = this.#clock();
      await tx
        .updateTable('app.staff_user')
        .set({
          display_name: patch.displayName ?? before.displayName,
          email: patch.email === undefined ? before.email : patch.email,
          ...(passwordHash ? { password_hash: passwordHash } : {}),
          disabled_at: patch.disabled === undefined ? undefined : patch.disabled ? now : null,
          version: patch.version + 1,
        })
        .where('id', '=', id)
        .execute();
      await this.#setMemberships(
        tx,
        ctx.municipalityId,
        id,
        patch.roles,
        patch.unitIds,
        patch.groupIds,
      );
      if (patch.disabled === true || passwordHash) {
        // A disabled account or a new password ends every open session at once.
        await tx
          .updateTable('app.staff_session')
          .set({ revoked_at: now })
          .where('user_id', '=', id)
          .where('revoked_at', 'is', null)
          .execute();
      }
      const { password: _password, version: _version, ...changes } = patch;
      const change =
        patch.disabled === true && !before.disabled
          ? 'disabled'
          : patch.disabled === false && before.disabled
            ? 'enabled'
            : 'updated';
      await this.#changeLog.record(
        ctx,
        {
          entity: 'staff_user',
          entityId: id,
          change,
          before: {
            displayName: before.displayName,
            email: before.email,
            roles: before.roles,
            unitIds: before.unitIds,
            groupIds: before.groupIds,
            disabled: before.disabled,
          },
          after: { ...changes, ...(passwordHash ? { passwordSet: true } : {}) },
        },
        tx,
      );
    });
    return this.getUser(ctx.municipalityId, id);
  }
}
