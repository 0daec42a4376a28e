import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConversation, useLinkAppointment, useMarkDone, useRevealNumber, type Conversation, type ConversationMessage } from '../../api/inbox-queries';
import { QueryProblem } from '../QueryProblem';
import { clinicDayTime, deliveryWords, notDelivered, reasonWords, sendStatusWords, templateWords } from './inbox-words';
import { ReplyBox } from './ReplyBox';
import { CancelForPatient } from '../wait/CancelForPatient';

/** One conversation: the texts both ways (newest last), its appointment, and what reception can do. */
export function ConversationView({ id, timeZone, clinicName }: { id: string; timeZone: string | undefined; clinicName: string | undefined }) {
  const { t } = useTranslation();
  const conversation = useConversation(id);
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = conversation.isSuccess;
  // Opened by a click: keyboard and screen-reader users continue from its heading.
  useEffect(() => {
    if (loaded) heading.current?.focus({ preventScroll: true });
  }, [loaded]);
  if (conversation.isError) return <QueryProblem error={conversation.error} retry={() => void conversation.refetch()} />;
  if (conversation.isPending) return <p>{t('app.loading')}</p>;
  const c = conversation.data;
  const name = c.patientFirstName ?? t('inbox.unknownName');

  return (
    <section className="conversation" aria-labelledby="conversation-heading" data-conversation={c.id}>
      <div className="conversation__head">
        <h2 id="conversation-heading" ref={heading} tabIndex={-1}>
          {t('inbox.conversationWith', { name })} <span className="conversation__phone">{c.phoneMasked}</span>
        </h2>
        <ConversationActions conversation={c} />
      </div>
      <AppointmentBlock conversation={c} timeZone={timeZone} />

      <h3>{t('inbox.texts')}</h3>
      {c.messages.length === 0 ? (
        <p>{t('inbox.noTexts')}</p>
      ) : (
        <ol className="texts">
          {c.messages.map((message) => (
            <TextItem key={message.id} message={message} timeZone={timeZone} patientName={name} />
          ))}
        </ol>
      )}
      <ReplyBox key={c.id} conversationId={c.id} clinicName={clinicName} />
    </section>
  );
}

function ConversationActions({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const done = useMarkDone(conversation.id);
  const reveal = useRevealNumber(conversation.id);
  return (
    <div className="conversation__actions">
      {reveal.data ? (
        <span className="conversation__full-number" data-testid="full-number">
          {t('inbox.numberShown', { phone: reveal.data })}
        </span>
      ) : (
        <button type="button" onClick={() => reveal.mutate()} disabled={reveal.isPending}>
          {t('inbox.showNumber')}
        </button>
      )}
      {conversation.open && (
        <button type="button" className="primary" onClick={() => done.mutate()} disabled={done.isPending}>
          {t('inbox.markDone')}
        </button>
      )}
      {done.isSuccess && !conversation.open && (
        <span role="status" className="conversation__done">
          {t('inbox.markedDone')}
        </span>
      )}
      {(reveal.error ?? done.error) && (
        <p role="alert" className="inline-problem">
          {t('inbox.actionFailed', { error: (reveal.error ?? done.error)?.message ?? '' })}
        </p>
      )}
    </div>
  );
}

function AppointmentBlock({ conversation, timeZone }: { conversation: Conversation; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const link = useLinkAppointment(conversation.id);
  const [choice, setChoice] = useState('');
  const selectId = useId();
  const matched = conversation.appointments.find((appointment) => appointment.id === conversation.appointmentId);
  const describe = (appointment: Conversation['appointments'][number]) =>
    `${appointment.patientFirstName}, ${clinicDayTime(appointment.start, timeZone)}, ${appointment.practitionerName} (${t(`pmsStatus.${appointment.status}` as 'pmsStatus.booked', { defaultValue: appointment.status })})`;
  const others = conversation.appointments.filter((appointment) => appointment.id !== conversation.appointmentId);

  return (
    <div className="conversation__appointment">
      <p>
        <strong>{t('inbox.appointment')}: </strong>
        {matched ? <span data-testid="matched-appointment">{describe(matched)}</span> : (conversation.appointmentId ?? t('inbox.noAppointment'))}
      </p>
      {!matched && others.length > 0 && (
        <>
          <p>{t('inbox.knownAppointments', { count: others.length })}</p>
          <ul className="known-appointments">
            {others.map((appointment) => (
              <li key={appointment.id}>{describe(appointment)}</li>
            ))}
          </ul>
        </>
      )}
      {others.length > 0 ? (
        <form
          className="link-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (choice) link.mutate(choice, { onSuccess: () => setChoice('') });
          }}
        >
          <div className="field">
            <label htmlFor={selectId}>{t('inbox.link')}</label>
            <select id={selectId} value={choice} onChange={(event) => setChoice(event.target.value)}>
              <option value="">{t('inbox.linkNone')}</option>
              {others.map((appointment) => (
                <option key={appointment.id} value={appointment.id}>
                  {describe(appointment)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" disabled={!choice || link.isPending}>
            {t('inbox.linkButton')}
          </button>
          {link.isSuccess && <span role="status">{t('inbox.linked')}</span>}
          {link.error && (
            <p role="alert" className="inline-problem">
              {t('inbox.actionFailed', { error: link.error.message })}
            </p>
          )}
        </form>
      ) : (
        !matched && <p className="secondary">{t('inbox.noKnownAppointments')}</p>
      )}
    </div>
  );
}

/** A patient's NO to the confirm question, left for reception (`workflow.confirm.onNo: reception`), still open. */
function wantsCancel(message: ConversationMessage): message is ConversationMessage & { appointmentId: string } {
  return message.direction === 'in' && message.reason === 'wants-cancel' && message.state === 'unprocessed' && message.appointmentId !== undefined;
}

function TextItem({ message, timeZone, patientName }: { message: ConversationMessage; timeZone: string | undefined; patientName: string }) {
  const { t } = useTranslation();
  const flagged = message.direction === 'out' && notDelivered(message);
  return (
    <li className={`text text--${message.direction}${flagged ? ' text--flagged' : ''}`} data-message-id={message.id}>
      <p className="text__meta">
        <span className="text__who">{message.direction === 'in' ? t('inbox.fromPatient') : t('inbox.fromUs')}</span>
        {message.direction === 'out' && <span>{message.author === 'host' && message.template ? templateWords(t, message.template) : message.label}</span>}
        <time dateTime={message.at}>{clinicDayTime(message.at, timeZone)}</time>
      </p>
      <p className="text__body">{message.text ?? <em>{t('inbox.textPurged')}</em>}</p>
      {message.direction === 'out' && (message.status || message.deliveryStatus) && (
        <p className="text__status">
          {flagged && (
            <strong className="badge badge--attention" data-flag="not-delivered">
              {message.status === 'unknown' && !message.deliveryStatus ? t('today.attention.unknown') : t('inbox.flag')}
            </strong>
          )}
          {message.status && <span className={`delivery delivery--${message.status}`}>{sendStatusWords(t, message.status)}</span>}
          {message.deliveryStatus && (
            <span className={`delivery delivery--${message.deliveryStatus}`} data-delivery={message.deliveryStatus}>
              {deliveryWords(t, message.deliveryStatus)}
            </span>
          )}
          {(message.deliveryError ?? message.error) && <span className="secondary">{message.deliveryError ?? message.error}</span>}
        </p>
      )}
      {message.direction === 'in' && message.reason && <p className="text__status secondary">{reasonWords(t, message.reason)}</p>}
      {wantsCancel(message) && (
        <p className="text__action">
          <CancelForPatient appointmentId={message.appointmentId} patientName={patientName} />
        </p>
      )}
    </li>
  );
}
