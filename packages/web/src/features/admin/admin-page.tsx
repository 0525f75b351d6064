// Administration page (administrators): districts, units, groups and staff users, each in its own section.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/error-message.tsx';
import { LiveStatus } from '../../components/forms.tsx';
import { PageHeading, usePageTitle } from '../../components/page.tsx';
import { useSignedIn } from '../auth/session-context.tsx';
import { useAdminData } from './admin-data.ts';
import { DistrictsSection } from './districts-section.tsx';
import { GroupsSection } from './groups-section.tsx';
import { UnitsSection } from './units-section.tsx';
import { UsersSection } from './users-section.tsx';

const SECTIONS = [
  { id: 'distrikt', key: 'districts.title' },
  { id: 'enheter', key: 'units.title' },
  { id: 'grupper', key: 'groups.title' },
  { id: 'anvandare', key: 'users.title' },
] as const;

export function AdminPage() {
  const { t } = useTranslation();
  const { permissions } = useSignedIn();
  const { org, users, error, reload } = useAdminData();
  const [status, setStatus] = useState<string | null>(null);
  usePageTitle(t('admin.title'));

  return (
    <>
      <PageHeading>{t('admin.title')}</PageHeading>
      <p className="lead">{t('admin.intro')}</p>
      {org ? (
        <p>
          {t('admin.municipality', { name: org.municipality.name, code: org.municipality.code })}
        </p>
      ) : null}
      <nav className="section-nav" aria-label={t('admin.sections')}>
        <ul>
          {SECTIONS.map((section) => (
            <li key={section.id}>
              <a href={`#${section.id}`}>{t(section.key)}</a>
            </li>
          ))}
          <li>
            <Link to="/admin/beslut" data-testid="admin-decision-settings">
              {t('decisionSettings.title')}
            </Link>
          </li>
          <li>
            <Link to="/admin/utbetalningar" data-testid="admin-payment-settings">
              {t('paymentSettings.link')}
            </Link>
          </li>
          {permissions.readChangeLog ? (
            <li>
              <Link to="/admin/andringslogg">{t('nav.changeLog')}</Link>
            </li>
          ) : null}
        </ul>
      </nav>

      <LiveStatus message={status} testId="admin-status" />
      {error ? (
        <ErrorMessage
          error={error}
          onRetry={() => {
            void reload();
          }}
        />
      ) : null}
      {!org || !users ? (
        error ? null : (
          <p role="status">{t('common.loading')}</p>
        )
      ) : (
        <>
          <DistrictsSection org={org} reload={reload} notify={setStatus} />
          <UnitsSection org={org} reload={reload} notify={setStatus} />
          <GroupsSection org={org} reload={reload} notify={setStatus} />
          <UsersSection org={org} users={users} reload={reload} notify={setStatus} />
        </>
      )}
    </>
  );
}
