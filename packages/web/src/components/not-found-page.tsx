// Page shown for an address that has no route.
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { PageHeading, usePageTitle } from './page.tsx';

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t('errors.notFoundTitle'));
  return (
    <>
      <PageHeading>{t('errors.notFoundTitle')}</PageHeading>
      <p>{t('errors.notFoundText')}</p>
      <p>
        <Link to="/">{t('errors.toStart')}</Link>
      </p>
    </>
  );
}
