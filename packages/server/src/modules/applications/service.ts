// Applications: registered by staff for a case and month, recalculated on every change, with
// uploaded documents, the completeness check and requests for completion.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import {
  missingDocuments,
  requiredDocuments,
  type DocumentKind,
  type RequiredDocument,
} from '@skyddsnat/domain';
import type { CalculationResult } from '@skyddsnat/rules';
import type { Db } from '../../db/database.ts';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.ts';
import { stockholmDate } from '../../time.ts';
import type { Actor } from '../auth/actor.ts';
import type { CaseService } from '../cases/service.ts';
import type { ParameterSetCache } from '../rules/parameter-store.ts';
import { baseTables, decisionDb, type DecisionDb } from '../decisions/tables.ts';
import {
  calculateApplication,
  calculationInput,
  householdInMonth,
  type MonthMember,
} from './household-month.ts';
import { MAX_DOCUMENT_BYTES, type ApplicationCost, type ApplicationIncome } from './schemas.ts';

export type DocumentMeta = {
  id: string;
  kind: DocumentKind;
  fileName: string;
  contentType: string;
  byteSize: number;
  uploadedAt: string;
};

export type CompletionRequestView = {
  id: string;
  missing: string[];
  message: string;
  dueDate: string;
  requestedAt: string;
  resolvedAt: string | null;
};

export type ApplicationView = {
  id: string;
  caseId: string;
  month: string;
  kind: 'initial' | 'continued';
  status: 'open' | 'decided';
  version: number;
  costs: ApplicationCost[];
  incomes: ApplicationIncome[];
  household: MonthMember[];
  confirmedAt: string | null;
  confirmationMethod: string | null;
  calculation: CalculationResult | null;
  calculationError: string | null;
  documents: DocumentMeta[];
  requiredDocuments: RequiredDocument[];
  missingDocuments: RequiredDocument[];
  completionRequest: CompletionRequestView | null;
};

export type ApplicationSummary = {
  id: string;
  month: string;
  kind: 'initial' | 'continued';
  status: 'open' | 'decided';
  calculatedAmount: number | null;
  confirmed: boolean;
};

/** Called after every change so that a prepared draft decision follows the application. */
export type ApplicationChanged = (applicationId: string) => Promise<void>;

// File signatures: the declared type and the name are not trusted, the first bytes are.
const SIGNATURES: readonly { type: ApplicationDocumentType; bytes: readonly number[] }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];
type ApplicationDocumentType = 'application/pdf' | 'image/jpeg' | 'image/png';

export function detectDocumentType(content: Buffer): ApplicationDocumentType | null {
  return SIGNATURES.find((s) => s.bytes.every((byte, i) => content[i] === byte))?.type ?? null;
}

// Names are shown and used as download names: no paths, no control characters.
function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(/[\p{Cc}"<>|:*?]/gu, '')
    .trim()
    .slice(0, 200);
  return cleaned.length > 0 ? cleaned : 'dokument';
}

export class ApplicationService {
  readonly #db: DecisionDb;
  readonly #cases: CaseService;
  readonly #parameters: ParameterSetCache;
  readonly #clock: () => Date;
  #onChange: ApplicationChanged = async () => {};

  constructor(db: Db, cases: CaseService, parameters: ParameterSetCache, clock: () => Date) {
    this.#db = decisionDb(db);
    this.#cases = cases;
    this.#parameters = parameters;
    this.#clock = clock;
  }

  /** The decision service prepares drafts; it registers here (they depend on each other). */
  onChange(listener: ApplicationChanged): void {
    this.#onChange = listener;
  }

  async create(
    actor: Actor,
    caseId: string,
    input: {
      month: string;
      kind: 'initial' | 'continued';
      costs: ApplicationCost[];
      incomes: ApplicationIncome[];
      copyFromPrevious?: boolean | undefined;
    },
  ): Promise<string> {
    const now = this.#clock();
    let { costs, incomes } = input;
    if (input.copyFromPrevious) {
      const previous = await this.#db
        .selectFrom('app.application')
        .select(['costs', 'incomes'])
        .where('case_id', '=', caseId)
        .where('month', '<', input.month)
        .orderBy('month', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!previous) {
        throw badRequest(
          'no_previous_application',
          'Det finns ingen tidigare ansökan att utgå från.',
        );
      }
      costs = previous.costs as ApplicationCost[];
      incomes = previous.incomes as ApplicationIncome[];
    }
    const id = await this.#db.transaction().execute(async (tx) => {
      const decided = await tx
        .selectFrom('app.decision')
        .select('id')
        .where('case_id', '=', caseId)
        .where('month', '=', input.month)
        .where('status', '=', 'signed')
        .where('kind', '<>', 'emergency')
        .executeTakeFirst();
      if (decided) {
        throw conflict(
          'month_already_decided',
          `${input.month} är redan beslutad. Ett ändrat beslut fattas som ett nytt beslut som ersätter det tidigare.`,
        );
      }
      const existing = await tx
        .selectFrom('app.application')
        .select('id')
        .where('case_id', '=', caseId)
        .where('month', '=', input.month)
        .executeTakeFirst();
      if (existing) {
        throw conflict(
          'duplicate_application',
          `Det finns redan en ansökan för ${input.month}. Ändra den i stället.`,
          { applicationId: existing.id },
        );
      }
      await this.#cases.appendInTransaction(
        baseTables(tx),
        caseId,
        {
          type: 'application_received',
          month: input.month,
          kind: input.kind,
          at: now.toISOString(),
          by: actor.userId,
        },
        null,
      );
      const row = await tx
        .insertInto('app.application')
        .values({
          municipality_id: actor.municipalityId,
          case_id: caseId,
          month: input.month,
          kind: input.kind,
          costs: JSON.stringify(costs),
          incomes: JSON.stringify(incomes),
          household_community_size: null,
          applicant_confirmed_at: null,
          confirmation_method: null,
          calculation: null,
          calculated_amount: null,
          calculation_error: null,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.#recalculate(tx, row.id);
      return row.id;
    });
    await this.#onChange(id);
    return id;
  }

  async update(
    caseId: string,
    applicationId: string,
    input: { costs: ApplicationCost[]; incomes: ApplicationIncome[] },
    version: number,
  ): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      await this.#lockOpen(tx, caseId, applicationId, version);
      await tx
        .updateTable('app.application')
        .set({
          costs: JSON.stringify(input.costs),
          incomes: JSON.stringify(input.incomes),
          version: version + 1,
          updated_at: this.#clock(),
        })
        .where('id', '=', applicationId)
        .execute();
      await this.#recalculate(tx, applicationId);
    });
    await this.#onChange(applicationId);
  }

  /** The applicant's signature or confirmation that the application is true and complete. */
  async confirm(
    caseId: string,
    applicationId: string,
    method: 'signed_paper' | 'e_service' | 'in_person',
    version: number,
  ): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      await this.#lockOpen(tx, caseId, applicationId, version);
      await tx
        .updateTable('app.application')
        .set({
          applicant_confirmed_at: this.#clock(),
          confirmation_method: method,
          version: version + 1,
          updated_at: this.#clock(),
        })
        .where('id', '=', applicationId)
        .execute();
    });
    await this.#onChange(applicationId);
  }

  /** Recalculates with the household as it is now (e.g. after a household change). */
  async recalculate(caseId: string, applicationId: string): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      const row = await this.#lockOpen(tx, caseId, applicationId, null);
      await this.#recalculate(tx, applicationId);
      await tx
        .updateTable('app.application')
        .set({ version: row.version + 1, updated_at: this.#clock() })
        .where('id', '=', applicationId)
        .execute();
    });
    await this.#onChange(applicationId);
  }

  async #lockOpen(
    tx: DecisionDb,
    caseId: string,
    applicationId: string,
    version: number | null,
  ): Promise<{ version: number }> {
    const row = await tx
      .selectFrom('app.application')
      .select(['version', 'status'])
      .where('id', '=', applicationId)
      .where('case_id', '=', caseId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('Application');
    if (row.status === 'decided') {
      throw conflict(
        'application_decided',
        'Ansökan är beslutad och kan inte ändras. Ett ändrat beslut fattas som ett nytt beslut.',
      );
    }
    if (version !== null && row.version !== version) {
      throw conflict(
        'version_conflict',
        'Ansökan har ändrats av någon annan; ladda om och försök igen',
        {
          currentVersion: row.version,
        },
      );
    }
    return row;
  }

  /**
   * Recalculates inside the caller's transaction with the household and parameters as they are
   * now (the monthly preparation does this before it prepares the draft).
   */
  async recalculateWithin(tx: DecisionDb, applicationId: string): Promise<void> {
    await this.#recalculate(tx, applicationId);
  }

  async #recalculate(tx: DecisionDb, applicationId: string): Promise<void> {
    const app = await tx
      .selectFrom('app.application')
      .select(['case_id', 'month', 'costs', 'incomes'])
      .where('id', '=', applicationId)
      .executeTakeFirstOrThrow();
    const members = await householdInMonth(tx, app.case_id, app.month);
    const outcome = calculateApplication(
      calculationInput(
        app.month,
        members,
        app.costs as ApplicationCost[],
        app.incomes as ApplicationIncome[],
      ),
      await this.#parameters.current(),
    );
    await tx
      .updateTable('app.application')
      .set(
        outcome.ok
          ? {
              calculation: JSON.stringify(outcome.result),
              calculated_amount: outcome.result.amount,
              calculation_error: null,
            }
          : { calculation: null, calculated_amount: null, calculation_error: outcome.error },
      )
      .where('id', '=', applicationId)
      .execute();
  }

  async list(caseId: string): Promise<ApplicationSummary[]> {
    const rows = await this.#db
      .selectFrom('app.application')
      .select(['id', 'month', 'kind', 'status', 'calculated_amount', 'applicant_confirmed_at'])
      .where('case_id', '=', caseId)
      .orderBy('month', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      month: r.month,
      kind: r.kind,
      status: r.status,
      calculatedAmount: r.calculated_amount,
      confirmed: r.applicant_confirmed_at !== null,
    }));
  }

  async get(caseId: string, applicationId: string): Promise<ApplicationView> {
    const row = await this.#db
      .selectFrom('app.application')
      .selectAll()
      .where('id', '=', applicationId)
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!row) throw notFound('Application');
    const [household, documents, request] = await Promise.all([
      householdInMonth(this.#db, caseId, row.month),
      this.documents(applicationId),
      this.#db
        .selectFrom('app.completion_request')
        .select([
          'id',
          'missing',
          'message',
          sql<string>`to_char(due_date, 'YYYY-MM-DD')`.as('due_date'),
          'requested_at',
          'resolved_at',
        ])
        .where('application_id', '=', applicationId)
        .orderBy('requested_at', 'desc')
        .limit(1)
        .executeTakeFirst(),
    ]);
    const costs = row.costs as ApplicationCost[];
    const incomes = row.incomes as ApplicationIncome[];
    const content = { kind: row.kind, costs, incomes };
    const missing = missingDocuments(
      content,
      documents.map((d) => d.kind),
    );
    return {
      id: row.id,
      caseId,
      month: row.month,
      kind: row.kind,
      status: row.status,
      version: row.version,
      costs,
      incomes,
      household,
      confirmedAt: row.applicant_confirmed_at?.toISOString() ?? null,
      confirmationMethod: row.confirmation_method,
      calculation: row.calculation as CalculationResult | null,
      calculationError: row.calculation_error,
      documents,
      requiredDocuments: requiredDocuments(content),
      missingDocuments: missing,
      completionRequest: request
        ? {
            id: request.id,
            missing: request.missing as string[],
            message: request.message,
            dueDate: request.due_date,
            requestedAt: request.requested_at.toISOString(),
            resolvedAt: request.resolved_at?.toISOString() ?? null,
          }
        : null,
    };
  }

  async documents(applicationId: string): Promise<DocumentMeta[]> {
    const rows = await this.#db
      .selectFrom('app.application_document')
      .select(['id', 'document_kind', 'file_name', 'content_type', 'byte_size', 'uploaded_at'])
      .where('application_id', '=', applicationId)
      .orderBy('uploaded_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      kind: r.document_kind,
      fileName: r.file_name,
      contentType: r.content_type,
      byteSize: r.byte_size,
      uploadedAt: r.uploaded_at.toISOString(),
    }));
  }

  /**
   * Stores a PDF, JPEG or PNG (detected from its bytes, at most 10 MiB). When it completes the
   * application, an open request for completion is resolved.
   */
  async addDocument(
    actor: Actor,
    caseId: string,
    applicationId: string,
    input: { kind: DocumentKind; fileName: string; content: Buffer },
  ): Promise<string> {
    if (input.content.length === 0) throw badRequest('empty_document', 'Filen är tom.');
    if (input.content.length > MAX_DOCUMENT_BYTES) {
      throw new AppError(413, 'document_too_large', 'Filen är större än 10 MB.');
    }
    const type = detectDocumentType(input.content);
    if (type === null) {
      throw new AppError(
        415,
        'unsupported_document_type',
        'Bara PDF, JPEG och PNG tas emot. Fotografera handlingen eller spara den som PDF.',
      );
    }
    const id = await this.#db.transaction().execute(async (tx) => {
      const app = await tx
        .selectFrom('app.application')
        .select(['id', 'kind', 'costs', 'incomes', 'status'])
        .where('id', '=', applicationId)
        .where('case_id', '=', caseId)
        .forUpdate()
        .executeTakeFirst();
      if (!app) throw notFound('Application');
      if (app.status === 'decided') {
        throw conflict(
          'application_decided',
          'Ansökan är beslutad. Lägg handlingen i journalen eller till nästa ansökan.',
        );
      }
      const row = await tx
        .insertInto('app.application_document')
        .values({
          municipality_id: actor.municipalityId,
          application_id: applicationId,
          document_kind: input.kind,
          file_name: cleanFileName(input.fileName),
          content_type: type,
          byte_size: input.content.length,
          sha256: createHash('sha256').update(input.content).digest(),
          content: input.content,
          uploaded_by: actor.userId,
          uploaded_at: this.#clock(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const kinds = await tx
        .selectFrom('app.application_document')
        .select('document_kind')
        .where('application_id', '=', applicationId)
        .execute();
      const stillMissing = missingDocuments(
        {
          kind: app.kind,
          costs: app.costs as ApplicationCost[],
          incomes: app.incomes as ApplicationIncome[],
        },
        kinds.map((k) => k.document_kind),
      );
      if (stillMissing.length === 0) {
        await tx
          .updateTable('app.completion_request')
          .set({ resolved_at: this.#clock() })
          .where('application_id', '=', applicationId)
          .where('resolved_at', 'is', null)
          .execute();
      }
      return row.id;
    });
    await this.#onChange(applicationId);
    return id;
  }

  async document(
    caseId: string,
    applicationId: string,
    documentId: string,
  ): Promise<{ fileName: string; contentType: string; content: Buffer }> {
    const row = await this.#db
      .selectFrom('app.application_document as d')
      .innerJoin('app.application as a', 'a.id', 'd.application_id')
      .select(['d.file_name', 'd.content_type', 'd.content'])
      .where('d.id', '=', documentId)
      .where('d.application_id', '=', applicationId)
      .where('a.case_id', '=', caseId)
      .executeTakeFirst();
    if (!row) throw notFound('Document');
    return { fileName: row.file_name, contentType: row.content_type, content: row.content };
  }

  /** Asks the applicant for what is missing, by a due date; one open request at a time. */
  async requestCompletion(
    actor: Actor,
    caseId: string,
    applicationId: string,
    input: { message: string; dueDate: string },
  ): Promise<string> {
    const view = await this.get(caseId, applicationId);
    if (view.missingDocuments.length === 0) {
      throw badRequest('nothing_missing', 'Ansökan är komplett: det finns inget att begära in.');
    }
    if (input.dueDate <= this.#today()) {
      throw badRequest('due_date_passed', 'Sista dag för komplettering måste vara efter i dag.');
    }
    const id = await this.#db.transaction().execute(async (tx) => {
      await tx
        .updateTable('app.completion_request')
        .set({ resolved_at: this.#clock() })
        .where('application_id', '=', applicationId)
        .where('resolved_at', 'is', null)
        .execute();
      const row = await tx
        .insertInto('app.completion_request')
        .values({
          municipality_id: actor.municipalityId,
          application_id: applicationId,
          missing: JSON.stringify(view.missingDocuments.map((d) => d.kind)),
          message: input.message,
          due_date: input.dueDate,
          requested_by: actor.userId,
          requested_at: this.#clock(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    });
    await this.#onChange(applicationId);
    return id;
  }

  #today(): string {
    return stockholmDate(this.#clock());
  }
}
