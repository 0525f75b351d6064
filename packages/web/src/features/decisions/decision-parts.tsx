// Parts of the decision page shared by drafts and signed decisions: legal basis, the checklist of
// what blocks signing, the letter link and texts that come from the server in Swedish.
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { DecisionView, Hearing, SigningBlocker } from '../../api/decision-types.ts';
import { letterUrl } from '../../api/decision-endpoints.ts';
import { currentLanguage, formatDate, hasKey, sv } from '../../i18n/index.ts';

/**
 * Texts the server writes in Swedish with the particulars (names, months, amounts): shown as
 * they are in Swedish, and as the catalogue's general text in another language.
 */
export function serverText(swedish: string, translated: string): string {
  return currentLanguage() === 'sv' ? swedish : translated;
}

export function blockerText(t: TFunction, blocker: SigningBlocker): string {
  return serverText(
    blocker.message,
    hasKey(sv.blockers.codes, blocker.code) ? t(`blockers.codes.${blocker.code}`) : blocker.message,
  );
}

export function LegalBasis({ view }: { view: DecisionView }) {
  const { t } = useTranslation();
  return (
    <div data-testid="legal-basis">
      <h3>{t('decisionPage.legalBasis')}</h3>
      <p className="hint">
        {view.status === 'signed' && view.decisionDate
          ? t('decisionPage.legalBasisSigned', { date: formatDate(view.decisionDate) })
          : t('decisionPage.legalBasisDraft')}
      </p>
      {view.legalBasis.length === 0 ? (
        <p>{t('decisionPage.noLegalBasis')}</p>
      ) : (
        <ul className="plain-list">
          {view.legalBasis.map((entry) => (
            <li key={entry.key} data-testid="legal-basis-citation">
              {entry.citation}
            </li>
          ))}
        </ul>
      )}
      {view.appeal ? (
        <p>
          <strong>{t('decisionPage.appeal')}:</strong>{' '}
          {view.appeal.kind === 'administrative_appeal'
            ? t('decisionPage.appealAdministrative', { citation: view.appeal.citation })
            : t('decisionPage.appealLegality')}
        </p>
      ) : null}
    </div>
  );
}

/** Whether the decision goes against the applicant: a hearing is then required. */
export function isAdverseOutcome(kind: DecisionView['kind'], outcome: DecisionView['outcome']) {
  return kind === 'reduction' || outcome !== 'granted';
}

type CheckItem = 'reasons' | 'legalBasis' | 'childImpact' | 'hearing' | 'deviations' | 'delegation';

const ITEM_CODES: Record<CheckItem, readonly SigningBlocker['code'][]> = {
  reasons: ['reasons_missing'],
  legalBasis: ['legal_basis_missing'],
  childImpact: ['child_impact_missing'],
  hearing: ['hearing_missing', 'hearing_reply_period_running', 'hearing_exception_reason_missing'],
  deviations: ['deviation_reason_missing'],
  delegation: ['outside_delegation'],
};

/**
 * What must be in place before signing, as a checklist: each item is done or names what is
 * left (the server's blockers for the saved draft). Items that do not apply are left out.
 */
export function BlockerChecklist({ view, id }: { view: DecisionView; id: string }) {
  const { t } = useTranslation();
  const applies: Record<CheckItem, boolean> = {
    reasons: true,
    legalBasis: true,
    childImpact: view.children.length > 0,
    hearing:
      isAdverseOutcome(view.kind, view.outcome) ||
      view.blockers.some((b) => ITEM_CODES.hearing.includes(b.code)),
    deviations:
      view.lines.some((line) => line.granted !== line.calculated) ||
      view.blockers.some((b) => b.code === 'deviation_reason_missing'),
    delegation: true,
  };
  const items = (Object.keys(ITEM_CODES) as CheckItem[]).filter((item) => applies[item]);
  const left = view.blockers.length;
  return (
    <div id={id} tabIndex={-1} data-testid="blockers">
      <h3>{t('blockers.title')}</h3>
      <p data-testid="blockers-summary">
        {left === 0 ? t('blockers.none') : t('blockers.left', { count: left })}
      </p>
      <ul className="checklist">
        {items.map((item) => {
          const found = view.blockers.filter((b) => ITEM_CODES[item].includes(b.code));
          const done = found.length === 0;
          return (
            <li
              key={item}
              className={done ? 'check-done' : 'check-open'}
              data-testid="blocker-item"
              data-item={item}
              data-done={done ? 'true' : 'false'}
            >
              <span className="check-mark" aria-hidden="true">
                {done ? '✓' : '○'}
              </span>
              <span>
                <strong>{done ? t('blockers.doneMark') : t('blockers.openMark')}</strong>{' '}
                {t(`blockers.items.${item}`)}
                {found.map((blocker) => (
                  <span key={blocker.code} className="check-detail" data-testid="blocker">
                    {blockerText(t, blocker)}
                  </span>
                ))}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function LetterLink({ view }: { view: DecisionView }) {
  const { t } = useTranslation();
  return (
    <a
      href={letterUrl(view.caseId, view.id)}
      target="_blank"
      rel="noopener"
      data-testid="decision-letter"
    >
      {view.status === 'signed' ? t('decisionPage.letter') : t('decisionPage.letterPreview')}
    </a>
  );
}

export function hearingText(t: TFunction, hearing: Hearing | null): string {
  if (hearing === null) return t('hearing.notGiven');
  switch (hearing.kind) {
    case 'applicant_material_only':
      return t('hearing.kinds.applicant_material_only');
    case 'communicated':
      return t('hearing.communicatedText', {
        informedOn: formatDate(hearing.informedOn),
        replyBy: formatDate(hearing.replyBy),
        reply: hearing.replyReceivedOn
          ? t('hearing.replyOn', { date: formatDate(hearing.replyReceivedOn) })
          : t('hearing.noReply'),
      });
    case 'exception':
      return `${t('hearing.kinds.exception')}: ${hearing.reason}`;
  }
}
