// "Formuläret innehåller fel": a focusable summary above a form whose items link to the fields.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export interface SummaryItem {
  /** Id of the control to move focus to. */
  fieldId: string;
  message: string;
}

/**
 * Shown when a submitted form has errors; takes focus each time `focusToken` changes, so that a
 * screen reader hears the list and a keyboard user can follow a link to each field.
 */
export function ErrorSummary({
  items,
  focusToken,
  testId,
}: {
  items: readonly SummaryItem[];
  focusToken: number;
  testId?: string | undefined;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const hasItems = items.length > 0;
  useEffect(() => {
    if (focusToken > 0 && hasItems) {
      window.requestAnimationFrame(() => ref.current?.focus());
    }
  }, [focusToken, hasItems]);
  if (!hasItems) return null;
  return (
    <div
      ref={ref}
      className="message message-error error-summary"
      role="alert"
      tabIndex={-1}
      data-testid={testId ?? 'error-summary'}
    >
      <p className="message-title">{t('validation.summaryTitle')}</p>
      <ul>
        {items.map((item) => (
          <li key={`${item.fieldId}-${item.message}`}>
            <a
              href={`#${item.fieldId}`}
              onClick={(event) => {
                event.preventDefault();
                const field = document.getElementById(item.fieldId);
                field?.focus();
                field?.scrollIntoView({ block: 'center' });
              }}
            >
              {item.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
