import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHostStatus, useTodaysAppointments } from '../api/queries';
import { useRunCycle, useSimAppointments, useSimRooms, useSimTexts, type SimAppointment } from '../api/sim-queries';
import { PageHeading } from '../components/PageHeading';
import { QueryProblem } from '../components/QueryProblem';
import { SimAppointmentForm } from './simulator/SimAppointmentForm';
import { SimAppointments } from './simulator/SimAppointments';
import { SimTextLog } from './simulator/SimTextLog';
import { TextAsPatient } from './simulator/TextAsPatient';
import { simRows } from './simulator/sim-rows';
import './simulator/simulator.css';

/**
 * The simulated PMS, phones and video rooms in one screen (the desktop app's simulator tabs),
 * so a newcomer can try the whole workflow after `npm start` with nothing real behind it.
 */
export function SimulatorPage() {
  const { t } = useTranslation();
  const status = useHostStatus();
  const appointments = useSimAppointments();
  const texts = useSimTexts();
  const rooms = useSimRooms();
  const today = useTodaysAppointments();
  const cycle = useRunCycle();
  const [editing, setEditing] = useState<SimAppointment>();
  const [saved, setSaved] = useState(0);

  const timeZone = status.data?.clinic.timeZone;
  const nowIso = status.data?.now;
  const list = appointments.data ?? [];
  const noSimulators = status.data !== undefined && !status.data.plugins.some((plugin) => plugin.id.endsWith('-simulator'));

  if (noSimulators) {
    return (
      <>
        <PageHeading title={t('sim.heading')} />
        <p className="notice">{t('sim.none')}</p>
      </>
    );
  }

  return (
    <>
      <PageHeading title={t('sim.heading')}>
        <span className="sim-badge">{t('sim.practice')}</span>
      </PageHeading>
      <div className="sim-intro" role="note">
        <p>{t('sim.intro')}</p>
        <p>{t('sim.steps')}</p>
      </div>

      <div className="sim-cycle">
        <button type="button" className="primary" disabled={cycle.isPending} onClick={() => cycle.mutate()}>
          {cycle.isPending ? t('sim.cycle.running') : t('sim.cycle.run')}
        </button>
        <p className="secondary">{t('sim.cycle.help')}</p>
        <p role="status" className="sim-outcome">
          {cycle.isSuccess && t('sim.cycle.done')}
        </p>
        {cycle.isError && (
          <p className="problem" role="alert">
            {t('sim.cycle.failed', { error: cycle.error.message })}
          </p>
        )}
      </div>

      <section aria-labelledby="sim-appointments">
        <h2 id="sim-appointments">{t('sim.appointments.heading')}</h2>
        {appointments.isError ? (
          <QueryProblem error={appointments.error} retry={() => void appointments.refetch()} />
        ) : !timeZone || !nowIso || appointments.isPending ? (
          <p>{t('app.loading')}</p>
        ) : (
          <SimAppointments
            rows={simRows(list, today.data ?? [], rooms.data ?? [], timeZone, nowIso)}
            onEdit={(appointment) => {
              setSaved(0);
              setEditing(appointment);
            }}
            editingId={editing?.id}
          />
        )}
      </section>

      {timeZone && nowIso && (
        <div className="sim-columns">
          <SimAppointmentForm
            key={editing?.id ?? `new-${saved}`}
            editing={editing}
            known={list}
            timeZone={timeZone}
            nowIso={nowIso}
            note={saved > 0 && !editing ? t('sim.form.saved') : undefined}
            onDone={(wasSaved) => {
              setEditing(undefined);
              setSaved(wasSaved ? saved + 1 : 0);
            }}
          />
          <TextAsPatient appointments={list} />
        </div>
      )}

      <section aria-labelledby="sim-log">
        <h2 id="sim-log">{t('sim.log.heading')}</h2>
        <p className="secondary">{t('sim.log.help')}</p>
        {texts.isError ? (
          <QueryProblem error={texts.error} retry={() => void texts.refetch()} />
        ) : texts.isPending || !timeZone ? (
          <p>{t('app.loading')}</p>
        ) : (
          <SimTextLog texts={texts.data} appointments={list} timeZone={timeZone} />
        )}
      </section>
    </>
  );
}
