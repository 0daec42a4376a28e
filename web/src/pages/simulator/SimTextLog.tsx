import { useTranslation } from 'react-i18next';
import type { SimAppointment, SimText } from '../../api/sim-queries';
import { clinicDateTime } from '../../format';
import { MaskedNumber, numberKey } from './MaskedNumber';

/** What the simulated phones received, newest first: the point of the simulator. */
export function SimTextLog({ texts, appointments, timeZone }: { texts: SimText[]; appointments: SimAppointment[]; timeZone: string }) {
  const { t } = useTranslation();
  const names = new Map(appointments.filter((a) => a.patient.mobile).map((a) => [numberKey(a.patient.mobile), a.patient.name]));
  if (texts.length === 0) return <p className="notice">{t('sim.log.empty')}</p>;
  const newestFirst = [...texts].reverse();
  return (
    <div className="table-wrap">
      <table className="sim-log">
        <caption className="visually-hidden">{t('sim.log.heading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('sim.log.col.time')}</th>
            <th scope="col">{t('sim.log.col.to')}</th>
            <th scope="col">{t('sim.log.col.text')}</th>
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((text) => (
            <tr key={text.providerId} data-sim-text={text.providerId}>
              <td className="sim-log__time">
                <time dateTime={text.at}>{clinicDateTime(text.at, timeZone)}</time>
              </td>
              <td className="sim-log__to">
                {names.get(numberKey(text.to)) && <span className="today__name">{names.get(numberKey(text.to))}</span>}
                <MaskedNumber number={text.to} />
              </td>
              <td className="sim-log__text">{text.body}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
