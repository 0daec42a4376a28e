import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { storedFleetToken, storeFleetToken, useFleetClinics, type FleetClinic } from '../api/fleet-queries';
import { PageHeading } from '../components/PageHeading';
import { QueryProblem } from '../components/QueryProblem';
import { clinicDateTime } from '../format';
import { timeAgo } from '../relative-time';

/**
 * A fleet host's root: every clinic it serves, for the vendor's admin, who pastes the fleet
 * token once per tab. Each clinic's own app (and its staff's sign-in) is at `/c/<id>/`.
 */
export function FleetPage() {
  const { t } = useTranslation();
  const [token, setToken] = useState(storedFleetToken);
  const clinics = useFleetClinics(token);
  const refused = clinics.error instanceof ApiError && clinics.error.status === 401;
  const use = (next: string | undefined) => {
    storeFleetToken(next);
    setToken(next);
  };

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <div className="app-header__brand">
          <span className="app-header__clinic">{t('fleet.appName')}</span>
          <span className="app-header__app">clinic-arrivals</span>
        </div>
        {token !== undefined && !refused && (
          <div className="app-header__user">
            <button type="button" onClick={() => use(undefined)}>
              {t('fleet.forget')}
            </button>
          </div>
        )}
      </header>
      <main id="main" className="main">
        {refused ? (
          <TokenForm wrong={token !== undefined} onToken={use} />
        ) : (
          <>
            <PageHeading title={t('fleet.title')}>
              {clinics.data && <p className="page-heading__sub">{t('fleet.count', { count: clinics.data.length })}</p>}
            </PageHeading>
            <p>{t('fleet.intro')}</p>
            {clinics.isError && <QueryProblem error={clinics.error} retry={() => void clinics.refetch()} />}
            {clinics.isPending && <p>{t('app.loading')}</p>}
            {clinics.data && <ClinicTable clinics={clinics.data} />}
          </>
        )}
      </main>
    </>
  );
}

function TokenForm({ wrong, onToken }: { wrong: boolean; onToken: (token: string) => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const field = useId();
  const errorId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim() !== '') onToken(value.trim());
  };
  return (
    <div className="sign-in">
      <PageHeading title={t('fleet.tokenHeading')} />
      <p>{t('fleet.tokenIntro')}</p>
      <form onSubmit={submit} aria-describedby={wrong ? errorId : undefined}>
        <div className="field">
          <label htmlFor={field}>{t('fleet.tokenLabel')}</label>
          <input id={field} name="fleet-token" type="password" autoComplete="off" required value={value} onChange={(e) => setValue(e.target.value)} />
        </div>
        {wrong && (
          <p id={errorId} className="problem" role="alert">
            {t('fleet.tokenWrong')}
          </p>
        )}
        <button type="submit" className="primary">
          {t('fleet.tokenSubmit')}
        </button>
      </form>
    </div>
  );
}

function ClinicTable({ clinics }: { clinics: FleetClinic[] }) {
  const { t } = useTranslation();
  if (clinics.length === 0) return <p className="notice">{t('fleet.none')}</p>;
  return (
    <div className="table-wrap">
      <table className="fleet">
        <thead>
          <tr>
            <th scope="col">{t('fleet.clinic')}</th>
            <th scope="col">{t('fleet.state')}</th>
            <th scope="col">{t('fleet.health')}</th>
            <th scope="col">{t('fleet.lastPoll')}</th>
            <th scope="col">{t('fleet.texts')}</th>
            <th scope="col">{t('fleet.failures')}</th>
          </tr>
        </thead>
        <tbody>
          {clinics.map((clinic) => (
            <ClinicRow key={clinic.id} clinic={clinic} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Columns of a clinic's row: its problem, when it has one, spans them all on a row of its own below. */
const COLUMNS = 6;

function ClinicRow({ clinic }: { clinic: FleetClinic }) {
  const { t, i18n } = useTranslation();
  const failed = clinic.state === 'failed';
  return (
    <>
      <tr data-clinic={clinic.id} className={failed ? 'attention' : undefined}>
        <th scope="row">
          <a href={`/c/${clinic.id}/`} aria-label={t('fleet.openLabel', { name: clinic.name })}>
            {clinic.name}
          </a>
          <span className="fleet__id">
            <code>{clinic.id}</code>
          </span>
        </th>
        <td data-testid="state">
          <span className={`fleet-state fleet-state--${clinic.state}`}>{t(`fleet.states.${clinic.state}`)}</span>
          {clinic.replica && <span className="fleet__replica">{t('fleet.replica', { replica: clinic.replica })}</span>}
        </td>
        <td data-testid="health">
          <span className={`health-badge health-badge--${clinic.health}`}>{t(`fleet.healths.${clinic.health}`)}</span>
        </td>
        <td data-testid="last-poll">
          {clinic.lastPollAt ? (
            <time dateTime={clinic.lastPollAt} title={clinicDateTime(clinic.lastPollAt, clinic.timeZone)}>
              {timeAgo(clinic.lastPollAt, i18n.language)}
            </time>
          ) : (
            <span className="secondary">{t('fleet.never')}</span>
          )}
        </td>
        <td data-testid="texts" className={clinic.textsToday.failed + clinic.textsToday.unknown > 0 ? 'fleet__texts fleet__texts--trouble' : 'fleet__texts'}>
          <span>{t('fleet.sent', { count: clinic.textsToday.sent })}</span>
          {' · '}
          <span>{t('fleet.failed', { count: clinic.textsToday.failed })}</span>
          {' · '}
          <span>{t('fleet.unknown', { count: clinic.textsToday.unknown })}</span>
        </td>
        <td data-testid="failures" className={clinic.failures > 0 ? 'fleet__failures--some' : undefined}>
          {clinic.failures}
        </td>
      </tr>
      {clinic.problem && (
        <tr className={`fleet__problem-row${failed ? ' attention' : ''}`} data-problem-of={clinic.id}>
          <td colSpan={COLUMNS} data-testid="problem">
            <Problem problem={clinic.problem} clinicName={clinic.name} />
          </td>
        </tr>
      )}
    </>
  );
}

function Problem({ problem, clinicName }: { problem: NonNullable<FleetClinic['problem']>; clinicName: string }) {
  const { t } = useTranslation();
  return (
    <div className="fleet-problem">
      <p>
        <span className="fleet-problem__label">{t('fleet.problemOf', { name: clinicName })}</span> {problem.message}
      </p>
      {(problem.file || problem.key || problem.fix) && (
        <dl>
          {problem.file && (
            <div>
              <dt>{t('fleet.problemFile')}</dt>
              <dd>
                <code>{problem.file}</code>
              </dd>
            </div>
          )}
          {problem.key && (
            <div>
              <dt>{t('fleet.problemKey')}</dt>
              <dd>
                <code>{problem.key}</code>
              </dd>
            </div>
          )}
          {problem.fix && (
            <div>
              <dt>{t('fleet.problemFix')}</dt>
              <dd>{problem.fix}</dd>
            </div>
          )}
        </dl>
      )}
    </div>
  );
}
