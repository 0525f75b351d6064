// Person register: search, person page and registration, all through the need-to-know policy.
import {
  decideSearchHit,
  decidePersonAction,
  isProtected,
  parsePersonnummer,
  formatPersonnummer,
  type ParsedPersonnummer,
  type ProtectionLevel,
} from '@skyddsnat/domain';
import type { Db } from '../../db/database.ts';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.ts';
import { stockholmDate } from '../../time.ts';
import type { Actor } from '../auth/actor.ts';
import type { ChangeLog } from '../change-log/change-log.ts';
import type { PersonRepository, PersonWithRelation } from './repository.ts';

export interface SearchHit {
  id: string;
  personnummer: string;
  visibility: 'full' | 'restricted';
  name: string | null;
  districtName: string | null;
  protection: ProtectionLevel;
}

export interface PersonPage {
  id: string;
  personnummer: string;
  identityKind: 'personnummer' | 'samordningsnummer';
  firstName: string;
  lastName: string;
  districtId: string;
  districtName: string;
  protection: ProtectionLevel;
  address: { streetAddress: string | null; postalCode: string | null; city: string | null } | null;
  addressHidden: boolean;
  relation: string;
  openCases: { id: string; districtName: string; unitName: string; openedAt: string }[];
  version: number;
}

export const SEARCH_LIMIT = 50;

export interface NewPersonInput {
  personnummer: string;
  firstName: string;
  lastName: string;
  streetAddress?: string | undefined;
  postalCode?: string | undefined;
  city?: string | undefined;
  districtId: string;
  protection: ProtectionLevel;
}

export class PersonService {
  readonly #db: Db;
  readonly #persons: PersonRepository;
  readonly #changeLog: ChangeLog;
  readonly #clock: () => Date;

  constructor(db: Db, persons: PersonRepository, changeLog: ChangeLog, clock: () => Date) {
    this.#db = db;
    this.#persons = persons;
    this.#changeLog = changeLog;
    this.#clock = clock;
  }

  #parse(input: string): ParsedPersonnummer {
    const parsed = parsePersonnummer(input, stockholmDate(this.#clock()));
    if (!parsed.ok) {
      throw badRequest('invalid_personnummer', parsed.error.message, { reason: parsed.error.code });
    }
    return parsed.value;
  }

  /** Search by personnummer/samordningsnummer (exact) or by name words (prefix). */
  async search(actor: Actor, query: string): Promise<SearchHit[]> {
    const trimmed = query.trim();
    const looksLikeNumber = /^[0-9][0-9\s+-]*$/.test(trimmed);
    let candidates: PersonWithRelation[];
    if (looksLikeNumber) {
      candidates = await this.#persons.findByPersonnummer(actor, this.#parse(trimmed).normalized);
    } else {
      const words = trimmed.split(/\s+/).filter((word) => word.length > 0);
      if (words.length === 0 || words.some((word) => word.length < 2)) {
        throw badRequest(
          'query_too_short',
          'Search with a personnummer or at least two letters of each name',
        );
      }
      candidates = await this.#persons.searchByName(actor, words, SEARCH_LIMIT * 2);
    }
    const hits: SearchHit[] = [];
    for (const person of candidates) {
      const visibility = decideSearchHit(actor.roles, person, looksLikeNumber);
      if (visibility === 'hidden') continue;
      hits.push({
        id: person.id,
        personnummer: formatPersonnummer(person.personnummer),
        visibility,
        name: visibility === 'full' ? `${person.firstName} ${person.lastName}` : null,
        districtName: visibility === 'full' ? person.districtName : null,
        protection: person.protection,
      });
      if (hits.length === SEARCH_LIMIT) break;
    }
    return hits;
  }

  /** Whether the actor may see this person's address (protected persons need a grant). */
  static addressVisible(actor: Actor, person: PersonWithRelation): boolean {
    return decidePersonAction(actor.roles, 'person.read_address', person).allowed;
  }

  /** The person page for a person already read (with relation) by the access check. */
  async page(actor: Actor, person: PersonWithRelation): Promise<PersonPage> {
    const showAddress = PersonService.addressVisible(actor, person);
    const cases = await this.#persons.openCases(person.id);
    return {
      id: person.id,
      personnummer: formatPersonnummer(person.personnummer),
      identityKind: person.identityKind,
      firstName: person.firstName,
      lastName: person.lastName,
      districtId: person.districtId,
      districtName: person.districtName,
      protection: person.protection,
      address: showAddress
        ? { streetAddress: person.streetAddress, postalCode: person.postalCode, city: person.city }
        : null,
      addressHidden: !showAddress,
      relation: person.relation,
      openCases: cases.map((c) => ({ ...c, openedAt: c.openedAt.toISOString() })),
      version: person.version,
    };
  }

  async register(actor: Actor, input: NewPersonInput, clientIp: string): Promise<string> {
    const parsed = this.#parse(input.personnummer);
    const district = await this.#db
      .selectFrom('app.district')
      .select('id')
      .where('id', '=', input.districtId)
      .where('municipality_id', '=', actor.municipalityId)
      .executeTakeFirst();
    if (!district)
      throw badRequest('unknown_district', 'The district does not exist in your municipality');
    const existing = await this.#db
      .selectFrom('app.person')
      .select('id')
      .where('municipality_id', '=', actor.municipalityId)
      .where('personnummer', '=', parsed.normalized)
      .executeTakeFirst();
    if (existing)
      throw conflict('person_exists', 'A person with this personnummer is already registered');
    // The person and its change-log record commit together or not at all.
    return this.#db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('app.person')
        .values({
          municipality_id: actor.municipalityId,
          personnummer: parsed.normalized,
          identity_kind: parsed.kind,
          first_name: input.firstName.trim(),
          last_name: input.lastName.trim(),
          street_address: input.streetAddress?.trim() || null,
          postal_code: input.postalCode?.trim() || null,
          city: input.city?.trim() || null,
          district_id: input.districtId,
          protection: input.protection,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.#changeLog.record(
        {
          municipalityId: actor.municipalityId,
          actorUserId: actor.userId,
          actorUsername: actor.username,
          clientIp,
        },
        // No name or address in the change log: only that a person was registered, and how protected.
        {
          entity: 'person',
          entityId: row.id,
          change: 'created',
          before: null,
          after: { protection: input.protection },
        },
        trx,
      );
      return row.id;
    });
  }

  async grantProtectedAccess(
    actor: Actor,
    personId: string,
    input: { userId: string; reason: string; validUntil: string },
    clientIp: string,
  ): Promise<string> {
    const person = await this.#persons.findWithRelation(actor, personId);
    if (!person) throw notFound('Person');
    if (!isProtected(person.protection)) {
      throw badRequest(
        'not_protected',
        'The person has no protected personal data; no grant is needed',
      );
    }
    if (person.relation === 'none') {
      throw new AppError(
        403,
        'forbidden',
        'You may only grant access to persons your units serve',
        {
          reason: 'no_relation',
        },
      );
    }
    const validUntil = new Date(input.validUntil);
    const now = this.#clock();
    if (!(validUntil > now) || validUntil.getTime() - now.getTime() > 366 * 86_400_000) {
      throw badRequest('invalid_valid_until', 'A grant must end in the future and within one year');
    }
    const user = await this.#db
      .selectFrom('app.staff_user')
      .select('id')
      .where('id', '=', input.userId)
      .where('municipality_id', '=', actor.municipalityId)
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    if (!user) throw badRequest('unknown_user', 'The user does not exist or is disabled');
    // The grant and its change-log record commit together or not at all.
    return this.#db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('app.protected_data_grant')
        .values({
          municipality_id: actor.municipalityId,
          person_id: personId,
          user_id: input.userId,
          granted_by: actor.userId,
          reason: input.reason.trim(),
          valid_until: validUntil,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.#changeLog.record(
        {
          municipalityId: actor.municipalityId,
          actorUserId: actor.userId,
          actorUsername: actor.username,
          clientIp,
        },
        {
          entity: 'protected_data_grant',
          entityId: row.id,
          change: 'granted',
          before: null,
          after: {
            personId,
            userId: input.userId,
            validUntil: validUntil.toISOString(),
            reason: input.reason.trim(),
          },
        },
        trx,
      );
      return row.id;
    });
  }
}
