// Decisions: drafts prepared from the application's calculation (routine months in full),
// edited by officers, signed only when every required step is in place and inside the signer's
// delegation; signed decisions are locked, and a change is a new decision replacing the old.
import { sql } from 'kysely';
import {
  carriedChildAssessment,
  checkDelegation,
  coveringRoles,
  classifyContinuedApplication,
  decisionAmount,
  lineOutcome,
  missingDocuments,
  overallOutcome,
  reasonTemplate,
  signingBlockers,
  ROUTINE_RULE_VERSION,
  type ChildImpact,
  type DecisionItem,
  type DecisionKind,
  type DecisionOutcome,
  type DelegationRule,
  type Hearing,
  type RoutineReason,
  type SigningBlocker,
  type StaffRole,
} from '@skyddsnat/domain';
import {
  decisionLegalBasis,
  provisionVersionKey,
  type CalculationResult,
  type DecisionLegalBasis,
} from '@skyddsnat/rules';
import type { Db } from '../../db/database.ts';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.ts';
import { stockholmDate } from '../../time.ts';
import type { Actor } from '../auth/actor.ts';
import type { CaseService } from '../cases/service.ts';
import { householdInMonth, type MonthMember } from '../applications/household-month.ts';
import type { ApplicationCost, ApplicationIncome } from '../applications/schemas.ts';
import {
  letterRecipient,
  decisionLetterProblems,
  renderDecisionLetterPdf,
  type DecisionLetterInput,
} from './letter.ts';
import { DecisionSettingsService, type DecisionSettings } from './settings.ts';
import { baseTables, decisionDb, type DecisionDb } from './tables.ts';

export type DecisionLine = {
  item: DecisionItem;
  label: string;
  /** Whole kronor applied for. */
  applied: number;
  /** Whole kronor the calculation gives. */
  calculated: number;
  /** Whole kronor approved. */
  granted: number;
  deviationReason: string | null;
};

export type LegalBasisEntry = { key: string; citation: string; status: string };
export type AppealEntry =
  { kind: 'administrative_appeal'; citation: string } | { kind: 'legality_review' };

export type DecisionView = {
  id: string;
  caseId: string;
  applicationId: string | null;
  month: string;
  kind: DecisionKind;
  outcome: DecisionOutcome;
  status: 'draft' | 'signed';
  version: number;
  amount: number;
  countedIncome: number;
  lines: DecisionLine[];
  reasons: string;
  legalBasis: LegalBasisEntry[];
  appeal: AppealEntry | null;
  children: { personId: string; name: string; protection: string }[];
  childImpact: ChildImpact[];
  hearing: Hearing | null;
  routine: boolean;
  routineReasons: RoutineReason[];
  automatic: boolean;
  ruleVersion: string | null;
  preparedBySystem: boolean;
  routedTo: { userId: string; name: string; note: string | null } | null;
  signedBy: { userId: string; name: string } | null;
  signedAt: string | null;
  decisionDate: string | null;
  replacesDecisionId: string | null;
  replacedByDecisionId: string | null;
  calculation: CalculationResult | null;
  /** Drafts: what still blocks signing (the signer's delegation included). */
  blockers: SigningBlocker[];
  /** Drafts: colleagues in the case's unit whose delegation covers the decision. */
  eligibleSigners: { userId: string; name: string }[];
};

export type DraftUpdate = {
  kind?: DecisionKind | undefined;
  lines?: { item: DecisionItem; granted: number; deviationReason: string | null }[] | undefined;
  reasons?: string | undefined;
  childImpact?: ChildImpact[] | undefined;
  hearing?: Hearing | null | undefined;
};

export type WorklistItem = {
  caseId: string;
  applicationId: string | null;
  decisionId: string | null;
  personId: string;
  applicantName: string;
  month: string;
  amount: number | null;
  reasons: string[];
};

export type Worklist = {
  readyToSign: WorklistItem[];
  needsAttention: WorklistItem[];
  waitingForApplicant: WorklistItem[];
};

const ITEM_LABELS: Readonly<Record<DecisionItem, string>> = {
  norm: 'Riksnorm (personliga kostnader och gemensamma hushållskostnader)',
  rent: 'Hyra',
  electricity: 'Hushållsel',
  work_travel: 'Arbetsresor',
  home_insurance: 'Hemförsäkring',
  union_fee: 'Avgift till fackförening',
  unemployment_fund_fee: 'Avgift till arbetslöshetskassa',
  other: 'Övrigt',
  emergency: 'Nödbistånd',
};

/** The lines of a draft from the calculation: the norm and each reasonable cost as applied for. */
export function linesFromCalculation(
  costs: readonly ApplicationCost[],
  calculation: CalculationResult,
): DecisionLine[] {
  const lines: DecisionLine[] = [
    {
      item: 'norm',
      label: ITEM_LABELS.norm,
      applied: calculation.norm.total,
      calculated: calculation.norm.total,
      granted: calculation.norm.total,
      deviationReason: null,
    },
  ];
  for (const cost of costs) {
    if (cost.amount <= 0) continue;
    const label =
      cost.type === 'other' && cost.description
        ? `Övrigt: ${cost.description}`
        : ITEM_LABELS[cost.type];
    lines.push({
      item: cost.type,
      label,
      applied: cost.amount,
      calculated: cost.amount,
      granted: cost.amount,
      deviationReason: null,
    });
  }
  return lines;
}

function legalBasisOn(
  kind: DecisionKind,
  date: string,
): { basis: LegalBasisEntry[]; appeal: AppealEntry | null; error: string | null } {
  let found: DecisionLegalBasis;
  try {
    found = decisionLegalBasis(kind, date);
  } catch (error) {
    return { basis: [], appeal: null, error: (error as Error).message };
  }
  return {
    basis: found.provisions.map((p) => ({
      key: provisionVersionKey(p),
      citation: p.citation,
      status: p.status,
    })),
    appeal:
      found.appeal.kind === 'legality_review'
        ? { kind: 'legality_review' }
        : { kind: 'administrative_appeal', citation: found.appeal.provision.citation },
    error: null,
  };
}

type DecisionRow = Awaited<ReturnType<DecisionService['findRow']>>;

export class DecisionService {
  readonly #db: DecisionDb;
  readonly #cases: CaseService;
  readonly #clock: () => Date;

  readonly #settings: DecisionSettingsService;
  #onSigned: (decisionId: string, actorUserId: string) => Promise<void> = async () => {};

  constructor(db: Db, cases: CaseService, settings: DecisionSettingsService, clock: () => Date) {
    this.#db = decisionDb(db);
    this.#cases = cases;
    this.#settings = settings;
    this.#clock = clock;
  }

  #today(): string {
    return stockholmDate(this.#clock());
  }

  /** The payment plan follows every signed decision; it registers here. */
  onSigned(listener: (decisionId: string, actorUserId: string) => Promise<void>): void {
    this.#onSigned = listener;
  }

  async findRow(db: DecisionDb, caseId: string, decisionId: string) {
    return db
      .selectFrom('app.decision')
      .selectAll()
      .select(sql<string | null>`to_char(decision_date, 'YYYY-MM-DD')`.as('decision_day'))
      .where('id', '=', decisionId)
      .where('case_id', '=', caseId)
      .executeTakeFirst();
  }

  async settings(municipalityId: string, db: DecisionDb = this.#db): Promise<DecisionSettings> {
    return this.#settings.get(municipalityId, db);
  }

  async delegationRules(
    municipalityId: string,
    db: DecisionDb = this.#db,
  ): Promise<DelegationRule[]> {
    const settings = await this.#settings.get(municipalityId, db);
    return settings.delegation;
  }

  // ---- Preparation ------------------------------------------------------------------------

  /**
   * Prepares (or re-prepares) the draft for an application after a change: the calculation's
   * lines, a reason template, the legal basis for today, and for continued applications the
   * routine classification. An officer's own draft is left alone; the system's is replaced.
   * When the municipality allows it, a routine full grant is then decided automatically.
   */
  async prepareForApplication(applicationId: string): Promise<string | null> {
    const result = await this.#db.transaction().execute(async (tx) => {
      return this.prepareWithin(tx, applicationId);
    });
    if (result?.autoSign) await this.signAutomatically(result.decisionId);
    return result?.decisionId ?? null;
  }

  async prepareWithin(
    tx: DecisionDb,
    applicationId: string,
  ): Promise<{ decisionId: string; autoSign: boolean } | null> {
    const app = await tx
      .selectFrom('app.application')
      .selectAll()
      .where('id', '=', applicationId)
      .forUpdate()
      .executeTakeFirst();
    if (!app || app.status !== 'open') return null;
    const existing = await tx
      .selectFrom('app.decision')
      .select(['id', 'prepared_by'])
      .where('application_id', '=', applicationId)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (existing && existing.prepared_by !== null) return null;
    if (existing) await tx.deleteFrom('app.decision').where('id', '=', existing.id).execute();
    const calculation = app.calculation as CalculationResult | null;
    if (!calculation) return null;

    const costs = app.costs as ApplicationCost[];
    const incomes = app.incomes as ApplicationIncome[];
    const lines = linesFromCalculation(costs, calculation);
    const countedIncome = calculation.income.counted;
    const outcome = overallOutcome(lines, countedIncome);
    const amount = decisionAmount(lines, countedIncome);
    const members = await householdInMonth(tx, app.case_id, app.month);
    const settings = await this.settings(app.municipality_id, tx);

    let routine = false;
    let reasons: RoutineReason[];
    let childImpact: ChildImpact[] = [];
    if (app.kind === 'continued') {
      const previous = await this.#lastGrant(tx, app.case_id, app.month);
      const documents = await tx
        .selectFrom('app.application_document')
        .select('document_kind')
        .where('application_id', '=', applicationId)
        .execute();
      const missing = missingDocuments(
        { kind: app.kind, costs, incomes },
        documents.map((d) => d.document_kind),
      );
      const openRequest = await tx
        .selectFrom('app.completion_request')
        .select('id')
        .where('application_id', '=', applicationId)
        .where('resolved_at', 'is', null)
        .executeTakeFirst();
      const classification = classifyContinuedApplication(
        {
          current: {
            members: members.map((m) => `${m.personId}:${m.role}`),
            costs,
            incomeTypes: incomes.filter((i) => i.amount > 0).map((i) => i.type),
          },
          previous,
          calculatedAmount: amount,
          applicantConfirmed: app.applicant_confirmed_at !== null,
          missingDocuments: missing.map((d) => d.reason),
          openFlags: openRequest ? ['En begäran om komplettering är öppen.'] : [],
          usesDerivedParameters: calculation.usesDerivedParameters,
        },
        settings.routineRules,
      );
      routine = classification.routine;
      reasons = [...classification.reasons];
      if (previous) {
        childImpact = previous.childImpact
          .filter((c) => members.some((m) => m.role === 'child' && m.personId === c.personId))
          .map((c) => ({
            personId: c.personId,
            assessment: carriedChildAssessment(c.assessment, previous.decisionDate),
          }));
      }
    } else {
      reasons = [
        { code: 'no_previous_grant', message: 'Första ansökan prövas alltid av en handläggare.' },
      ];
    }
    const template =
      outcome === 'refused' ? 'income_covers_need' : routine ? 'routine_unchanged' : 'full_grant';
    const row = await tx
      .insertInto('app.decision')
      .values({
        municipality_id: app.municipality_id,
        case_id: app.case_id,
        application_id: applicationId,
        month: app.month,
        kind: 'regular',
        outcome,
        amount,
        counted_income: countedIncome,
        lines: JSON.stringify(lines),
        reasons: reasonTemplate(template),
        child_impact: JSON.stringify(childImpact),
        hearing: null,
        calculation: JSON.stringify(calculation),
        routine,
        routine_reasons: JSON.stringify(reasons),
        rule_version: ROUTINE_RULE_VERSION,
        prepared_by: null,
        routed_to: null,
        routed_note: null,
        signed_by: null,
        signed_at: null,
        replaces_decision_id: null,
        created_at: this.#clock(),
        updated_at: this.#clock(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const children = members.filter((m) => m.role === 'child');
    const autoSign =
      routine &&
      settings.autoDecideFullGrants &&
      outcome === 'granted' &&
      childImpact.length >= children.length;
    return { decisionId: row.id, autoSign };
  }

  /** The last month before `month` granted in full, as the routine rules compare with it. */
  async #lastGrant(tx: DecisionDb, caseId: string, month: string) {
    const decision = await tx
      .selectFrom('app.decision as d')
      .innerJoin('app.application as a', 'a.id', 'd.application_id')
      .select([
        'd.month',
        'd.amount',
        'd.child_impact',
        'a.costs',
        'a.incomes',
        sql<string>`to_char(d.decision_date, 'YYYY-MM-DD')`.as('decision_day'),
      ])
      .where('d.case_id', '=', caseId)
      .where('d.status', '=', 'signed')
      .where('d.kind', '=', 'regular')
      .where('d.outcome', '=', 'granted')
      .where('d.month', '<', month)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('app.decision as r')
              .select('r.id')
              .whereRef('r.replaces_decision_id', '=', 'd.id'),
          ),
        ),
      )
      .orderBy('d.month', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!decision) return null;
    const members = await householdInMonth(tx, caseId, decision.month);
    return {
      members: members.map((m) => `${m.personId}:${m.role}`),
      costs: decision.costs as ApplicationCost[],
      incomeTypes: (decision.incomes as ApplicationIncome[])
        .filter((i) => i.amount > 0)
        .map((i) => i.type),
      amount: decision.amount,
      childImpact: decision.child_impact as ChildImpact[],
      decisionDate: decision.decision_day,
    };
  }

  // ---- Drafts -----------------------------------------------------------------------------

  /** An officer's draft for an application, or an emergency decision (nödbistånd) for today. */
  async createDraft(
    actor: Actor,
    caseId: string,
    input:
      | { kind: 'regular' | 'reduction' | 'beyond_entitlement'; applicationId: string }
      | { kind: 'emergency'; amount: number; purpose: string },
  ): Promise<string> {
    return this.#db.transaction().execute(async (tx) => {
      const caseRow = await tx
        .selectFrom('app.assistance_case')
        .select(['municipality_id', 'status'])
        .where('id', '=', caseId)
        .executeTakeFirst();
      if (!caseRow) throw notFound('Case');
      if (caseRow.status !== 'open') {
        throw conflict('case_closed', 'Ärendet är avslutat. Öppna det igen för att fatta beslut.');
      }
      const now = this.#clock();
      const base = {
        municipality_id: caseRow.municipality_id,
        case_id: caseId,
        routed_to: null,
        routed_note: null,
        signed_by: null,
        signed_at: null,
        replaces_decision_id: null,
        hearing: null,
        prepared_by: actor.userId,
        created_at: now,
        updated_at: now,
      };
      if (input.kind === 'emergency') {
        if (!Number.isSafeInteger(input.amount) || input.amount <= 0) {
          throw badRequest('invalid_amount', 'Nödbiståndet ska vara hela kronor och mer än noll.');
        }
        const line: DecisionLine = {
          item: 'emergency',
          label: `${ITEM_LABELS.emergency}: ${input.purpose}`,
          applied: input.amount,
          calculated: input.amount,
          granted: input.amount,
          deviationReason: null,
        };
        const row = await tx
          .insertInto('app.decision')
          .values({
            ...base,
            application_id: null,
            month: this.#today().slice(0, 7),
            kind: 'emergency',
            outcome: 'granted',
            amount: input.amount,
            counted_income: 0,
            lines: JSON.stringify([line]),
            reasons: reasonTemplate('emergency'),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return row.id;
      }
      const app = await tx
        .selectFrom('app.application')
        .selectAll()
        .where('id', '=', input.applicationId)
        .where('case_id', '=', caseId)
        .forUpdate()
        .executeTakeFirst();
      if (!app) throw notFound('Application');
      if (app.status !== 'open') {
        throw conflict(
          'month_already_decided',
          `${app.month} är redan beslutad. Ett ändrat beslut är ett nytt beslut som ersätter det tidigare.`,
        );
      }
      const calculation = app.calculation as CalculationResult | null;
      if (!calculation) {
        throw new AppError(
          422,
          'calculation_missing',
          `Ansökan kan inte beräknas: ${app.calculation_error ?? 'uppgifter saknas'}. Rätta ansökan först.`,
        );
      }
      const existing = await tx
        .selectFrom('app.decision')
        .select(['id', 'prepared_by'])
        .where('application_id', '=', app.id)
        .where('status', '=', 'draft')
        .executeTakeFirst();
      if (existing && existing.prepared_by !== null) {
        throw conflict('draft_exists', 'Det finns redan ett beslutsutkast för ansökan.', {
          decisionId: existing.id,
        });
      }
      if (existing) await tx.deleteFrom('app.decision').where('id', '=', existing.id).execute();
      const lines = linesFromCalculation(app.costs as ApplicationCost[], calculation);
      const countedIncome = calculation.income.counted;
      const outcome = overallOutcome(lines, countedIncome);
      const row = await tx
        .insertInto('app.decision')
        .values({
          ...base,
          application_id: app.id,
          month: app.month,
          kind: input.kind,
          outcome,
          amount: decisionAmount(lines, countedIncome),
          counted_income: countedIncome,
          lines: JSON.stringify(lines),
          reasons: reasonTemplate(outcome === 'refused' ? 'income_covers_need' : 'full_grant'),
          calculation: JSON.stringify(calculation),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    });
  }

  /** Changes a draft; amounts, outcome and legal basis are derived again from what changed. */
  async updateDraft(
    actor: Actor,
    caseId: string,
    decisionId: string,
    update: DraftUpdate,
    version: number,
  ): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      const row = await this.#lockDraft(tx, caseId, decisionId, version);
      const kind = update.kind ?? row.kind;
      if ((kind === 'emergency') !== (row.kind === 'emergency')) {
        throw badRequest(
          'kind_change_not_allowed',
          'Ett nödbiståndsbeslut kan inte göras om till ett annat slags beslut, eller tvärtom.',
        );
      }
      let lines = row.lines as DecisionLine[];
      if (update.lines) {
        const byItem = new Map(update.lines.map((l) => [l.item, l]));
        if (byItem.size !== update.lines.length || update.lines.length !== lines.length) {
          throw badRequest(
            'lines_mismatch',
            'Ange beviljat belopp för varje rad i beslutet, och bara en gång per rad.',
          );
        }
        lines = lines.map((line) => {
          const changed = byItem.get(line.item);
          if (!changed) {
            throw badRequest('lines_mismatch', `Raden ${line.label} saknas i ändringen.`);
          }
          if (!Number.isSafeInteger(changed.granted) || changed.granted < 0) {
            throw badRequest(
              'invalid_amount',
              `Beviljat belopp för ${line.label} ska vara hela kronor.`,
            );
          }
          return { ...line, granted: changed.granted, deviationReason: changed.deviationReason };
        });
      }
      const outcome = overallOutcome(lines, row.counted_income);
      await tx
        .updateTable('app.decision')
        .set({
          kind,
          lines: JSON.stringify(lines),
          outcome,
          amount: decisionAmount(lines, row.counted_income),
          reasons: update.reasons ?? row.reasons,
          child_impact: JSON.stringify(update.childImpact ?? row.child_impact),
          hearing:
            update.hearing === undefined
              ? JSON.stringify(row.hearing)
              : update.hearing === null
                ? null
                : JSON.stringify(update.hearing),
          // An officer's edit makes the draft theirs: re-preparation leaves it alone from now on.
          prepared_by: actor.userId,
          version: version + 1,
          updated_at: this.#clock(),
        })
        .where('id', '=', decisionId)
        .execute();
    });
  }

  async #lockDraft(tx: DecisionDb, caseId: string, decisionId: string, version: number | null) {
    const row = await tx
      .selectFrom('app.decision')
      .selectAll()
      .select(sql<string | null>`to_char(decision_date, 'YYYY-MM-DD')`.as('decision_day'))
      .where('id', '=', decisionId)
      .where('case_id', '=', caseId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('Decision');
    if (row.status === 'signed') {
      throw conflict(
        'decision_signed',
        'Beslutet är signerat och kan inte ändras. Fatta ett nytt beslut som ersätter det.',
      );
    }
    if (version !== null && row.version !== version) {
      throw conflict('version_conflict', 'Beslutsutkastet har ändrats av någon annan; ladda om', {
        currentVersion: row.version,
      });
    }
    return row;
  }

  /** Removes a draft that should not be decided (e.g. made by mistake). */
  async discardDraft(caseId: string, decisionId: string, version: number): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      const row = await this.#lockDraft(tx, caseId, decisionId, version);
      await tx.deleteFrom('app.decision').where('id', '=', row.id).execute();
    });
  }

  /** Sends a draft to a colleague whose delegation covers it. */
  async route(
    actor: Actor,
    caseId: string,
    decisionId: string,
    input: { toUserId: string; note: string | null },
    version: number,
  ): Promise<void> {
    const view = await this.view(actor, caseId, decisionId);
    if (!view.eligibleSigners.some((s) => s.userId === input.toUserId)) {
      throw badRequest(
        'not_eligible_signer',
        'Mottagaren har inte delegation att fatta beslutet eller arbetar inte i ärendets enhet.',
      );
    }
    await this.#db.transaction().execute(async (tx) => {
      await this.#lockDraft(tx, caseId, decisionId, version);
      await tx
        .updateTable('app.decision')
        .set({
          routed_to: input.toUserId,
          routed_note: input.note,
          version: version + 1,
          updated_at: this.#clock(),
        })
        .where('id', '=', decisionId)
        .execute();
    });
  }

  /** A new draft replacing a signed decision, starting from its content. */
  async replace(actor: Actor, caseId: string, decisionId: string): Promise<string> {
    return this.#db.transaction().execute(async (tx) => {
      const old = await this.findRow(tx, caseId, decisionId);
      if (!old) throw notFound('Decision');
      if (old.status !== 'signed') {
        throw conflict(
          'decision_not_signed',
          'Ett utkast ändras direkt; bara signerade beslut ersätts.',
        );
      }
      const replaced = await tx
        .selectFrom('app.decision')
        .select('id')
        .where('replaces_decision_id', '=', decisionId)
        .executeTakeFirst();
      if (replaced) {
        throw conflict('already_replaced', 'Beslutet är redan ersatt av ett annat beslut.', {
          decisionId: replaced.id,
        });
      }
      const now = this.#clock();
      const row = await tx
        .insertInto('app.decision')
        .values({
          municipality_id: old.municipality_id,
          case_id: caseId,
          application_id: old.application_id,
          month: old.month,
          kind: old.kind,
          outcome: old.outcome,
          amount: old.amount,
          counted_income: old.counted_income,
          lines: JSON.stringify(old.lines),
          reasons: old.reasons,
          child_impact: JSON.stringify(old.child_impact),
          hearing: old.hearing === null ? null : JSON.stringify(old.hearing),
          calculation: old.calculation === null ? null : JSON.stringify(old.calculation),
          prepared_by: actor.userId,
          routed_to: null,
          routed_note: null,
          signed_by: null,
          signed_at: null,
          replaces_decision_id: decisionId,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    });
  }

  // ---- Reading ----------------------------------------------------------------------------

  async list(caseId: string): Promise<
    {
      id: string;
      month: string;
      kind: DecisionKind;
      outcome: DecisionOutcome;
      status: 'draft' | 'signed';
      amount: number;
      decisionDate: string | null;
      routine: boolean;
      replacesDecisionId: string | null;
    }[]
  > {
    const rows = await this.#db
      .selectFrom('app.decision')
      .select([
        'id',
        'month',
        'kind',
        'outcome',
        'status',
        'amount',
        'routine',
        'replaces_decision_id',
        sql<string | null>`to_char(decision_date, 'YYYY-MM-DD')`.as('decision_day'),
      ])
      .where('case_id', '=', caseId)
      .orderBy('month', 'desc')
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      month: r.month,
      kind: r.kind,
      outcome: r.outcome,
      status: r.status,
      amount: r.amount,
      decisionDate: r.decision_day,
      routine: r.routine,
      replacesDecisionId: r.replaces_decision_id,
    }));
  }

  async view(actor: Actor, caseId: string, decisionId: string): Promise<DecisionView> {
    const row = await this.findRow(this.#db, caseId, decisionId);
    if (!row) throw notFound('Decision');
    return this.#toView(this.#db, actor.roles, row);
  }

  async #toView(
    db: DecisionDb,
    signerRoles: readonly StaffRole[],
    row: NonNullable<DecisionRow>,
  ): Promise<DecisionView> {
    const members = await householdInMonth(db, row.case_id, row.month);
    const children = members
      .filter((m) => m.role === 'child')
      .map((m) => ({ personId: m.personId, name: m.name, protection: m.protection }));
    const names = await this.#userNames(
      db,
      [row.routed_to, row.signed_by].filter((id): id is string => id !== null),
    );
    const replacedBy = await db
      .selectFrom('app.decision')
      .select('id')
      .where('replaces_decision_id', '=', row.id)
      .executeTakeFirst();
    // A draft cites what is in force today (it is signed, and its letter made, on that date);
    // a signed decision what it was signed under.
    const legalNow = row.status === 'draft' ? legalBasisOn(row.kind, this.#today()) : null;
    const view: DecisionView = {
      id: row.id,
      caseId: row.case_id,
      applicationId: row.application_id,
      month: row.month,
      kind: row.kind,
      outcome: row.outcome,
      status: row.status,
      version: row.version,
      amount: row.amount,
      countedIncome: row.counted_income,
      lines: row.lines as DecisionLine[],
      reasons: row.reasons,
      legalBasis: legalNow ? legalNow.basis : (row.legal_basis as LegalBasisEntry[]),
      appeal: legalNow ? legalNow.appeal : (row.appeal as AppealEntry | null),
      children,
      childImpact: row.child_impact as ChildImpact[],
      hearing: row.hearing as Hearing | null,
      routine: row.routine,
      routineReasons: row.routine_reasons as RoutineReason[],
      automatic: row.automatic,
      ruleVersion: row.rule_version,
      preparedBySystem: row.prepared_by === null,
      routedTo: row.routed_to
        ? { userId: row.routed_to, name: names.get(row.routed_to) ?? '', note: row.routed_note }
        : null,
      signedBy: row.signed_by
        ? { userId: row.signed_by, name: names.get(row.signed_by) ?? '' }
        : null,
      signedAt: row.signed_at?.toISOString() ?? null,
      decisionDate: row.decision_day,
      replacesDecisionId: row.replaces_decision_id,
      replacedByDecisionId: replacedBy?.id ?? null,
      calculation: row.calculation as CalculationResult | null,
      blockers: [],
      eligibleSigners: [],
    };
    if (row.status === 'draft') {
      const { blockers, eligible } = await this.#blockers(db, row, members, signerRoles);
      view.blockers = blockers;
      view.eligibleSigners = eligible;
    }
    return view;
  }

  async #userNames(db: DecisionDb, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom('app.staff_user')
      .select(['id', 'display_name'])
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  /** The signing gate of `row` on `today` (the domain's rules, with the legal basis in force). */
  #gateBlockers(
    row: NonNullable<DecisionRow>,
    members: readonly MonthMember[],
    today: string,
  ): SigningBlocker[] {
    const legal = legalBasisOn(row.kind, today);
    const blockers = signingBlockers({
      kind: row.kind,
      outcome: row.outcome,
      reasons: row.reasons,
      legalBasis: legal.basis.map((b) => b.key),
      children: members
        .filter((m) => m.role === 'child')
        .map((m) => ({ personId: m.personId, name: m.name, protection: m.protection })),
      childImpact: row.child_impact as ChildImpact[],
      hearing: row.hearing as Hearing | null,
      lines: row.lines as DecisionLine[],
      today,
    });
    if (legal.error !== null) {
      const index = blockers.findIndex((b) => b.code === 'legal_basis_missing');
      const message = `Det finns inget lagrum i kraft ${today} för det här slaget av beslut. Välj ett annat slag av beslut.`;
      if (index >= 0) blockers[index] = { code: 'legal_basis_missing', message };
    }
    return blockers;
  }

  /** Everything that blocks signing `row` by someone with `signerRoles`, and who could sign. */
  async #blockers(
    db: DecisionDb,
    row: NonNullable<DecisionRow>,
    members: readonly MonthMember[],
    signerRoles: readonly StaffRole[],
  ): Promise<{ blockers: SigningBlocker[]; eligible: { userId: string; name: string }[] }> {
    const blockers = this.#gateBlockers(row, members, this.#today());
    if (row.application_id !== null && row.replaces_decision_id === null) {
      const app = await db
        .selectFrom('app.application')
        .select(['calculated_amount', 'status'])
        .where('id', '=', row.application_id)
        .executeTakeFirst();
      const calculation = row.calculation as CalculationResult | null;
      if (app && calculation && app.calculated_amount !== calculation.amount) {
        blockers.push({
          code: 'calculation_changed',
          message:
            'Ansökan har ändrats sedan utkastet gjordes: skapa ett nytt utkast från den nya beräkningen.',
        });
      }
    }
    const rules = await this.delegationRules(row.municipality_id, db);
    const delegation = checkDelegation(rules, signerRoles, {
      kind: row.kind,
      outcome: row.outcome,
      amount: row.amount,
    });
    let eligible: { userId: string; name: string }[] = [];
    if (!delegation.allowed) {
      blockers.push({ code: 'outside_delegation', message: delegation.message });
    }
    const eligibleRoles = coveringRoles(rules, {
      kind: row.kind,
      outcome: row.outcome,
      amount: row.amount,
    });
    if (eligibleRoles.length > 0) {
      const rows = await db
        .selectFrom('app.staff_user as u')
        .innerJoin('app.staff_role as r', 'r.user_id', 'u.id')
        .innerJoin('app.unit_membership as um', 'um.user_id', 'u.id')
        .innerJoin('app.assistance_case as c', 'c.unit_id', 'um.unit_id')
        .select(['u.id', 'u.display_name'])
        .distinct()
        .where('c.id', '=', row.case_id)
        .where('r.role', 'in', eligibleRoles)
        .where('u.disabled_at', 'is', null)
        .orderBy('u.display_name')
        .execute();
      eligible = rows.map((r) => ({ userId: r.id, name: r.display_name }));
    }
    return { blockers, eligible };
  }

  // ---- Signing ----------------------------------------------------------------------------

  /**
   * Signs a draft: refused with every blocker listed (422 `signing_blocked`) while any required
   * step is missing or the signer's delegation does not cover it. The legal basis and appeal
   * route are fixed for today's date, the letter is stored as it will be printed, the case log
   * records the decision, and the application is closed — in one transaction.
   */
  async sign(actor: Actor, caseId: string, decisionId: string, version: number): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      const row = await this.#lockDraft(tx, caseId, decisionId, version);
      const members = await householdInMonth(tx, caseId, row.month);
      const { blockers, eligible } = await this.#blockers(tx, row, members, actor.roles);
      if (blockers.length > 0) {
        throw new AppError(422, 'signing_blocked', blockers.map((b) => b.message).join(' '), {
          blockers,
          eligibleSigners: eligible,
        });
      }
      await this.#signInTransaction(tx, row, members, actor.userId, false);
    });
    await this.#onSigned(decisionId, actor.userId);
  }

  /** Förvaltningslagen 28 §: a routine full grant, decided without a person. */
  async signAutomatically(decisionId: string): Promise<boolean> {
    const signed = await this.#db
      .transaction()
      .execute(async (tx): Promise<string | false> => {
        const row = await tx
          .selectFrom('app.decision')
          .selectAll()
          .select(sql<string | null>`to_char(decision_date, 'YYYY-MM-DD')`.as('decision_day'))
          .where('id', '=', decisionId)
          .forUpdate()
          .executeTakeFirst();
        if (!row || row.status !== 'draft' || !row.routine || row.outcome !== 'granted')
          return false;
        const members = await householdInMonth(tx, row.case_id, row.month);
        const blockers = this.#gateBlockers(row, members, this.#today());
        if (blockers.length > 0) return false;
        await this.#signInTransaction(tx, row, members, null, true);
        return row.case_id;
      })
      .catch((error: unknown) => {
        // A routine month the system cannot sign (its letter cannot be made) waits for a person.
        if (error instanceof AppError && error.code === 'letter_incomplete') return false as const;
        throw error;
      });
    if (signed === false) return false;
    await this.#onSigned(decisionId, await this.#caseOfficerOrOpener(this.#db, signed));
    return true;
  }

  async #signInTransaction(
    tx: DecisionDb,
    row: NonNullable<DecisionRow>,
    members: readonly MonthMember[],
    signerId: string | null,
    automatic: boolean,
  ): Promise<void> {
    const now = this.#clock();
    const today = stockholmDate(now);
    const legal = legalBasisOn(row.kind, today);
    if (!legal.appeal)
      throw new AppError(422, 'legal_basis_missing', legal.error ?? 'Lagrum saknas');
    const letter = await this.#letterInput(tx, row, members, {
      decisionDate: today,
      legalBasis: legal.basis,
      appeal: legal.appeal,
      signerId,
      automatic,
    });
    // The letter is what the applicant receives: a decision whose letter cannot be made is not signed.
    const problems = decisionLetterProblems(letter);
    if (problems.length > 0) {
      throw new AppError(
        422,
        'letter_incomplete',
        `Beslutsbrevet kan inte skapas: ${problems.join('; ')}`,
        { problems },
      );
    }
    await tx
      .updateTable('app.decision')
      .set({
        status: 'signed',
        signed_by: signerId,
        signed_at: now,
        decision_date: today,
        automatic,
        rule_version: automatic ? ROUTINE_RULE_VERSION : row.rule_version,
        legal_basis: JSON.stringify(legal.basis),
        appeal: JSON.stringify(legal.appeal),
        letter: JSON.stringify(letter),
        routed_to: null,
        updated_at: now,
      })
      .where('id', '=', row.id)
      .execute();
    if (row.application_id !== null) {
      await tx
        .updateTable('app.application')
        .set({ status: 'decided', updated_at: now })
        .where('id', '=', row.application_id)
        .execute();
    }
    const actorId =
      signerId ?? row.prepared_by ?? (await this.#caseOfficerOrOpener(tx, row.case_id));
    await this.#cases.appendInTransaction(
      baseTables(tx),
      row.case_id,
      {
        type: 'decision_recorded',
        month: row.month,
        outcome: row.outcome,
        decisionId: row.id,
        kind: row.kind,
        replacesDecisionId: row.replaces_decision_id,
        at: now.toISOString(),
        by: actorId,
      },
      null,
    );
  }

  // The case log names a person for every entry; an automatic decision is recorded in the name
  // of the case's officer (or whoever opened the case), with `automatic` on the decision itself.
  async #caseOfficerOrOpener(tx: DecisionDb, caseId: string): Promise<string> {
    const officer = await tx
      .selectFrom('app.case_assignment')
      .select('user_id')
      .where('case_id', '=', caseId)
      .where('ended_at', 'is', null)
      .orderBy('assigned_at')
      .limit(1)
      .executeTakeFirst();
    if (officer) return officer.user_id;
    const opened = await tx
      .selectFrom('app.case_action')
      .select('acted_by')
      .where('case_id', '=', caseId)
      .where('seq', '=', 1)
      .executeTakeFirstOrThrow();
    return opened.acted_by;
  }

  // ---- Letters ----------------------------------------------------------------------------

  async #letterInput(
    db: DecisionDb,
    row: NonNullable<DecisionRow>,
    members: readonly MonthMember[],
    fixed: {
      decisionDate: string;
      legalBasis: LegalBasisEntry[];
      appeal: AppealEntry;
      signerId: string | null;
      automatic: boolean;
    },
  ): Promise<DecisionLetterInput> {
    const info = await db
      .selectFrom('app.assistance_case as c')
      .innerJoin('app.person as p', 'p.id', 'c.person_id')
      .innerJoin('app.unit as u', 'u.id', 'c.unit_id')
      .innerJoin('app.municipality as m', 'm.id', 'c.municipality_id')
      .select([
        'p.first_name',
        'p.last_name',
        'p.street_address',
        'p.postal_code',
        'p.city',
        'p.protection',
        'u.name as unit_name',
        'm.name as municipality_name',
      ])
      .where('c.id', '=', row.case_id)
      .executeTakeFirstOrThrow();
    const settings = await this.settings(row.municipality_id, db);
    const officerId = fixed.signerId ?? (await this.#caseOfficerOrOpener(db, row.case_id));
    const officer = await db
      .selectFrom('app.staff_user')
      .select(['display_name', 'email'])
      .where('id', '=', officerId)
      .executeTakeFirstOrThrow();
    const lines = row.lines as DecisionLine[];
    const calculation = row.calculation as CalculationResult | null;
    const impacts = row.child_impact as ChildImpact[];
    const children = members.filter((m) => m.role === 'child');
    let refersTo: DecisionLetterInput['refersTo'] = null;
    if (row.replaces_decision_id !== null) {
      const earlier = await db
        .selectFrom('app.decision')
        .select(sql<string>`to_char(decision_date, 'YYYY-MM-DD')`.as('day'))
        .where('id', '=', row.replaces_decision_id)
        .executeTakeFirstOrThrow();
      refersTo = { reference: shortReference(row.replaces_decision_id), decisionDate: earlier.day };
    }
    return {
      reference: shortReference(row.id),
      decisionDate: fixed.decisionDate,
      month: row.month,
      kind: row.kind,
      outcome: row.outcome,
      municipality: {
        name: info.municipality_name,
        unitName: info.unit_name,
        postalAddress: settings.postalAddress || `${info.unit_name}, ${info.municipality_name}`,
        phone: settings.phone || '—',
        email: settings.email || '—',
      },
      recipient: letterRecipient({
        firstName: info.first_name,
        lastName: info.last_name,
        streetAddress: info.street_address,
        postalCode: info.postal_code,
        city: info.city,
        protection: info.protection,
      }),
      lines: lines.map((l) => ({
        label: l.label,
        applied: l.applied,
        granted: l.granted,
        outcome: lineOutcome(l.applied, l.granted),
        deviationReason: l.deviationReason,
      })),
      countedIncome: row.counted_income,
      totalGranted: row.amount,
      calculation: calculation
        ? {
            need: calculation.need,
            countedIncome: calculation.income.counted,
            amount: calculation.amount,
            lines: calculation.trace.map((t) => ({
              section: t.section,
              label: nameMembers(t.label, members),
              amount: t.amount,
              ...(t.calculation ? { calculation: t.calculation } : {}),
            })),
          }
        : null,
      reasons: row.reasons,
      legalBasis: fixed.legalBasis.map((b) => ({ citation: b.citation })),
      appeal: fixed.appeal,
      childImpact:
        children.length === 0
          ? null
          : children.map((child, index) => ({
              childName: child.protection === 'none' ? child.name : `Barn ${String(index + 1)}`,
              assessment: impacts.find((c) => c.personId === child.personId)?.assessment ?? '',
            })),
      officer: { name: officer.display_name, phone: settings.phone || null, email: officer.email },
      decidedBy: fixed.automatic ? null : officer.display_name,
      automatic: fixed.automatic ? { ruleVersion: ROUTINE_RULE_VERSION } : null,
      refersTo,
    };
  }

  /** The letter as it would be printed if the draft were signed today. */
  async draftLetterData(caseId: string, decisionId: string): Promise<DecisionLetterInput> {
    const row = await this.findRow(this.#db, caseId, decisionId);
    if (!row) throw notFound('Decision');
    const members = await householdInMonth(this.#db, caseId, row.month);
    const legal = legalBasisOn(row.kind, this.#today());
    if (!legal.appeal) {
      throw new AppError(422, 'legal_basis_missing', legal.error ?? 'Lagrum saknas');
    }
    return this.#letterInput(this.#db, row, members, {
      decisionDate: this.#today(),
      legalBasis: legal.basis,
      appeal: legal.appeal,
      signerId: null,
      automatic: false,
    });
  }

  /**
   * The letter as a PDF: for a signed decision exactly as stored at signing; for a draft a
   * preview dated today.
   */
  async letterPdf(caseId: string, decisionId: string): Promise<{ pdf: Buffer; signed: boolean }> {
    const row = await this.findRow(this.#db, caseId, decisionId);
    if (!row) throw notFound('Decision');
    if (row.status === 'signed') {
      return {
        pdf: await renderDecisionLetterPdf(row.letter as DecisionLetterInput),
        signed: true,
      };
    }
    const input = await this.draftLetterData(caseId, decisionId);
    try {
      return { pdf: await renderDecisionLetterPdf(input), signed: false };
    } catch (error) {
      throw new AppError(422, 'letter_incomplete', (error as Error).message);
    }
  }

  // ---- Work list --------------------------------------------------------------------------

  /**
   * The officer's months: routine drafts ready to sign, what needs attention (and why), and what
   * waits for the applicant. Cases where the user is an assigned officer, and drafts routed to them.
   */
  async worklist(actor: Actor): Promise<Worklist> {
    const today = this.#today();
    const rows = await this.#db
      .selectFrom('app.application as a')
      .innerJoin('app.assistance_case as c', 'c.id', 'a.case_id')
      .innerJoin('app.person as p', 'p.id', 'c.person_id')
      .leftJoin('app.decision as d', (join) =>
        join.onRef('d.application_id', '=', 'a.id').on('d.status', '=', 'draft'),
      )
      .leftJoin('app.completion_request as r', (join) =>
        join.onRef('r.application_id', '=', 'a.id').on('r.resolved_at', 'is', null),
      )
      .select([
        'a.id as application_id',
        'a.case_id',
        'a.month',
        'a.calculated_amount',
        'a.calculation_error',
        'a.applicant_confirmed_at',
        'c.person_id',
        'p.first_name',
        'p.last_name',
        'd.id as decision_id',
        'd.routine',
        'd.routine_reasons',
        'd.amount',
        'd.hearing',
        'd.routed_to',
        'r.id as request_id',
        sql<string | null>`to_char(r.due_date, 'YYYY-MM-DD')`.as('due_date'),
      ])
      .where('a.status', '=', 'open')
      .where('a.municipality_id', '=', actor.municipalityId)
      .where((eb) =>
        eb.or([
          eb(
            'a.case_id',
            'in',
            eb
              .selectFrom('app.case_assignment')
              .select('case_id')
              .where('user_id', '=', actor.userId)
              .where('ended_at', 'is', null),
          ),
          eb('d.routed_to', '=', actor.userId),
        ]),
      )
      .orderBy('a.month')
      .orderBy('p.last_name')
      .execute();
    const list: Worklist = { readyToSign: [], needsAttention: [], waitingForApplicant: [] };
    for (const row of rows) {
      const item: WorklistItem = {
        caseId: row.case_id,
        applicationId: row.application_id,
        decisionId: row.decision_id,
        personId: row.person_id,
        applicantName: `${row.first_name} ${row.last_name}`,
        month: row.month,
        amount: row.amount ?? row.calculated_amount,
        reasons: [],
      };
      const hearing = row.hearing as Hearing | null;
      if (row.request_id !== null) {
        item.reasons.push(`Komplettering begärd, senast ${row.due_date ?? ''}`);
        list.waitingForApplicant.push(item);
      } else if (
        hearing?.kind === 'communicated' &&
        hearing.replyReceivedOn === null &&
        today <= hearing.replyBy
      ) {
        item.reasons.push(`Kommunicerat, svar senast ${hearing.replyBy}`);
        list.waitingForApplicant.push(item);
      } else if (row.applicant_confirmed_at === null) {
        item.reasons.push('Den sökande har inte bekräftat ansökan');
        list.waitingForApplicant.push(item);
      } else if (row.decision_id !== null && row.routine === true) {
        list.readyToSign.push(item);
      } else {
        if (row.calculation_error !== null)
          item.reasons.push(`Kan inte beräknas: ${row.calculation_error}`);
        if (row.routed_to === actor.userId) item.reasons.push('Skickad till dig för beslut');
        for (const reason of (row.routine_reasons ?? []) as RoutineReason[]) {
          item.reasons.push(reason.message);
        }
        if (row.decision_id === null && row.calculation_error === null) {
          item.reasons.push('Beslutsutkast saknas');
        }
        list.needsAttention.push(item);
      }
    }
    return list;
  }
}

/**
 * The engine labels lines with member ids ("barn 7–10 år (<id>)"); a letter names the person
 * instead, by first name, except a protected member, who is named by role only.
 */
export function nameMembers(label: string, members: readonly MonthMember[]): string {
  let named = label;
  for (const member of members) {
    const word =
      member.protection === 'none'
        ? (member.name.split(' ')[0] ?? member.name)
        : member.role === 'child'
          ? 'barn'
          : 'vuxen';
    named = named.replaceAll(`(${member.personId})`, `(${word})`);
  }
  return named;
}

/** The reference printed on letters: the first block of the id, upper case. */
export function shortReference(id: string): string {
  return `B-${id.slice(0, 8).toUpperCase()}`;
}
