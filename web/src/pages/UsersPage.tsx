import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddStaffUser, useRemoveStaffUser, useStaffUsers, type StaffRole } from '../api/admin-queries';
import { useHostStatus, useSession } from '../api/queries';
import { ConfirmAction } from '../components/ConfirmAction';
import { PageHeading } from '../components/PageHeading';
import { QueryProblem } from '../components/QueryProblem';
import { clinicDateTime } from '../format';
import './admin.css';

/** Staff accounts: who can sign in and with which role; add and remove. */
export function UsersPage() {
  const { t } = useTranslation();
  const users = useStaffUsers();
  const session = useSession();
  const zone = useHostStatus().data?.clinic.timeZone;
  const remove = useRemoveStaffUser();
  const [notice, setNotice] = useState<string | undefined>();
  const me = session.data?.user?.name.toLowerCase();

  return (
    <>
      <PageHeading title={t('users.heading')}>
        <p className="page-heading__sub">{t('users.intro')}</p>
      </PageHeading>
      {users.isError ? (
        <QueryProblem error={users.error} retry={() => void users.refetch()} />
      ) : users.isPending ? (
        <p>{t('app.loading')}</p>
      ) : users.data.length === 0 ? (
        <p className="notice">{t('users.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="users">
            <thead>
              <tr>
                <th scope="col">{t('users.col.name')}</th>
                <th scope="col">{t('users.col.role')}</th>
                <th scope="col">{t('users.col.added')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('users.col.remove')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <tr key={user.name} data-user={user.name}>
                  <th scope="row">
                    {user.name} {user.name.toLowerCase() === me && <span className="secondary users__you">{t('users.you')}</span>}
                  </th>
                  <td>
                    <span className={`role role--${user.role}`}>{t(`users.role.${user.role}`)}</span>
                  </td>
                  <td>{clinicDateTime(user.createdAt, zone)}</td>
                  <td className="users__actions">
                    {user.name.toLowerCase() !== me && (
                      <ConfirmAction
                        label={t('users.remove')}
                        accessibleLabel={t('users.removeFor', { name: user.name })}
                        question={t('users.removeQuestion', { name: user.name })}
                        confirmLabel={t('users.removeConfirm')}
                        cancelLabel={t('common.cancel')}
                        busy={remove.isPending}
                        onConfirm={() => {
                          setNotice(undefined);
                          remove.mutate(user.name, { onSuccess: () => setNotice(t('users.removed', { name: user.name })) });
                        }}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div role="status">{notice && <p className="admin-form__done">{notice}</p>}</div>
      {remove.isError && (
        <p className="problem" role="alert">
          {t('common.failed', { error: remove.error.message })}
        </p>
      )}
      <AddUser />
    </>
  );
}

function AddUser() {
  const { t } = useTranslation();
  const add = useAddStaffUser();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<StaffRole>('reception');
  const [done, setDone] = useState<string | undefined>();
  const id = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    const added = name.trim();
    add.mutate(
      { name: added, password, role },
      {
        onSuccess: () => {
          setDone(t('users.added', { name: added }));
          setName('');
          setPassword('');
          setRole('reception');
        },
      },
    );
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="admin-form">
      <h2 id={`${id}-heading`}>{t('users.addHeading')}</h2>
      <form onSubmit={submit} className="admin-form__row">
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('users.name')}</label>
          <input
            id={`${id}-name`}
            value={name}
            required
            maxLength={64}
            pattern="[A-Za-z0-9._@\-]+"
            autoComplete="off"
            aria-describedby={`${id}-name-help`}
            onChange={(event) => setName(event.target.value)}
          />
          <span id={`${id}-name-help`} className="secondary">
            {t('users.nameHelp')}
          </span>
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>{t('users.password')}</label>
          <input
            id={`${id}-password`}
            type="password"
            value={password}
            required
            autoComplete="new-password"
            onChange={(event) => setPassword(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>{t('users.roleLabel')}</label>
          <select id={`${id}-role`} value={role} onChange={(event) => setRole(event.target.value as StaffRole)}>
            <option value="reception">{t('users.role.reception')}</option>
            <option value="admin">{t('users.role.admin')}</option>
          </select>
        </div>
        <button type="submit" className="primary" disabled={add.isPending}>
          {t('users.add')}
        </button>
      </form>
      <div role="status">{done && <p className="admin-form__done">{done}</p>}</div>
      {add.isError && (
        <p className="problem" role="alert">
          {t('common.failed', { error: add.error.message })}
        </p>
      )}
    </section>
  );
}
