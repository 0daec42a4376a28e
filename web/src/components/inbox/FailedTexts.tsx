import { useTranslation } from 'react-i18next';
import { useRecentSent, type SentText } from '../../api/inbox-queries';
import { maskPhone } from '../../format';
import { QueryProblem } from '../QueryProblem';
import { AppointmentName } from './AppointmentName';
import { clinicDayTime, deliveryWords, sendStatusWords, templateWords } from './inbox-words';

const SHOWN = 20;

/** Failed at the provider, or reported undelivered by the carrier (when the host knows delivery). */
function didNotArrive(text: SentText): boolean {
  return text.status === 'failed' || text.deliveryStatus === 'undelivered' || text.deliveryStatus === 'failed';
}

/** The newest texts that did not reach the patient; the number masked here, the text never shown. */
export function FailedTexts({ timeZone }: { timeZone: string | undefined }) {
  const { t } = useTranslation();
  const sent = useRecentSent();
  const failed = (sent.data ?? [])
    .filter(didNotArrive)
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    .slice(0, SHOWN);
  return (
    <section aria-labelledby="failed-texts">
      <h2 id="failed-texts">{t('sends.failedHeading')}</h2>
      <p className="secondary">{t('sends.failedIntro')}</p>
      {sent.isError ? (
        <QueryProblem error={sent.error} retry={() => void sent.refetch()} />
      ) : sent.isPending ? (
        <p>{t('app.loading')}</p>
      ) : failed.length === 0 ? (
        <p className="notice">{t('sends.noFailed')}</p>
      ) : (
        <div className="table-wrap">
          <table className="sends failed-texts">
            <thead>
              <tr>
                <th scope="col">{t('sends.col2.when')}</th>
                <th scope="col">{t('sends.col2.text')}</th>
                <th scope="col">{t('sends.col2.appointment')}</th>
                <th scope="col">{t('sends.col2.to')}</th>
                <th scope="col">{t('sends.col2.what')}</th>
              </tr>
            </thead>
            <tbody>
              {failed.map((text) => (
                <tr key={text.id} data-sent-id={text.id}>
                  <td className="sends__time">
                    <time dateTime={text.updatedAt}>{clinicDayTime(text.updatedAt, timeZone)}</time>
                  </td>
                  <th scope="row">{templateWords(t, text.template)}</th>
                  <td>
                    <AppointmentName id={text.appointmentId} timeZone={timeZone} />
                  </td>
                  <td className="sends__time">{maskPhone(text.to)}</td>
                  <td>
                    <strong className="delivery delivery--failed">
                      {text.deliveryStatus ? deliveryWords(t, text.deliveryStatus) : sendStatusWords(t, text.status)}
                    </strong>
                    {(text.deliveryError ?? text.error) && <span className="secondary">{text.deliveryError ?? text.error}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
