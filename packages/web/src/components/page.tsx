// Page helpers: the one <h1> (focus target after navigation) and the document title.
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The page's main heading; focusable so that focus can be moved here after navigation. */
export function PageHeading({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <h1 tabIndex={-1} data-testid={testId} className="page-heading">
      {children}
    </h1>
  );
}

/** Sets "<title> – Skyddsnät" as the document title; null leaves the title to another component. */
export function usePageTitle(title: string | null): void {
  const { t } = useTranslation();
  const appName = t('app.name');
  useEffect(() => {
    if (title === null) return;
    document.title = title === appName ? appName : `${title} – ${appName}`;
  }, [title, appName]);
}
