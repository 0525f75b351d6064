// "Beslut att fatta": the officer's open months in three groups with counts: ready to sign
// (routine drafts), needing attention (with why), and waiting for the applicant.
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { fetchWorklist } from '../../api/decision-endpoints.ts';
import type { Worklist, WorklistItem } from '../../api/decision-types.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { PageHeading, usePageTitle } from '../../components/page.tsx';
import { formatKronor } from '../../i18n/index.ts';
import { useLoad } from '../cases/case-ui.tsx';
import { applicationPath, decisionPath } from '../applications/application-ui.ts';

const GROUPS = [
  { key: 'readyToSign', id: 'klara-att-signera' },
  { key: 'needsAttention', id: 'behover-atgard' },
  { key: 'waitingForApplicant', id: 'vantar-pa-sokande' },
] as const;

type GroupKey = (typeof GROUPS)[number]['key'];

export function WorklistPage() {
  const { t } = useTranslation();
  usePageTitle(t('worklist.title'));
  const { load, reload } = useLoad((signal) => fetchWorklist(signal), 'worklist');
  const list = load.kind === 'loaded' ? load.value : null;

  return (
    <>
      <PageHeading testId="worklist-heading">{t('worklist.title')}</PageHeading>
      <p className="lead">{t('worklist.intro')}</p>
      {load.kind === 'loading' ? <p role="status">{t('worklist.loading')}</p> : null}
      {load.kind === 'failed' ? <ErrorMessage error={load.error} onRetry={reload} /> : null}
      {list ? (
        <>
          <nav className="section-nav" aria-label={t('worklist.groups')}>
            <ul>
              {GROUPS.map((group) => (
                <li key={group.key}>
                  <a href={`#${group.id}`} data-testid={`worklist-jump-${group.key}`}>
                    {t(`worklist.${group.key}`)}{' '}
                    <span className="count" data-testid={`worklist-count-${group.key}`}>
                      ({list[group.key].length})
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          {GROUPS.map((group) => (
            <Group key={group.key} groupKey={group.key} id={group.id} list={list} />
          ))}
        </>
      ) : null}
    </>
  );
}

function Group({ groupKey, id, list }: { groupKey: GroupKey; id: string; list: Worklist }) {
  const { t } = useTranslation();
  const items = list[groupKey];
  const headingId = `${id}-heading`;
  return (
    <section
      className="panel"
      id={id}
      aria-labelledby={headingId}
      data-testid={`worklist-${groupKey}`}
    >
      <h2 id={headingId}>
        {t(`worklist.${groupKey}`)} <span className="count">({items.length})</span>
      </h2>
      <p className="hint">{t(`worklist.${groupKey}Intro`)}</p>
      {items.length === 0 ? (
        <p>{t('worklist.empty')}</p>
      ) : (
        <ul className="worklist">
          {items.map((item) => (
            <Item key={item.applicationId ?? item.decisionId ?? item.caseId} item={item} />
          ))}
        </ul>
      )}
    </section>
  );
}

function Item({ item }: { item: WorklistItem }) {
  const { t } = useTranslation();
  const to = item.decisionId
    ? decisionPath(item.caseId, item.decisionId)
    : item.applicationId
      ? applicationPath(item.caseId, item.applicationId)
      : `/arenden/${item.caseId}`;
  return (
    <li className="worklist-item" data-testid="worklist-item" data-case={item.caseId}>
      <Link to={to} className="worklist-link" data-testid="worklist-link">
        {t('worklist.itemTitle', { name: item.applicantName, month: item.month })}
      </Link>
      <span className="worklist-meta">
        {item.amount === null
          ? t('worklist.noAmount')
          : t('worklist.amount', { amount: formatKronor(item.amount) })}
        {' · '}
        {item.decisionId ? t('worklist.toDecision') : t('worklist.toApplication')}
      </span>
      {item.reasons.length > 0 ? (
        <ul className="worklist-reasons" aria-label={t('worklist.reasons')}>
          {item.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}
