import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHostStatus, useTodaysAppointments } from '../api/queries';
import { PageHeading } from '../components/PageHeading';
import { QueryProblem } from '../components/QueryProblem';
import { clinicDate, clinicTime } from '../format';
import { GuestList } from './GuestList';
import { QueuePanel } from '../components/wait/QueuePanel';
import { WaitBadges, WaitEstimate } from '../components/wait/WaitBadges';
import { matchesFilter, practitionersOf, todayRow, type TodayFilter, type TodayRow } from './today-rows';

/** The front desk's main screen: every appointment of the clinic's day and where it stands. */
export function TodayPage() {
  const { t } = useTranslation();
  const status = useHostStatus();
  const today = useTodaysAppointments();
  const timeZone = status.data?.clinic.timeZone;
  const [filter, setFilter] = useState<TodayFilter>({ practitionerId: '', search: '' });
  const practitionerField = useId();
  const searchField = useId();

  const rows = useMemo(() => (today.data ?? []).map((item) => todayRow(item, timeZone)), [today.data, timeZone]);
  const shown = rows.filter((row) => matchesFilter(row, filter));
  const needLook = rows.filter((row) => row.attention).length;
  const names = useMemo(() => new Map(rows.map((row) => [row.id, { firstName: row.firstName }])), [rows]);

  return (
    <>
      <PageHeading title={t('today.heading')}>
        {timeZone && (
          <p className="page-heading__sub">{t('today.dateLine', { date: clinicDate(new Date(status.data?.now ?? Date.now()), timeZone), zone: timeZone })}</p>
        )}
      </PageHeading>

      <QueuePanel names={names} timeZone={timeZone} />

      <div className="toolbar" role="search">
        <div className="field">
          <label htmlFor={practitionerField}>{t('today.filterPractitioner')}</label>
          <select id={practitionerField} value={filter.practitionerId} onChange={(event) => setFilter({ ...filter, practitionerId: event.target.value })}>
            <option value="">{t('today.allPractitioners')}</option>
            {practitionersOf(rows).map((practitioner) => (
              <option key={practitioner.id} value={practitioner.id}>
                {practitioner.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={searchField}>{t('today.search')}</label>
          <input
            id={searchField}
            type="search"
            autoComplete="off"
            spellCheck={false}
            placeholder={t('today.searchPlaceholder')}
            value={filter.search}
            onChange={(event) => setFilter({ ...filter, search: event.target.value })}
          />
        </div>
        <p className="toolbar__counts" aria-live="polite">
          {shown.length === rows.length ? t('today.count', { count: rows.length }) : t('today.shown', { shown: shown.length, total: rows.length })}
          {needLook > 0 && <strong className="badge badge--attention">{t('today.needsLook', { count: needLook })}</strong>}
        </p>
      </div>

      {today.isError ? (
        <QueryProblem error={today.error} retry={() => void today.refetch()} />
      ) : today.isPending ? (
        <p>{t('app.loading')}</p>
      ) : rows.length === 0 ? (
        <p className="notice">{t('today.empty')}</p>
      ) : shown.length === 0 ? (
        <p className="notice">{t('today.noMatch')}</p>
      ) : (
        <TodayTable rows={shown} timeZone={timeZone} />
      )}
    </>
  );
}

function TodayTable({ rows, timeZone }: { rows: TodayRow[]; timeZone: string | undefined }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="today">
        <caption className="visually-hidden">{t('today.heading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('today.col.time')}</th>
            <th scope="col">{t('today.col.patient')}</th>
            <th scope="col">{t('today.col.practitioner')}</th>
            <th scope="col">{t('today.col.state')}</th>
            <th scope="col">{t('today.col.lastText')}</th>
            <th scope="col">{t('today.col.next')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-appointment-id={row.id} className={row.attention ? `attention attention--${row.attention}` : undefined}>
              <td className="today__time">
                <time dateTime={row.startIso}>{row.time}</time>
                {row.isVideo && <span className="badge badge--video">{t('today.video')}</span>}
              </td>
              <th scope="row" className="today__patient">
                <span className="today__name">{row.firstName}</span>
                <span className="today__mobile">
                  <span className="visually-hidden">{t('today.col.mobile')}: </span>
                  {row.phoneMasked ?? t('today.noMobile')}
                </span>
              </th>
              <td>{row.practitioner.name}</td>
              <td className="today__state">
                {row.attention && <strong className="badge badge--attention">{t(`today.attention.${row.attention}`)}</strong>}
                {row.interpreterNeeded && <strong className="badge badge--interpreter">{t('today.interpreterNeeded')}</strong>}
                <WaitBadges row={row} timeZone={timeZone} />
                <span>{row.stateText ?? stateWords(t, row.state)}</span>
                <WaitEstimate row={row} timeZone={timeZone} />
                {row.textProblem?.code && (
                  <span className="secondary" data-testid="text-problem">
                    {t('today.textProblem', { code: row.textProblem.code })}
                  </span>
                )}
                <span className="secondary">
                  {t('today.col.pms')}: {pmsWords(t, row.pmsStatus)}
                </span>
                {row.isVideo && <GuestList appointmentId={row.id} timeZone={timeZone} />}
              </td>
              <td>
                {row.lastText ? (
                  <>
                    <span>{t('today.lastText', { template: templateWords(t, row.lastText.template), time: clinicTime(row.lastText.at, timeZone) })}</span>
                    {row.lastText.status && (
                      <span className={`secondary delivery delivery--${row.lastText.deliveryStatus ?? row.lastText.status}`}>
                        {deliveryWords(t, row.lastText.deliveryStatus ?? row.lastText.status)}
                      </span>
                    )}
                  </>
                ) : (
                  <span aria-label={t('today.none')}>{t('today.nothingYet')}</span>
                )}
              </td>
              <td>
                {row.nextStep ? (
                  t('today.next', {
                    step: row.nextStep.template ? templateWords(t, row.nextStep.template) : row.nextStep.step,
                    time: clinicTime(row.nextStep.at, timeZone),
                  })
                ) : (
                  <span aria-label={t('today.none')}>{t('today.nothingYet')}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type T = ReturnType<typeof useTranslation>['t'];

function stateWords(t: T, state: string): string {
  return t(`state.${state}` as 'state.upcoming', { defaultValue: state });
}

function pmsWords(t: T, status: string): string {
  return t(`pmsStatus.${status}` as 'pmsStatus.booked', { defaultValue: status });
}

function templateWords(t: T, template: string): string {
  return t(`template.${template}` as 'template.Registration', { defaultValue: template });
}

function deliveryWords(t: T, status: string): string {
  return t(`today.delivery.${status}` as 'today.delivery.sent', { defaultValue: status });
}
