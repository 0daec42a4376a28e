import { useTranslation } from 'react-i18next';
import { useDeleteSimAppointment, useEditSimAppointment, useJoinAsPatient, type SimAppointment, type SimStatus } from '../../api/sim-queries';
import { MaskedNumber } from './MaskedNumber';
import { MOVES, type SimRow } from './sim-rows';

/** The simulated PMS's book: one click moves a visit on, as reception would in the PMS. */
export function SimAppointments({ rows, onEdit, editingId }: { rows: SimRow[]; onEdit: (appointment: SimAppointment) => void; editingId?: string }) {
  const { t } = useTranslation();
  const edit = useEditSimAppointment();
  const remove = useDeleteSimAppointment();
  const join = useJoinAsPatient();
  const failure = edit.error ?? remove.error ?? join.error;

  if (rows.length === 0) return <p className="notice">{t('sim.appointments.empty')}</p>;

  const move = (id: string, status: SimStatus) => edit.mutate({ id, changes: { status } });
  const del = (row: SimRow) => {
    const name = row.appointment.patient.name;
    if (window.confirm(t('sim.appointments.confirmDelete', { name, time: row.time }))) remove.mutate(row.appointment.id);
  };

  return (
    <>
      {failure && (
        <p className="problem" role="alert">
          {t('sim.appointments.failed', { error: failure.message })}
        </p>
      )}
      <div className="table-wrap">
        <table className="sim-appointments">
          <caption className="visually-hidden">{t('sim.appointments.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sim.appointments.col.time')}</th>
              <th scope="col">{t('sim.appointments.col.patient')}</th>
              <th scope="col">{t('sim.appointments.col.practitioner')}</th>
              <th scope="col">{t('sim.appointments.col.status')}</th>
              <th scope="col">{t('sim.appointments.col.move')}</th>
              <th scope="col">{t('sim.appointments.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const { appointment } = row;
              const name = appointment.patient.name;
              return (
                <tr key={appointment.id} data-sim-appointment={appointment.id} className={editingId === appointment.id ? 'sim-editing' : undefined}>
                  <td className="today__time">
                    {row.otherDate && <span className="secondary">{row.otherDate}</span>}
                    {row.time}
                    {row.video.kind !== 'none' && <span className="badge badge--video">{t('sim.appointments.video')}</span>}
                  </td>
                  <th scope="row" className="today__patient">
                    <span className="today__name">{name}</span>
                    <span className="today__mobile">
                      {appointment.patient.mobile ? <MaskedNumber number={appointment.patient.mobile} /> : t('sim.appointments.noMobile')}
                    </span>
                  </th>
                  <td>{appointment.practitioner.name}</td>
                  <td>
                    <strong className="sim-status" data-status={appointment.status}>
                      {t(`sim.move.${appointment.status as SimStatus}`, { defaultValue: appointment.status })}
                    </strong>
                    {row.confirmed && <span className="secondary sim-answer">{t('sim.appointments.confirmedByText', { when: row.confirmed })}</span>}
                    {appointment.cancellationReason === 'patient' && <span className="secondary sim-answer">{t('sim.appointments.cancelledByPatient')}</span>}
                    <VideoCell row={row} joining={join.isPending} join={(roomId) => join.mutate(roomId)} name={name} />
                  </td>
                  <td>
                    <div className="sim-moves">
                      {MOVES.filter((status) => status !== appointment.status).map((status) => (
                        <button
                          key={status}
                          type="button"
                          disabled={edit.isPending}
                          aria-label={t('sim.appointments.moveLabel', { name, status: t(`sim.move.${status}`) })}
                          onClick={() => move(appointment.id, status)}
                        >
                          {t(`sim.move.${status}`)}
                        </button>
                      ))}
                    </div>
                  </td>
                  <td>
                    <div className="sim-moves">
                      <button type="button" aria-label={t('sim.appointments.editLabel', { name })} onClick={() => onEdit(appointment)}>
                        {t('sim.appointments.edit')}
                      </button>
                      <button
                        type="button"
                        className="danger"
                        aria-label={t('sim.appointments.deleteLabel', { name })}
                        disabled={remove.isPending}
                        onClick={() => del(row)}
                      >
                        {t('sim.appointments.delete')}
                      </button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function VideoCell({ row, join, joining, name }: { row: SimRow; join: (roomId: string) => void; joining: boolean; name: string }) {
  const { t } = useTranslation();
  const video = row.video;
  if (video.kind === 'none') return null;
  if (video.kind === 'can-join') {
    return (
      <button
        type="button"
        className="primary sim-join"
        disabled={joining}
        aria-label={t('sim.appointments.joinLabel', { name })}
        onClick={() => join(video.roomId)}
      >
        {t('sim.appointments.join')}
      </button>
    );
  }
  const words = { 'no-room': t('sim.appointments.noRoomYet'), closed: t('sim.appointments.roomClosed'), joined: t('sim.appointments.joined') }[video.kind];
  return <span className="secondary">{words}</span>;
}
