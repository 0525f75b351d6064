// Administration of staff users: the list, and the create or edit form below it.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminUser } from '../../api/types.ts';
import { TableWrap } from '../../components/table-wrap.tsx';
import { EditRowButton } from './edit-row-button.tsx';
import { focusLater, type SectionProps } from './admin-data.ts';
import { UserCreateForm, UserEditor } from './user-form.tsx';

export function UsersSection({
  org,
  users,
  reload,
  notify,
}: SectionProps & { users: AdminUser[] }) {
  const { t } = useTranslation();
  const [editingId, setEditingId] = useState<string | null>(null);
  // Bumped to open the editor again with fresh data after a version conflict.
  const [generation, setGeneration] = useState(0);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const editing = users.find((user) => user.id === editingId) ?? null;

  const unitName = (id: string) => org.units.find((unit) => unit.id === id)?.name ?? id;
  const open = (id: string | null) => {
    setEditingId(id);
    setGeneration((g) => g + 1);
    focusLater(() => headingRef.current);
  };

  return (
    <section
      className="panel"
      id="anvandare"
      aria-labelledby="users-heading"
      data-testid="admin-users"
    >
      <h2 id="users-heading">{t('users.title')}</h2>
      {users.length === 0 ? (
        <p>{t('users.none')}</p>
      ) : (
        <TableWrap label={t('users.caption')}>
          <table className="table">
            <caption className="visually-hidden">{t('users.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('users.username')}</th>
                <th scope="col">{t('users.displayName')}</th>
                <th scope="col">{t('users.email')}</th>
                <th scope="col">{t('users.roles')}</th>
                <th scope="col">{t('users.units')}</th>
                <th scope="col">{t('users.status')}</th>
                <th scope="col">{t('users.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <tr key={user.id} data-testid="user-row" data-username={user.username}>
                  <th scope="row">{user.username}</th>
                  <td>{user.displayName}</td>
                  <td>{user.email ?? t('common.none')}</td>
                  <td>
                    {user.roles.length === 0
                      ? t('common.none')
                      : user.roles.map((r) => t(`roles.${r}`)).join(', ')}
                  </td>
                  <td>
                    {user.unitIds.length === 0
                      ? t('common.none')
                      : user.unitIds.map(unitName).join(', ')}
                  </td>
                  <td>
                    {user.disabled ? (
                      <span className="badge badge-muted">{t('users.disabled')}</span>
                    ) : (
                      t('users.active')
                    )}
                  </td>
                  <td>
                    <EditRowButton
                      text={t('users.edit')}
                      label={t('users.editLabel', { name: user.displayName })}
                      testId="user-edit"
                      onEdit={() => {
                        open(user.id);
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}

      <div className="subpanel">
        <h3 ref={headingRef} tabIndex={-1}>
          {editing ? t('users.editTitle', { username: editing.username }) : t('users.create')}
        </h3>
        {editing ? (
          <UserEditor
            key={`${editing.id}-${generation}`}
            org={org}
            user={editing}
            reload={reload}
            notify={notify}
            onClose={() => {
              open(null);
            }}
            onRestart={() => {
              void reload().then(() => {
                open(editing.id);
              });
            }}
          />
        ) : (
          <UserCreateForm org={org} reload={reload} notify={notify} />
        )}
      </div>
    </section>
  );
}
