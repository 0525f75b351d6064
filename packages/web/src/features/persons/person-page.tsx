// Person page: identity, district, protection, address (or why it is hidden), open cases and access history.
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { isAbort } from '../../api/client.ts';
import * as api from '../../api/endpoints.ts';
import type { PersonPage as Person } from '../../api/types.ts';
import { ErrorMessage, isApiError } from '../../components/error-message.tsx';
import { PageHeading, usePageTitle } from '../../components/page.tsx';
import { ProtectionBadge } from '../../components/protection-badge.tsx';
import { TableWrap } from '../../components/table-wrap.tsx';
import { formatDate, hasKey, sv } from '../../i18n/index.ts';
import { useSignedIn } from '../auth/session-context.tsx';
import { OpenCaseForm } from '../cases/open-case.tsx';
import { AccessHistory } from './access-history.tsx';
import { linkStateOf, PurposeForm, type PersonLinkState } from './purpose.tsx';

type Load =
  { kind: 'loading' } | { kind: 'loaded'; person: Person } | { kind: 'failed'; error: unknown };

export function PersonPage() {
  const { t } = useTranslation();
  const { permissions } = useSignedIn();
  const { personId = '' } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const linkState = linkStateOf(location.state);
  // The purpose comes with the link from the search page; ?syfte= (or ?purpose=) allows a deep link.
  const [purpose, setPurpose] = useState(
    linkState.purpose ?? (searchParams.get('syfte') ?? searchParams.get('purpose') ?? '').trim(),
  );
  const [purposeDemanded, setPurposeDemanded] = useState(false);
  const [load, setLoad] = useState<Load>({ kind: 'loading' });

  const needsPurpose = (permissions.purposeRequired || purposeDemanded) && !purpose;

  useEffect(() => {
    if (needsPurpose) return;
    const controller = new AbortController();
    setLoad({ kind: 'loading' });
    api
      .fetchPerson(personId, purpose || undefined, controller.signal)
      .then((person) => {
        setLoad({ kind: 'loaded', person });
      })
      .catch((error: unknown) => {
        if (isAbort(error)) return;
        if (isApiError(error, 'purpose_required')) {
          setPurposeDemanded(true);
          setPurpose('');
          return;
        }
        setLoad({ kind: 'failed', error });
      });
    return () => {
      controller.abort();
    };
  }, [personId, purpose, needsPurpose]);

  const person = load.kind === 'loaded' && !needsPurpose ? load.person : null;
  const name = person ? `${person.firstName} ${person.lastName}` : null;
  usePageTitle(name ?? (load.kind === 'failed' ? t('person.cannotShow') : t('person.title')));

  const backLink = (
    <p className="back-link">
      <Link
        to="/personer"
        onClick={(event) => {
          // Back in history restores the search results kept in that history entry.
          if (linkState.fromSearch) {
            event.preventDefault();
            void navigate(-1);
          }
        }}
      >
        {t('person.backToSearch')}
      </Link>
    </p>
  );

  if (needsPurpose) {
    return (
      <>
        {backLink}
        <PageHeading>{t('person.title')}</PageHeading>
        <PurposeForm
          initial=""
          onSubmit={(stated) => {
            setPurpose(stated);
            const state: PersonLinkState = { ...linkState, purpose: stated };
            void navigate(location.pathname, { replace: true, state });
          }}
        />
      </>
    );
  }

  if (load.kind === 'loading') {
    return (
      <>
        {backLink}
        <PageHeading>{t('person.title')}</PageHeading>
        <p role="status">{t('person.loading')}</p>
      </>
    );
  }

  if (load.kind === 'failed' || !person) {
    return (
      <>
        {backLink}
        <PageHeading>{t('person.cannotShow')}</PageHeading>
        <ErrorMessage error={load.kind === 'failed' ? load.error : null} />
      </>
    );
  }

  const statedPurpose = purpose || undefined;
  const relation = hasKey(sv.relation, person.relation)
    ? t(`relation.${person.relation}`)
    : person.relation;

  return (
    <>
      {backLink}
      <PageHeading testId="person-heading">{name}</PageHeading>
      {person.protection !== 'none' ? (
        <p className="heading-badge">
          <ProtectionBadge protection={person.protection} />
        </p>
      ) : null}
      {statedPurpose ? (
        <p className="muted" data-testid="stated-purpose">
          {t('purpose.current', { purpose: statedPurpose })}
        </p>
      ) : null}

      <section className="panel" aria-labelledby="person-identity">
        <h2 id="person-identity">{t('person.identity')}</h2>
        <dl className="details" data-testid="person-identity">
          <div>
            <dt>{t('person.personnummer')}</dt>
            <dd data-testid="person-personnummer">{person.personnummer}</dd>
          </div>
          <div>
            <dt>{t('person.identityKind')}</dt>
            <dd>{t(`identityKind.${person.identityKind}`)}</dd>
          </div>
          <div>
            <dt>{t('person.name')}</dt>
            <dd>{name}</dd>
          </div>
          <div>
            <dt>{t('person.district')}</dt>
            <dd data-testid="person-district">{person.districtName}</dd>
          </div>
          <div>
            <dt>{t('person.protection')}</dt>
            <dd data-testid="person-protection">
              {person.protection === 'none' ? (
                t('protection.none')
              ) : (
                <ProtectionBadge protection={person.protection} />
              )}
            </dd>
          </div>
          <div>
            <dt>{t('person.relation')}</dt>
            <dd data-testid="person-relation">{relation}</dd>
          </div>
        </dl>
      </section>

      <section className="panel" aria-labelledby="person-address-heading">
        <h2 id="person-address-heading">{t('person.address')}</h2>
        {person.addressHidden ? (
          <div className="message message-info" data-testid="address-hidden">
            <p className="message-title">{t('person.addressHidden')}</p>
            <p>
              {t('person.addressHiddenWhy', {
                level:
                  person.protection === 'none'
                    ? t('protection.badge')
                    : t(`protection.${person.protection}`),
              })}
            </p>
          </div>
        ) : person.address &&
          (person.address.streetAddress ?? person.address.postalCode ?? person.address.city) !==
            null ? (
          <p className="address" data-testid="person-address">
            {person.address.streetAddress ? (
              <>
                {person.address.streetAddress}
                <br />
              </>
            ) : null}
            {[person.address.postalCode, person.address.city]
              .filter((part) => part !== null)
              .join(' ')}
          </p>
        ) : (
          <p data-testid="person-address-none">{t('person.noAddress')}</p>
        )}
      </section>

      <section className="panel" aria-labelledby="person-cases">
        <h2 id="person-cases">{t('person.cases')}</h2>
        {person.openCases.length === 0 ? (
          <>
            <p>{t('person.noCases')}</p>
            {permissions.openCase ? <OpenCaseForm personId={person.id} /> : null}
          </>
        ) : (
          <TableWrap label={t('person.casesCaption')}>
            <table className="table" data-testid="open-cases">
              <caption className="visually-hidden">{t('person.casesCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('person.caseOpened')}</th>
                  <th scope="col">{t('person.caseUnit')}</th>
                  <th scope="col">{t('person.caseDistrict')}</th>
                </tr>
              </thead>
              <tbody>
                {person.openCases.map((openCase) => (
                  <tr key={openCase.id} data-testid="open-case-row">
                    <th scope="row" className="nowrap">
                      {permissions.myCases ? (
                        <Link
                          to={`/arenden/${openCase.id}`}
                          data-testid="open-case-link"
                          aria-label={t('openCase.openLink', {
                            date: formatDate(openCase.openedAt),
                          })}
                        >
                          {formatDate(openCase.openedAt)}
                        </Link>
                      ) : (
                        formatDate(openCase.openedAt)
                      )}
                    </th>
                    <td>{openCase.unitName}</td>
                    <td>{openCase.districtName}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>

      {permissions.readAccessHistory ? (
        <AccessHistory personId={person.id} purpose={statedPurpose} />
      ) : null}
    </>
  );
}
