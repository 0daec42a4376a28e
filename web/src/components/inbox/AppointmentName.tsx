import { useTranslation } from 'react-i18next';
import { useTodaysAppointments } from '../../api/queries';
import { clinicTime } from '../../format';

/** "Sam, 10:30 with Dr Lee" for one of today's appointments; the id for any other (an earlier day's). */
export function AppointmentName({ id, timeZone }: { id: string | undefined; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const today = useTodaysAppointments();
  if (!id) return <span aria-label={t('sends.noAppointment')}>—</span>;
  const item = today.data?.find((entry) => entry.appointment.id === id);
  if (!item) return <code>{id}</code>;
  const name = item.patientFirstName ?? item.appointment.patient.firstName ?? '';
  const time = item.startLocal ?? clinicTime(item.appointment.start, timeZone);
  const practitioner = item.practitioner?.name ?? item.appointment.practitioner.name;
  return <span data-appointment-id={id}>{t('sends.appointmentLine', { name, time, practitioner })}</span>;
}
