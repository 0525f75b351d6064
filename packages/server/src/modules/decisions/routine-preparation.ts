// The monthly preparation of continued applications: each open application of the month is
// recalculated, classified and given its draft decision (routine months in full, ready to sign),
// a few at a time, with progress; a dry run does all of it and rolls it back.
import type { Db } from '../../db/database.ts';
import type { ApplicationService } from '../applications/service.ts';
import type { DecisionService } from './service.ts';
import { decisionDb, type DecisionDb } from './tables.ts';

export type PrepareProgress = { done: number; total: number };

export type PrepareSummary = {
  month: string;
  applications: number;
  prepared: number;
  routine: number;
  automaticallyDecided: number;
  /** Applications the rules engine cannot calculate (shown to the officer with the reason). */
  notCalculable: number;
  /** Applications whose draft an officer has already worked on: left as the officer left it. */
  keptOfficerDrafts: number;
  dryRun: boolean;
};

export type PreparedApplication = {
  decisionId: string | null;
  /** Why no draft was prepared, when none was. */
  skipped: 'not_calculable' | 'officer_draft' | 'decided' | null;
  routine: boolean;
  automaticallyDecided: boolean;
};

type PrepareOutcome = {
  decisionId: string | null;
  skipped: PreparedApplication['skipped'];
  routine: boolean;
  autoSign: boolean;
};

class DryRunRollback extends Error {
  readonly outcome: PrepareOutcome;
  constructor(outcome: PrepareOutcome) {
    super('dry run');
    this.outcome = outcome;
  }
}

export class RoutinePreparation {
  readonly #db: DecisionDb;
  readonly #applications: ApplicationService;
  readonly #decisions: DecisionService;

  constructor(db: Db, applications: ApplicationService, decisions: DecisionService) {
    this.#db = decisionDb(db);
    this.#applications = applications;
    this.#decisions = decisions;
  }

  /** Recalculates and prepares one application; signs it when the municipality allows that. */
  async prepareOne(applicationId: string, dryRun = false): Promise<PreparedApplication> {
    const prepared = await this.#db
      .transaction()
      .execute(async (tx) => {
        await this.#applications.recalculateWithin(tx, applicationId);
        const draft = await this.#decisions.prepareWithin(tx, applicationId);
        const routine = draft
          ? (
              await tx
                .selectFrom('app.decision')
                .select('routine')
                .where('id', '=', draft.decisionId)
                .executeTakeFirstOrThrow()
            ).routine
          : false;
        let skipped: PreparedApplication['skipped'] = null;
        if (!draft) {
          const app = await tx
            .selectFrom('app.application')
            .select(['status', 'calculation_error'])
            .where('id', '=', applicationId)
            .executeTakeFirstOrThrow();
          skipped =
            app.status !== 'open'
              ? 'decided'
              : app.calculation_error !== null
                ? 'not_calculable'
                : 'officer_draft';
        }
        const outcome: PrepareOutcome = {
          decisionId: draft?.decisionId ?? null,
          skipped,
          routine,
          autoSign: draft?.autoSign ?? false,
        };
        // A dry run does everything, then rolls it back: the counts are the real ones.
        if (dryRun) throw new DryRunRollback(outcome);
        return outcome;
      })
      .catch((error: unknown) => {
        if (error instanceof DryRunRollback) return { ...error.outcome, autoSign: false };
        throw error;
      });
    const automaticallyDecided =
      prepared.autoSign && prepared.decisionId !== null
        ? await this.#decisions.signAutomatically(prepared.decisionId)
        : false;
    return {
      decisionId: prepared.decisionId,
      skipped: prepared.skipped,
      routine: prepared.routine,
      automaticallyDecided,
    };
  }

  /** Every open application of `month` in the municipality, `concurrency` at a time. */
  async prepareMonth(
    municipalityId: string,
    month: string,
    options: {
      dryRun: boolean;
      concurrency?: number;
      onProgress?: (progress: PrepareProgress) => void;
    },
  ): Promise<PrepareSummary> {
    const apps = await this.#db
      .selectFrom('app.application')
      .select('id')
      .where('municipality_id', '=', municipalityId)
      .where('month', '=', month)
      .where('status', '=', 'open')
      .orderBy('id')
      .execute();
    const summary: PrepareSummary = {
      month,
      applications: apps.length,
      prepared: 0,
      routine: 0,
      automaticallyDecided: 0,
      notCalculable: 0,
      keptOfficerDrafts: 0,
      dryRun: options.dryRun,
    };
    let next = 0;
    let done = 0;
    const worker = async (): Promise<void> => {
      while (next < apps.length) {
        const app = apps[next];
        next += 1;
        if (!app) break;
        const prepared = await this.prepareOne(app.id, options.dryRun);
        if (prepared.decisionId !== null) summary.prepared += 1;
        else if (prepared.skipped === 'not_calculable') summary.notCalculable += 1;
        else if (prepared.skipped === 'officer_draft') summary.keptOfficerDrafts += 1;
        if (prepared.routine) summary.routine += 1;
        if (prepared.automaticallyDecided) summary.automaticallyDecided += 1;
        done += 1;
        options.onProgress?.({ done, total: apps.length });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker));
    return summary;
  }
}
