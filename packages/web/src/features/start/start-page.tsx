// Start page: who I am (name, roles, municipality, units, groups) and what my roles let me do.
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { PageHeading, usePageTitle } from '../../components/page.tsx';
import { useSignedIn } from '../auth/session-context.tsx';

export function StartPage() {
  const { t } = useTranslation();
  const { session, permissions } = useSignedIn();
  usePageTitle(t('start.title'));
  const unitName = (unitId: string) => session.units.find((unit) => unit.id === unitId)?.name;

  const shortcuts = [
    permissions.searchPersons && {
      to: '/personer',
      label: t('nav.persons'),
      text: t('start.shortcutPersons'),
    },
    (permissions.searchAccessLog || permissions.verifyAccessLog) && {
      to: '/atkomstlogg',
      label: t('nav.accessLog'),
      text: t('start.shortcutAccessLog'),
    },
    permissions.managePayments && {
      to: '/utbetalningar',
      label: t('navPayments.payments'),
      text: t('startPayments.payments'),
    },
    !permissions.managePayments &&
      permissions.reconcilePayments && {
        to: '/utbetalningar/avstamning',
        label: t('navPayments.reconciliation'),
        text: t('startPayments.reconciliation'),
      },
    permissions.readCosts && {
      to: '/kostnader',
      label: t('navPayments.costs'),
      text: t('startPayments.costs'),
    },
    permissions.administer && {
      to: '/admin',
      label: t('nav.admin'),
      text: t('start.shortcutAdmin'),
    },
    permissions.readChangeLog && {
      to: '/admin/andringslogg',
      label: t('nav.changeLog'),
      text: t('start.shortcutChangeLog'),
    },
  ].filter((item) => item !== false);

  return (
    <>
      <PageHeading testId="start-heading">
        {t('start.welcome', { name: session.displayName })}
      </PageHeading>

      <section className="panel" aria-labelledby="start-details">
        <h2 id="start-details">{t('start.details')}</h2>
        <dl className="details" data-testid="my-details">
          <div>
            <dt>{t('start.name')}</dt>
            <dd data-testid="my-name">{session.displayName}</dd>
          </div>
          <div>
            <dt>{t('start.username')}</dt>
            <dd>{session.username}</dd>
          </div>
          <div>
            <dt>{t('start.roles')}</dt>
            <dd data-testid="my-roles">
              {session.roles.length === 0 ? (
                t('start.noRoles')
              ) : (
                <ul className="plain-list">
                  {session.roles.map((role) => (
                    <li key={role}>{t(`roles.${role}`)}</li>
                  ))}
                </ul>
              )}
            </dd>
          </div>
          <div>
            <dt>{t('start.municipality')}</dt>
            <dd data-testid="my-municipality">{session.municipality.name}</dd>
          </div>
          <div>
            <dt>{t('start.units')}</dt>
            <dd data-testid="my-units">
              {session.units.length === 0 ? (
                t('start.noUnits')
              ) : (
                <ul className="plain-list">
                  {session.units.map((unit) => (
                    <li key={unit.id}>{unit.name}</li>
                  ))}
                </ul>
              )}
            </dd>
          </div>
          <div>
            <dt>{t('start.groups')}</dt>
            <dd data-testid="my-groups">
              {session.groups.length === 0 ? (
                t('start.noGroups')
              ) : (
                <ul className="plain-list">
                  {session.groups.map((group) => {
                    const unit = unitName(group.unitId);
                    return (
                      <li key={group.id}>
                        {unit ? t('start.groupInUnit', { group: group.name, unit }) : group.name}
                      </li>
                    );
                  })}
                </ul>
              )}
            </dd>
          </div>
          <div>
            <dt>{t('start.authMethod')}</dt>
            <dd>{t(`start.authMethods.${session.authMethod}`)}</dd>
          </div>
        </dl>
      </section>

      <section className="panel" aria-labelledby="start-shortcuts">
        <h2 id="start-shortcuts">{t('start.shortcuts')}</h2>
        {shortcuts.length === 0 ? (
          <p>{t('start.noShortcuts')}</p>
        ) : (
          <ul className="shortcut-list">
            {shortcuts.map((item) => (
              <li key={item.to}>
                <Link to={item.to}>{item.label}</Link>
                <span>{item.text}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
