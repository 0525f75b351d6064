// The casework services wired together once: applications, decisions, routine preparation,
// payees, payment plans, runs and status reports. The app, the CLI and the demo seed all use
// this, so a decision signed anywhere gets its payment lines and an application change anywhere
// re-prepares its draft.
import type { Db } from './db/database.ts';
import { ApplicationService } from './modules/applications/service.ts';
import { CaseService } from './modules/cases/service.ts';
import { ChangeLog } from './modules/change-log/change-log.ts';
import { RoutinePreparation } from './modules/decisions/routine-preparation.ts';
import { DecisionService } from './modules/decisions/service.ts';
import { DecisionSettingsService } from './modules/decisions/settings.ts';
import { DirectoryExportChannel } from './modules/payments/bank-channel.ts';
import { PayeeService } from './modules/payments/payees.ts';
import { PaymentPlanService } from './modules/payments/plan.ts';
import { PaymentRunService } from './modules/payments/runs.ts';
import { PaymentStatusService } from './modules/payments/status.ts';
import { ParameterSetCache } from './modules/rules/parameter-store.ts';

export type CaseworkServices = ReturnType<typeof createCaseworkServices>;

export function createCaseworkServices(
  db: Db,
  clock: () => Date,
  options: {
    changeLog?: ChangeLog;
    parameters?: ParameterSetCache;
    collectBatch?: number;
    /** The configured bank channel (PAYMENT_EXPORT_DIR); none: the file is downloaded. */
    paymentExportDir?: string | undefined;
  } = {},
) {
  const changeLog = options.changeLog ?? new ChangeLog(db);
  const parameters = options.parameters ?? new ParameterSetCache(db);
  const cases = new CaseService(db, clock);
  const applications = new ApplicationService(db, cases, parameters, clock);
  const decisionSettings = new DecisionSettingsService(db, changeLog);
  const decisions = new DecisionService(db, cases, decisionSettings, clock);
  const payees = new PayeeService(db, changeLog, clock);
  const paymentPlan = new PaymentPlanService(db, clock);
  // Every change to an application re-prepares its draft decision (routine months in full).
  applications.onChange(async (applicationId) => {
    await decisions.prepareForApplication(applicationId);
  });
  // A signed decision gets its payment lines; an approved payee account plans what was waiting.
  decisions.onSigned(async (decisionId, actorUserId) => {
    await paymentPlan.plan(decisionId, actorUserId);
  });
  payees.onApproved(async (caseId, actorUserId) => {
    await paymentPlan.planCase(caseId, actorUserId);
  });
  return {
    changeLog,
    parameters,
    cases,
    applications,
    decisionSettings,
    decisions,
    preparation: new RoutinePreparation(db, applications, decisions),
    payees,
    paymentPlan,
    paymentRuns: new PaymentRunService(db, clock, {
      ...(options.collectBatch ? { collectBatch: options.collectBatch } : {}),
      channel: options.paymentExportDir
        ? new DirectoryExportChannel(options.paymentExportDir)
        : null,
    }),
    paymentStatus: new PaymentStatusService(db, clock),
  };
}
