// The links between the payment pages, shown as the roles allow: runs, rejected payments on my
// cases, and the reconciliation.
import { NavLink } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSignedIn } from '../auth/session-context.tsx';
import { PAYMENTS_PATH, RECONCILIATION_PATH, REJECTED_PATH } from './payment-ui.ts';

export function PaymentsNav() {
  const { t } = useTranslation();
  const { permissions } = useSignedIn();
  const links = [
    permissions.managePayments && { to: PAYMENTS_PATH, label: t('paymentsNav.runs') },
    permissions.myCases && { to: REJECTED_PATH, label: t('paymentsNav.rejected') },
    permissions.reconcilePayments && {
      to: RECONCILIATION_PATH,
      label: t('paymentsNav.reconciliation'),
    },
  ].filter((link) => link !== false);
  if (links.length < 2) return null;
  return (
    <nav className="section-nav" aria-label={t('paymentsNav.label')}>
      <ul>
        {links.map((link) => (
          <li key={link.to}>
            <NavLink to={link.to} end>
              {link.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
