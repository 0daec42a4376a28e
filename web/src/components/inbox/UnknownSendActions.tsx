import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CodedApiError, useResolveUnknown, type UnknownAction, type UnknownSend } from '../../api/inbox-queries';

/** "It arrived", "Send again" (after a confirmation: the patient may get it twice) and "Nothing to do". */
export function UnknownSendActions({ send }: { send: UnknownSend }) {
  const { t } = useTranslation();
  const resolve = useResolveUnknown();
  const [confirming, setConfirming] = useState(false);
  const act = (action: UnknownAction) => {
    setConfirming(false);
    resolve.mutate({ id: send.id, action });
  };
  return (
    <div>
      <div className="actions">
        <button type="button" className="primary" disabled={resolve.isPending} onClick={() => act('delivered')}>
          {t('sends.arrived')}
        </button>
        <button type="button" disabled={resolve.isPending} onClick={() => setConfirming(true)} aria-expanded={confirming}>
          {t('sends.sendAgain')}
        </button>
        <button type="button" disabled={resolve.isPending} onClick={() => act('dismiss')}>
          {t('sends.nothing')}
        </button>
      </div>
      {confirming && (
        <div className="confirm" role="group" aria-label={t('sends.sendAgain')}>
          <p>{t('sends.confirmSendAgain', { to: send.to })}</p>
          <div className="actions">
            <button type="button" className="primary" onClick={() => act('send-again')}>
              {t('sends.confirmYes')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('sends.confirmNo')}
            </button>
          </div>
        </div>
      )}
      {resolve.error && (
        <p role="alert" className="inline-problem">
          {failureWords(t, resolve.error)}
        </p>
      )}
    </div>
  );
}

type T = ReturnType<typeof useTranslation>['t'];

function failureWords(t: T, error: Error): string {
  const status = error instanceof CodedApiError ? error.status : undefined;
  if (status === 409) return t('sends.refusedConflict', { error: error.message });
  if (status === 502) return t('sends.refusedProvider', { error: error.message });
  if (status === 503) return t('sends.providerDown', { error: error.message });
  return t('sends.failed', { error: error.message });
}
