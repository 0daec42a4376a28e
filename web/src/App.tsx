import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useHostStatus, useSession, useSignOut } from './api/queries';
import type { Session } from './api/client';
import { LiveBanner } from './components/LiveBanner';
import { PageHeading } from './components/PageHeading';
import { QueryProblem } from './components/QueryProblem';
import { StatusBanner } from './components/StatusBanner';
import { SignInPage } from './pages/SignInPage';
import { hostPath } from './base-path';
import { HOME_PATH, SCREENS, screenAt, type Screen } from './routes';
import { followLink, navigate, usePath } from './routing';

export const SIGN_IN_PATH = '/sign-in';

/** Session first: a host that needs sign-in shows only the sign-in page until someone signs in. */
export function App() {
  const { t } = useTranslation();
  const session = useSession();
  const path = usePath();

  useEffect(() => {
    if (path === '/' || path === '') navigate(HOME_PATH, { replace: true });
  }, [path]);

  if (session.isPending) return <p className="boot">{t('app.loading')}</p>;
  if (session.isError) {
    return (
      <main id="main" className="main">
        <QueryProblem error={session.error} retry={() => void session.refetch()} />
      </main>
    );
  }
  const signedOut = session.data.signInRequired && !session.data.user;
  if (signedOut || path === SIGN_IN_PATH) {
    return (
      <Frame session={session.data} signedOut={signedOut}>
        <SignInPage />
      </Frame>
    );
  }
  return (
    <Frame session={session.data} signedOut={false}>
      <ScreenAt path={path} session={session.data} />
    </Frame>
  );
}

function visible(screen: Screen, session: Session, simulators: boolean): boolean {
  if (screen.adminOnly && session.user?.role !== 'admin') return false;
  if (screen.simulatorOnly && !simulators) return false;
  return true;
}

function useHasSimulators(enabled: boolean): boolean {
  const status = useHostStatus(enabled);
  return enabled && (status.data?.plugins.some((plugin) => plugin.id.endsWith('-simulator')) ?? false);
}

/** Header, navigation, banners and the main landmark around every screen. */
function Frame({ session, signedOut, children }: { session: Session; signedOut: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  const path = usePath();
  const status = useHostStatus(!signedOut);
  const simulators = useHasSimulators(!signedOut);
  const signOut = useSignOut();
  const clinicName = signedOut ? undefined : status.data?.clinic.name;

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <div className="app-header__brand">
          <span className="app-header__clinic">{clinicName ?? t('app.title')}</span>
          {clinicName && <span className="app-header__app">{t('app.title')}</span>}
        </div>
        {!signedOut && (
          <nav aria-label={t('app.mainNav')} className="app-nav">
            <ul>
              {SCREENS.filter((screen) => visible(screen, session, simulators)).map((screen) => (
                <li key={screen.key}>
                  <a href={hostPath(screen.path)} onClick={followLink} aria-current={screenAt(path)?.key === screen.key ? 'page' : undefined}>
                    {t(`nav.${screen.key}`)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        {session.user?.name && session.signInRequired && (
          <div className="app-header__user">
            <span>{t('app.signedInAs', { name: session.user.name })}</span>
            <button type="button" onClick={() => signOut.mutate()}>
              {t('app.signOut')}
            </button>
          </div>
        )}
      </header>
      {!signedOut && <StatusBanner />}
      {!signedOut && <LiveBanner />}
      <main id="main" className="main">
        {children}
      </main>
    </>
  );
}

function ScreenAt({ path, session }: { path: string; session: Session }) {
  const { t } = useTranslation();
  const screen = screenAt(path);
  if (!screen) {
    return (
      <>
        <PageHeading title={t('notFound.heading')} />
        <p>{t('notFound.body')}</p>
        <p>
          <a href={hostPath(HOME_PATH)} onClick={followLink}>
            {t('notFound.back')}
          </a>
        </p>
      </>
    );
  }
  if (screen.adminOnly && session.user?.role !== 'admin') {
    return (
      <>
        <PageHeading title={t(`nav.${screen.key}`)} />
        <p className="notice">{t('adminOnly.body')}</p>
      </>
    );
  }
  const Component = screen.component;
  return <Component />;
}
