// The application's routes; pages that need a role are wrapped in a permission guard.
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { Layout } from './components/layout.tsx';
import { NotFoundPage } from './components/not-found-page.tsx';
import { AccessLogPage } from './features/access-log/access-log-page.tsx';
import { AdminPage } from './features/admin/admin-page.tsx';
import { ChangeLogPage } from './features/admin/change-log-page.tsx';
import { LoginPage } from './features/auth/login-page.tsx';
import { RequireAuth, RequirePermission } from './features/auth/require-auth.tsx';
import { SessionProvider } from './features/auth/session-context.tsx';
import { PersonPage } from './features/persons/person-page.tsx';
import { PersonSearchPage } from './features/persons/person-search-page.tsx';
import { StartPage } from './features/start/start-page.tsx';
import { CasePage } from './features/cases/case-page.tsx';
import { CaseloadPage } from './features/cases/caseload-page.tsx';
import { JOURNAL_SEARCH_PATH, JournalSearchPage } from './features/cases/journal-search-page.tsx';
import { MyCasesPage } from './features/cases/my-cases-page.tsx';
import { ApplicationPage } from './features/applications/application-page.tsx';
import { DecisionPage } from './features/decisions/decision-page.tsx';
import { DecisionSettingsPage } from './features/decisions/decision-settings-page.tsx';
import { WorklistPage } from './features/decisions/worklist-page.tsx';
import { DistrictCostsPage } from './features/district-costs/district-costs-page.tsx';
import { PaymentRunPage } from './features/payments/payment-run-page.tsx';
import { PaymentSettingsPage } from './features/payments/payment-settings-page.tsx';
import { PaymentsPage } from './features/payments/payments-page.tsx';
import { ReconciliationPage } from './features/payments/reconciliation-page.tsx';
import { RejectedPaymentsPage } from './features/payments/rejected-payments-page.tsx';

export function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <Routes>
          <Route element={<Layout />}>
            <Route path="/login" element={<LoginPage />} />
            <Route element={<RequireAuth />}>
              <Route index element={<StartPage />} />
              <Route
                path="/personer"
                element={
                  <RequirePermission permission="searchPersons">
                    <PersonSearchPage />
                  </RequirePermission>
                }
              />
              <Route
                path="/personer/:personId"
                element={
                  <RequirePermission permission="searchPersons">
                    <PersonPage />
                  </RequirePermission>
                }
              />
              <Route
                path="/arenden"
                element={
                  <RequirePermission permission="myCases">
                    <MyCasesPage />
                  </RequirePermission>
                }
              />
              <Route
                path="/arenden/:caseId"
                element={
                  <RequirePermission permission="myCases">
                    <CasePage />
                  </RequirePermission>
                }
              />
              <Route
                path="/arenden/:caseId/ansokningar/:applicationId"
                element={
                  <RequirePermission permission="myCases">
                    <ApplicationPage />
                  </RequirePermission>
                }
              />
              <Route
                path="/arenden/:caseId/beslut/:decisionId"
                element={
                  <RequirePermission permission="myCases">
                    <DecisionPage />
                  </RequirePermission>
                }
              />
              <Route
                path={JOURNAL_SEARCH_PATH}
                element={
                  <RequirePermission permission="searchJournals">
                    <JournalSearchPage />
                  </RequirePermission>
                }
              />
              <Route
                path="/beslut"
                element={
                  <RequirePermission permission="myCases">
                    <WorklistPage />
                  </RequirePermission>
                }
              />
              <Route
                path="/utbetalningar"
                element={
                  <RequirePermission permission="managePayments">
                    <PaymentsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="/utbetalningar/avvisade"
                element={
                  <RequirePermission permission="myCases">
                    <RejectedPaymentsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="/utbetalningar/avstamning"
                element={
                  <RequirePermission permission="reconcilePayments">
                    <ReconciliationPage />
                  </RequirePermission>
                }
              />
              <Route
                path="/utbetalningar/:runId"
                element={
                  <RequirePermission permission="managePayments">
                    <PaymentRunPage />
                  </RequirePermission>
                }
              />
              <Route
                path="/kostnader"
                element={
                  <RequirePermission permission="readCosts">
                    <DistrictCostsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="/arbetsbelastning"
                element={
                  <RequirePermission permission="caseload">
                    <CaseloadPage />
                  </RequirePermission>
                }
              />
              <Route
                path="/atkomstlogg"
                element={
                  <RequirePermission anyOf={['searchAccessLog', 'verifyAccessLog']}>
                    <AccessLogPage />
                  </RequirePermission>
                }
              />
              <Route
                path="/admin"
                element={
                  <RequirePermission permission="administer">
                    <AdminPage />
                  </RequirePermission>
                }
              />
              <Route
                path="/admin/beslut"
                element={
                  <RequirePermission permission="administer">
                    <DecisionSettingsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="/admin/utbetalningar"
                element={
                  <RequirePermission permission="administer">
                    <PaymentSettingsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="/admin/andringslogg"
                element={
                  <RequirePermission permission="readChangeLog">
                    <ChangeLogPage />
                  </RequirePermission>
                }
              />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Route>
        </Routes>
      </BrowserRouter>
    </SessionProvider>
  );
}
