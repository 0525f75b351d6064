// "Nästa ärende" on the case page, also on Alt+J: the case after this one in Mina ärenden's
// default order (first-visit deadline, then name).
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchMyCases } from '../../api/case-endpoints.ts';
import type { MyCase } from '../../api/case-types.ts';
import { errorText } from '../../components/error-message.tsx';

/** Mina ärenden's default order: first-visit deadline (cases without one last), then name. */
function compareMyCases(a: MyCase, b: MyCase): number {
  const da = a.firstVisitDeadline ?? '9999-99-99';
  const db = b.firstVisitDeadline ?? '9999-99-99';
  return da === db ? a.applicantName.localeCompare(b.applicantName, 'sv') : da < db ? -1 : 1;
}

export function NextCaseShortcut({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const pendingRef = useRef(false);

  const next = async () => {
    if (pendingRef.current) return;
    pendingRef.current = true;
    setPending(true);
    setMessage(t('nextCase.finding'));
    try {
      const cases = [...(await fetchMyCases())].sort(compareMyCases);
      const index = cases.findIndex((c) => c.id === caseId);
      // A case that is not one's own (a supervisor's visit) leads to the first of one's own.
      const target = index === -1 ? cases[0] : cases[index + 1];
      if (!target) {
        setMessage(cases.length === 0 ? t('nextCase.none') : t('nextCase.last'));
        return;
      }
      // A full page load rather than a route change: the case page's sections (the journal's open
      // draft above all) hold state for the case they were mounted with. Unsaved journal text is
      // kept in localStorage and restored when the officer comes back.
      window.location.assign(`/arenden/${encodeURIComponent(target.id)}`);
    } catch (caught) {
      setMessage(errorText(t, caught));
    } finally {
      pendingRef.current = false;
      setPending(false);
    }
  };

  const shortcut = useRef(next);
  shortcut.current = next;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.code !== 'KeyJ') return;
      event.preventDefault();
      void shortcut.current();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
    };
  }, []);

  return (
    <div data-testid="next-case-nav">
      <div className="button-row">
        <button
          type="button"
          className="button button-secondary"
          aria-keyshortcuts="Alt+J"
          aria-disabled={pending ? true : undefined}
          data-testid="next-case"
          onClick={() => void next()}
        >
          {t('nextCase.button')}
        </button>
        <span className="muted">{t('nextCase.shortcut')}</span>
      </div>
      <p role="status" className="muted" data-testid="next-case-status">
        {message}
      </p>
    </div>
  );
}
