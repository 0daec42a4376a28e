import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSignIn } from '../api/queries';
import { PageHeading } from '../components/PageHeading';

/** Staff sign-in, shown instead of every screen when the host requires it and nobody is signed in. */
export function SignInPage() {
  const { t } = useTranslation();
  const signIn = useSignIn();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const nameField = useId();
  const passwordField = useId();
  const errorId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ name, password }, { onSuccess: () => setPassword('') });
  };

  return (
    <div className="sign-in">
      <PageHeading title={t('signIn.heading')} />
      <p>{t('signIn.intro')}</p>
      <form onSubmit={submit} aria-describedby={signIn.isError ? errorId : undefined}>
        <div className="field">
          <label htmlFor={nameField}>{t('signIn.name')}</label>
          <input id={nameField} name="username" autoComplete="username" required value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={passwordField}>{t('signIn.password')}</label>
          <input
            id={passwordField}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        {signIn.isError && (
          <p id={errorId} className="problem" role="alert">
            {t('signIn.failed', { error: signIn.error.message })}
          </p>
        )}
        <button type="submit" className="primary" disabled={signIn.isPending}>
          {signIn.isPending ? t('signIn.working') : t('signIn.submit')}
        </button>
      </form>
    </div>
  );
}
