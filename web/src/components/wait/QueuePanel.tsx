import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMuteLateTexts, useQueues, useSetRunningLate, type PractitionerQueue } from '../../api/wait-queries';
import { clinicTime } from '../../format';
import { ConfirmAction } from '../ConfirmAction';
import { QueryProblem } from '../QueryProblem';
import '../../pages/admin.css';
import './queue-panel.css';

/** What the panel shows of a waiting patient: the app's own row (names stay in the app, not in the queue). */
export interface QueuePatientName {
  firstName: string;
}

type T = ReturnType<typeof useTranslation>['t'];

/**
 * The waiting room at a glance: per practitioner how late they run (the estimate or reception's
 * override), the consult length the estimate uses, the waiting patients with their expected
 * call-in time, and reception's two controls for today (running late by N minutes, mute delay texts).
 */
export function QueuePanel({ names, timeZone }: { names: ReadonlyMap<string, QueuePatientName>; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const queues = useQueues();
  if (queues.isError) return <QueryProblem error={queues.error} retry={() => void queues.refetch()} />;
  if (queues.isPending || queues.data.length === 0) return null;
  return (
    <section className="queues" aria-labelledby="queues-heading">
      <h2 id="queues-heading" className="queues__heading">
        {t('queue.heading')}
      </h2>
      <div className="queues__list">
        {queues.data.map((queue) => (
          <QueueCard key={queue.practitionerId} queue={queue} names={names} timeZone={timeZone} />
        ))}
      </div>
    </section>
  );
}

function QueueCard({ queue, names, timeZone }: { queue: PractitionerQueue; names: ReadonlyMap<string, QueuePatientName>; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const name = queue.name ?? queue.practitionerId;
  const late = queue.delayMinutes > 0 || queue.source === 'override';
  const nameOf = (id: string) => names.get(id)?.firstName ?? t('queue.unknownPatient', { id });
  return (
    <article className={`queue${queue.delayMinutes >= 15 ? ' queue--late' : ''}`} data-practitioner-id={queue.practitionerId} aria-label={name}>
      <div className="queue__head">
        <h3>{name}</h3>
        <p className="queue__delay" data-testid="queue-delay">
          <strong>{late ? t('queue.late', { minutes: queue.delayMinutes }) : t('queue.onTime')}</strong>
          <span className="secondary">
            {queue.override ? t('queue.byReception', { time: clinicTime(queue.override.setAt, timeZone) }) : t('queue.byEstimate')}
          </span>
        </p>
        <p className="secondary queue__consult">
          {queue.samples > 0
            ? t('queue.consult', { minutes: queue.consultMinutes, count: queue.samples })
            : t('queue.consultDefault', { minutes: queue.consultMinutes })}
        </p>
        {queue.muted && (
          <p>
            <strong className="badge badge--muted" data-testid="queue-muted">
              {t('queue.muted')}
            </strong>
          </p>
        )}
      </div>
      {queue.current && <p className="queue__current">{t('queue.withPractitioner', { name: nameOf(queue.current.appointmentId) })}</p>}
      {queue.waiting.length === 0 ? (
        <p className="secondary">{t('queue.nobodyWaiting')}</p>
      ) : (
        <ol className="queue__waiting" aria-label={t('queue.waitingHeading', { name })}>
          {queue.waiting.map((entry) => (
            <li key={entry.appointmentId} data-appointment-id={entry.appointmentId}>
              <span className="queue__who">{t('queue.waitingLine', { time: clinicTime(entry.scheduledAt, timeZone), name: nameOf(entry.appointmentId) })}</span>
              <span className="secondary">{entry.arrivedAt ? t('queue.arrived', { time: clinicTime(entry.arrivedAt, timeZone) }) : t('queue.notArrived')}</span>
              <span className="queue__estimate">{estimateWords(t, entry.estimateAt, entry.delayMinutes, timeZone)}</span>
            </li>
          ))}
        </ol>
      )}
      <QueueControls queue={queue} name={name} />
    </article>
  );
}

/** "expect 10:25 (+25 min)", or without the plus when on time. */
export function estimateWords(t: T, at: string, delayMinutes: number, timeZone: string | undefined): string {
  const time = clinicTime(at, timeZone);
  return delayMinutes > 0 ? t('wait.estimateLate', { time, minutes: delayMinutes }) : t('wait.estimate', { time });
}

function QueueControls({ queue, name }: { queue: PractitionerQueue; name: string }) {
  const { t } = useTranslation();
  const setLate = useSetRunningLate(queue.practitionerId);
  const mute = useMuteLateTexts(queue.practitionerId);
  const [typed, setTyped] = useState('');
  const field = useId();
  // The override as typed; the Set button asks first, since waiting patients may get a text.
  const minutes = /^\d{1,3}$/.test(typed.trim()) ? Number(typed.trim()) : undefined;
  const valid = minutes !== undefined && minutes <= 240;
  const error = setLate.error ?? mute.error;
  return (
    <div className="queue__controls">
      <div className="queue__set">
        <label htmlFor={field}>{t('queue.setLabel')}</label>
        <div className="queue__set-row">
          <input
            id={field}
            type="number"
            inputMode="numeric"
            min={0}
            max={240}
            step={1}
            value={typed}
            aria-invalid={typed !== '' && !valid}
            onChange={(event) => setTyped(event.target.value)}
          />
          {valid ? (
            <ConfirmAction
              plain
              label={t('queue.set')}
              question={t('queue.setQuestion', { name, minutes })}
              confirmLabel={t('queue.setConfirm')}
              cancelLabel={t('queue.keep')}
              busy={setLate.isPending}
              onConfirm={() => setLate.mutate(minutes, { onSuccess: () => setTyped('') })}
            />
          ) : (
            <button type="button" disabled>
              {t('queue.set')}
            </button>
          )}
          {queue.override && (
            <button type="button" aria-label={t('queue.clearFor', { name })} disabled={setLate.isPending} onClick={() => setLate.mutate(null)}>
              {t('queue.clear')}
            </button>
          )}
        </div>
      </div>
      {typed !== '' && !valid && <p className="inline-problem">{t('queue.badMinutes')}</p>}
      <div className="queue__mute">
        {queue.muted ? (
          <button type="button" aria-label={t('queue.unmuteFor', { name })} disabled={mute.isPending} onClick={() => mute.mutate(false)}>
            {t('queue.unmute')}
          </button>
        ) : (
          <ConfirmAction
            label={t('queue.mute')}
            accessibleLabel={t('queue.muteFor', { name })}
            question={t('queue.muteQuestion', { name })}
            confirmLabel={t('queue.muteConfirm')}
            cancelLabel={t('queue.keep')}
            busy={mute.isPending}
            onConfirm={() => mute.mutate(true)}
          />
        )}
      </div>
      {error && (
        <p role="alert" className="inline-problem">
          {t('queue.failed', { error: error.message })}
        </p>
      )}
    </div>
  );
}
