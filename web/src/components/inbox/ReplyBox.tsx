import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CodedApiError, useReply } from '../../api/inbox-queries';
import { sendStatusWords } from './inbox-words';
import { smsLength } from '../../sms-length';

const MAX_CHARS = 640;

/** A fresh id per reply: the same id sent twice (a double click, a retry) sends one text. */
function newRequestId(): string {
  return crypto.randomUUID();
}

/**
 * The reply box. Its request id is made when the box opens and renewed after each reply the
 * host took, so a double click or a retry after a timeout sends once.
 */
export function ReplyBox({ conversationId, clinicName }: { conversationId: string; clinicName: string | undefined }) {
  const { t } = useTranslation();
  const reply = useReply(conversationId);
  const [text, setText] = useState('');
  const [requestId, setRequestId] = useState(newRequestId);
  const [outcome, setOutcome] = useState<{ kind: 'ok' | 'warn' | 'error'; message: string } | undefined>();
  const fieldId = useId();
  const hintId = useId();
  const countId = useId();
  const outcomeId = useId();

  // The text goes out inside the StaffReply template, "<clinic>: <text>" by default.
  const signed = `${clinicName ?? ''}: ${text}`;
  const count = smsLength(signed);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = text.trim();
    if (!trimmed || reply.isPending) return;
    setOutcome(undefined);
    reply.mutate(
      { text: trimmed, requestId },
      {
        onSuccess: (answer) => {
          const status = answer.message.status;
          if (status === 'failed' || status === 'unknown' || status === 'retry') {
            setOutcome({ kind: 'error', message: t('inbox.sendFailed', { status: sendStatusWords(t, status), error: answer.message.error ?? '' }) });
          } else {
            setOutcome({ kind: answer.repeated ? 'warn' : 'ok', message: answer.repeated ? t('inbox.repeated') : t('inbox.sent') });
          }
          setText('');
          setRequestId(newRequestId());
        },
        onError: (error) => setOutcome({ kind: 'error', message: refusalWords(t, error) }),
      },
    );
  };

  return (
    <form className="reply-box" onSubmit={submit}>
      <label id={`${fieldId}-label`} htmlFor={fieldId}>
        {t('inbox.reply')}
      </label>
      <p id={hintId} className="secondary">
        {t('inbox.replyHint')}
      </p>
      <textarea
        id={fieldId}
        name="reply"
        rows={3}
        maxLength={MAX_CHARS}
        value={text}
        aria-describedby={`${hintId} ${countId} ${outcomeId}`}
        aria-invalid={outcome?.kind === 'error' ? true : undefined}
        onChange={(event) => setText(event.target.value)}
      />
      <div className="reply-box__row">
        <span id={countId} className="secondary reply-box__count">
          {t('inbox.segments', { chars: text.length, count: count.segments, encoding: count.encoding })}
        </span>
        <button type="submit" className="primary" disabled={reply.isPending || text.trim() === ''}>
          {reply.isPending ? t('inbox.sending') : t('inbox.send')}
        </button>
      </div>
      <div id={outcomeId} aria-live="polite">
        {outcome && (
          <p
            className={`reply-box__outcome reply-box__outcome--${outcome.kind}`}
            role={outcome.kind === 'error' ? 'alert' : 'status'}
            data-outcome={outcome.kind}
          >
            {outcome.message}
          </p>
        )}
      </div>
    </form>
  );
}

type T = ReturnType<typeof useTranslation>['t'];

/** The host's refusal, in reception's words where we know the code. */
function refusalWords(t: T, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof CodedApiError ? error.code : undefined;
  switch (code) {
    case 'CA_ERR_OPTED_OUT':
      return t('inbox.refusedOptedOut');
    case 'CA_ERR_QUIET_HOURS':
      return t('inbox.refusedQuietHours', { error: message });
    case 'CA_ERR_TOO_LONG':
      return t('inbox.refusedTooLong', { error: message });
    case 'CA_ERR_DAILY_CAP':
      return t('inbox.refusedDailyCap');
    default:
      return t('inbox.refused', { error: message });
  }
}
