import { useTranslation } from 'react-i18next';
import { useHostStatus } from '../api/queries';
import { PageHeading } from '../components/PageHeading';
import { QueryProblem } from '../components/QueryProblem';
import { clinicDateTime } from '../format';
import { LanguageGaps } from '../components/LanguageGaps';

/** Plugin health, background loops, today's counters and recent errors, from GET /api/status. */
export function StatusPage() {
  const { t } = useTranslation();
  const status = useHostStatus();
  if (status.isError) {
    return (
      <>
        <PageHeading title={t('status.heading')} />
        <QueryProblem error={status.error} retry={() => void status.refetch()} />
      </>
    );
  }
  if (status.isPending) {
    return (
      <>
        <PageHeading title={t('status.heading')} />
        <p>{t('app.loading')}</p>
      </>
    );
  }
  const s = status.data;
  const zone = s.clinic.timeZone;
  const loops = Object.entries(s.loops);
  const workflow = Object.entries(s.workflowCounts).filter(([, count]) => count > 0);
  const skipped = Object.entries(s.skippedAppointments).filter(([, count]) => count > 0);

  return (
    <>
      <PageHeading title={t('status.heading')}>
        <p className="page-heading__sub">{t('status.version', { version: s.version, since: clinicDateTime(s.startedAt, zone) })}</p>
      </PageHeading>

      <section aria-labelledby="status-plugins">
        <h2 id="status-plugins">{t('status.plugins')}</h2>
        <table className="plain">
          <thead>
            <tr>
              <th scope="col">{t('status.plugin')}</th>
              <th scope="col">{t('status.pluginId')}</th>
              <th scope="col">{t('status.health')}</th>
              <th scope="col">{t('status.recentCalls')}</th>
              <th scope="col">{t('status.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {s.plugins.map((plugin) => (
              <tr key={plugin.role} data-role={plugin.role}>
                <th scope="row">{t(`role.${plugin.role}`)}</th>
                <td>
                  <code>{plugin.id}</code>
                </td>
                <td>
                  <span className={`health health--${plugin.health.status}`}>{t(`health.${plugin.health.status}`)}</span>
                </td>
                <td data-testid="recent-calls">
                  {plugin.window ? (
                    <>
                      <span>
                        {t('status.windowCounts', {
                          count: plugin.window.calls,
                          retried: plugin.window.retried,
                          failed: plugin.window.failed,
                          minutes: Math.round(plugin.window.windowSeconds / 60),
                        })}
                      </span>
                      {plugin.window.lastError && (
                        <span className="secondary">
                          {' · '}
                          {t('status.lastProblem', { code: plugin.window.lastError.code, time: clinicDateTime(plugin.window.lastError.at, zone) })}
                        </span>
                      )}
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{[plugin.health.detail, ...(plugin.notes ?? [])].filter(Boolean).join(' · ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="status-today">
        <h2 id="status-today">{t('status.today')}</h2>
        <dl className="counters">
          <Counter label={t('status.sent')} value={s.messagesToday.sent} />
          <Counter label={t('status.failed')} value={s.messagesToday.failed} alert={s.messagesToday.failed > 0} />
          <Counter label={t('status.unknownSends')} value={s.unknownSends} alert={s.unknownSends > 0} />
          <Counter label={t('status.received')} value={s.messagesToday.received} />
          <Counter label={t('status.unprocessed')} value={s.messagesToday.unprocessed} />
          <Counter label={t('status.optOuts')} value={s.optOuts ?? 0} testId="opt-outs" />
        </dl>
      </section>

      <section aria-labelledby="status-loops">
        <h2 id="status-loops">{t('status.loops')}</h2>
        <table className="plain">
          <thead>
            <tr>
              <th scope="col">{t('status.loop')}</th>
              <th scope="col">{t('status.lastRun')}</th>
              <th scope="col">{t('status.duration')}</th>
              <th scope="col">{t('status.runs')}</th>
              <th scope="col">{t('status.errors')}</th>
              <th scope="col">{t('status.lastError')}</th>
            </tr>
          </thead>
          <tbody>
            {loops.map(([name, loop]) => (
              <tr key={name}>
                <th scope="row">{t(`status.loopName.${name}` as 'status.loopName.today', { defaultValue: name })}</th>
                <td>{loop.lastRunAt ? clinicDateTime(loop.lastRunAt, zone) : t('status.never')}</td>
                <td>{loop.lastDurationMs === undefined ? '—' : t('status.ms', { ms: Math.round(loop.lastDurationMs) })}</td>
                <td>{loop.runs}</td>
                <td>{loop.errors}</td>
                <td>{loop.lastError ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <div className="columns">
        <section aria-labelledby="status-workflow">
          <h2 id="status-workflow">{t('status.workflow')}</h2>
          {workflow.length === 0 ? (
            <p>{t('status.none')}</p>
          ) : (
            <dl className="pairs">
              {workflow.map(([state, count]) => (
                <div key={state}>
                  <dt>{t(`state.${state}` as 'state.upcoming', { defaultValue: state })}</dt>
                  <dd>{count}</dd>
                </div>
              ))}
            </dl>
          )}
        </section>
        <section aria-labelledby="status-skipped">
          <h2 id="status-skipped">{t('status.skipped')}</h2>
          {skipped.length === 0 ? (
            <p>{t('status.none')}</p>
          ) : (
            <dl className="pairs">
              {skipped.map(([reason, count]) => (
                <div key={reason}>
                  <dt>{reason}</dt>
                  <dd>{count}</dd>
                </div>
              ))}
            </dl>
          )}
        </section>
      </div>

      <LanguageGaps languages={s.languages} zone={zone} />

      <section aria-labelledby="status-errors">
        <h2 id="status-errors">{t('status.recentErrors')}</h2>
        {s.recentErrors.length === 0 ? (
          <p>{t('status.noErrors')}</p>
        ) : (
          <table className="plain">
            <thead>
              <tr>
                <th scope="col">{t('status.when')}</th>
                <th scope="col">{t('status.where')}</th>
                <th scope="col">{t('status.error')}</th>
              </tr>
            </thead>
            <tbody>
              {s.recentErrors.map((error, index) => (
                <tr key={`${error.at}-${index}`}>
                  <td>{clinicDateTime(error.at, zone)}</td>
                  <td>{error.where}</td>
                  <td>{error.error}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function Counter({ label, value, alert, testId }: { label: string; value: number; alert?: boolean; testId?: string }) {
  return (
    <div className={alert ? 'counter counter--alert' : 'counter'} data-testid={testId}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
