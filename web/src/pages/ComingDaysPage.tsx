import { useTranslation } from 'react-i18next';
import { useHostStatus } from '../api/queries';
import { useComingAppointments, type ComingItem } from '../api/wait-queries';
import { PageHeading } from '../components/PageHeading';
import { QueryProblem } from '../components/QueryProblem';
import { CancelForPatient } from '../components/wait/CancelForPatient';
import { confirmBadgeClass, confirmWords, WaitBadges } from '../components/wait/WaitBadges';
import { clinicDayTime, templateWords } from '../components/inbox/inbox-words';
import '../components/wait/queue-panel.css';

/** The coming days' appointments and what each patient answered to the confirm question. */
export function ComingDaysPage() {
  const { t } = useTranslation();
  const coming = useComingAppointments();
  const status = useHostStatus();
  const timeZone = status.data?.clinic.timeZone;

  return (
    <>
      <PageHeading title={t('comingDays.heading')}>
        <p className="page-heading__sub">{t('comingDays.intro')}</p>
      </PageHeading>
      {coming.isError ? (
        <QueryProblem error={coming.error} retry={() => void coming.refetch()} />
      ) : coming.isPending ? (
        <p>{t('app.loading')}</p>
      ) : coming.data.length === 0 ? (
        <p className="notice">{t('comingDays.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="today coming">
            <caption className="visually-hidden">{t('comingDays.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('comingDays.col.when')}</th>
                <th scope="col">{t('comingDays.col.patient')}</th>
                <th scope="col">{t('comingDays.col.practitioner')}</th>
                <th scope="col">{t('comingDays.col.confirm')}</th>
                <th scope="col">{t('comingDays.col.lastText')}</th>
              </tr>
            </thead>
            <tbody>
              {coming.data.map((item) => (
                <ComingRow key={item.appointment.id} item={item} timeZone={timeZone} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function ComingRow({ item, timeZone }: { item: ComingItem; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const { appointment } = item;
  const wantsCancel = item.confirm?.state === 'wants-cancel';
  return (
    <tr data-appointment-id={appointment.id} className={wantsCancel ? 'attention' : undefined}>
      <td className="today__time">
        <time dateTime={appointment.start}>{clinicDayTime(appointment.start, timeZone)}</time>
      </td>
      <th scope="row" className="today__patient">
        <span className="today__name">{item.patientFirstName}</span>
        <span className="today__mobile">{item.phoneMasked ?? t('today.noMobile')}</span>
      </th>
      <td>{item.practitioner.name}</td>
      <td className="coming__confirm" data-testid="confirm-cell">
        {item.confirm ? (
          <strong className={confirmBadgeClass(item.confirm.state)}>{confirmWords(t, item.confirm, timeZone)}</strong>
        ) : (
          <span className="secondary">{t('comingDays.notAsked')}</span>
        )}
        <WaitBadges row={{ replyUnclearAt: item.replyUnclearAt }} timeZone={timeZone} withConfirm={false} />
        {wantsCancel && <CancelForPatient appointmentId={appointment.id} patientName={item.patientFirstName} />}
      </td>
      <td>
        {item.lastText ? (
          t('today.lastText', { template: templateWords(t, item.lastText.template), time: clinicDayTime(item.lastText.at, timeZone) })
        ) : (
          <span aria-label={t('today.none')}>{t('today.nothingYet')}</span>
        )}
      </td>
    </tr>
  );
}
