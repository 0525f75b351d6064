// The calculation line by line (riksnorm, reasonable costs, incomes, result), with every line
// that rests on a derived (not yet confirmed) parameter flagged and explained.
import { useTranslation } from 'react-i18next';
import type { CalculationResult, TraceLine } from '../../api/decision-types.ts';
import { TableWrap } from '../../components/table-wrap.tsx';
import { formatKronor } from '../../i18n/index.ts';
import { nameMembers } from './application-ui.ts';

const SECTIONS = ['norm', 'reasonable_costs', 'income', 'result'] as const;

const isDerived = (line: TraceLine) => line.parameters.some((p) => p.status === 'derived');

export function CalculationView({
  calculation,
  members,
  headingLevel = 3,
}: {
  calculation: CalculationResult;
  members: readonly { personId: string; name: string }[];
  headingLevel?: 3 | 4;
}) {
  const { t } = useTranslation();
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <div data-testid="calculation">
      <dl className="details">
        <div>
          <dt>{t('calculation.need')}</dt>
          <dd>{formatKronor(calculation.need)}</dd>
        </div>
        <div>
          <dt>{t('calculation.countedIncome')}</dt>
          <dd>{formatKronor(calculation.income.counted)}</dd>
        </div>
        <div>
          <dt>{t('calculation.amount')}</dt>
          <dd>
            <strong data-testid="calculation-amount">{formatKronor(calculation.amount)}</strong>
          </dd>
        </div>
        {calculation.surplus > 0 ? (
          <div>
            <dt>{t('calculation.surplus')}</dt>
            <dd>{formatKronor(calculation.surplus)}</dd>
          </div>
        ) : null}
      </dl>
      {calculation.usesDerivedParameters ? (
        <div className="message message-warning" data-testid="derived-warning">
          <p className="message-title">{t('calculation.derivedTitle')}</p>
          <p>{t('calculation.derivedExplanation')}</p>
        </div>
      ) : null}
      {SECTIONS.map((section) => {
        const lines = calculation.trace.filter((line) => line.section === section);
        if (lines.length === 0) return null;
        return (
          <div key={section}>
            <Heading>{t(`calculation.sections.${section}`)}</Heading>
            <TableWrap label={t(`calculation.sections.${section}`)}>
              <table className="table table-compact">
                <caption className="visually-hidden">
                  {t(`calculation.sections.${section}`)}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('calculation.colLine')}</th>
                    <th scope="col">{t('calculation.colAmount')}</th>
                    <th scope="col">{t('calculation.colCalculation')}</th>
                    <th scope="col">{t('calculation.colSource')}</th>
                  </tr>
                </thead>
                <tbody>
                  {lines.map((line, index) => {
                    const derived = isDerived(line);
                    return (
                      <tr
                        key={`${line.kind}-${String(index)}`}
                        data-testid="calculation-line"
                        data-derived={derived ? 'true' : undefined}
                      >
                        <th scope="row">{nameMembers(line.label, members)}</th>
                        <td className="nowrap">{formatKronor(line.amount)}</td>
                        <td>
                          {line.calculation ?? ''}
                          {line.reported !== undefined && line.notCounted ? (
                            <>
                              {line.calculation ? <br /> : null}
                              {t('calculation.notCounted', {
                                reported: formatKronor(line.reported),
                                notCounted: formatKronor(line.notCounted),
                              })}
                            </>
                          ) : null}
                        </td>
                        <td>
                          {derived ? (
                            // The badge's own text is announced; the explanation above the tables
                            // (derived-warning) is read before them.
                            <>
                              <span className="badge badge-derived" data-testid="derived-badge">
                                {t('calculation.derivedBadge')}
                              </span>{' '}
                            </>
                          ) : null}
                          <span className="muted">
                            {line.legalReference?.citation ?? line.source}
                          </span>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableWrap>
          </div>
        );
      })}
    </div>
  );
}
