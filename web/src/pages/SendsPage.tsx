import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHostStatus } from '../api/queries';
import { AppointmentName } from '../components/inbox/AppointmentName';
import { useUnknownSends } from '../api/inbox-queries';
import { FailedTexts } from '../components/inbox/FailedTexts';
import { clinicDayTime, templateWords } from '../components/inbox/inbox-words';
import { Tabs } from '../components/inbox/Tabs';
import { UnknownSendActions } from '../components/inbox/UnknownSendActions';
import { PageHeading } from '../components/PageHeading';
import { QueryProblem } from '../components/QueryProblem';
import './inbox.css';

type SendsTab = 'open' | 'resolved';

/** Texts whose outcome is unknown, with "did the patient get it?" actions; then recent failures. */
export function SendsPage() {
  const { t } = useTranslation();
  const status = useHostStatus();
  const timeZone = status.data?.clinic.timeZone;
  const [tab, setTab] = useState<SendsTab>('open');
  const sends = useUnknownSends(tab);

  return (
    <>
      <PageHeading title={t('sends.heading')}>
        <p className="page-heading__sub">{t('sends.intro')}</p>
      </PageHeading>
      <Tabs
        label={t('sends.tabs')}
        value={tab}
        onChange={setTab}
        options={[
          { value: 'open', label: t('sends.tabOpen'), count: tab === 'open' ? sends.data?.length : undefined },
          { value: 'resolved', label: t('sends.tabResolved') },
        ]}
      />
      {sends.isError ? (
        <QueryProblem error={sends.error} retry={() => void sends.refetch()} />
      ) : sends.isPending ? (
        <p>{t('app.loading')}</p>
      ) : sends.data.length === 0 ? (
        <p className="notice" data-testid="sends-empty">
          {tab === 'open' ? t('sends.emptyOpen') : t('sends.emptyResolved')}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="sends sends--unknown">
            <caption className="visually-hidden">{tab === 'open' ? t('sends.tabOpen') : t('sends.tabResolved')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('sends.col.when')}</th>
                <th scope="col">{t('sends.col.text')}</th>
                <th scope="col">{t('sends.col.appointment')}</th>
                <th scope="col">{t('sends.col.to')}</th>
                <th scope="col">{t('sends.col.check')}</th>
                <th scope="col">{tab === 'open' ? t('sends.col.actions') : t('sends.col.resolution')}</th>
              </tr>
            </thead>
            <tbody>
              {sends.data.map((send) => (
                <tr key={send.id} data-send-id={send.id}>
                  <td className="sends__time" data-label={t('sends.col.when')}>
                    <time dateTime={send.createdAt}>{clinicDayTime(send.createdAt, timeZone)}</time>
                  </td>
                  <th scope="row">{templateWords(t, send.template)}</th>
                  <td data-label={t('sends.col.appointment')}>
                    <AppointmentName id={send.appointmentId} timeZone={timeZone} />
                  </td>
                  <td className="sends__time" data-label={t('sends.col.to')}>
                    {send.to}
                  </td>
                  <td data-label={t('sends.col.check')}>
                    {send.lastCheck ? send.lastCheck.note : <span className="secondary">{t('sends.noCheck')}</span>}
                    {send.error && <span className="secondary">{send.error}</span>}
                  </td>
                  <td data-label={tab === 'open' ? t('sends.col.actions') : t('sends.col.resolution')}>
                    {send.resolution ? (
                      <span data-resolution={send.resolution.outcome}>
                        {t('sends.resolvedBy', {
                          outcome: t(`sends.outcome.${send.resolution.outcome}` as 'sends.outcome.delivered', { defaultValue: send.resolution.outcome }),
                          by: send.resolution.by,
                          at: clinicDayTime(send.resolution.at, timeZone),
                        })}
                        {send.resolution.note && <span className="secondary">{send.resolution.note}</span>}
                      </span>
                    ) : (
                      <UnknownSendActions send={send} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <FailedTexts timeZone={timeZone} />
    </>
  );
}
