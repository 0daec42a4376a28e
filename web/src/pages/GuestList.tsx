import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useGuests, useRevokeGuest } from '../api/guest-queries';
import { clinicTime } from '../format';
import { BookGuestForm } from './BookGuestForm';

const LIVE_STATES = new Set(['booked', 'granted', 'linked', 'sent']);

/**
 * A video consult's guests in its Today row: a disclosure that asks the host only once opened,
 * each guest's state and times (a booked guest's kind, name and masked number too), Revoke for
 * a guest whose link still works, and the form that books an interpreter or clinician.
 */
export function GuestList({ appointmentId, timeZone }: { appointmentId: string; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const guests = useGuests(appointmentId, open);
  const revoke = useRevokeGuest(appointmentId);

  return (
    <details className="guests" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{t('today.guests.summary')}</summary>
      {guests.isError ? (
        <p role="alert">{t('today.guests.failed')}</p>
      ) : guests.isPending ? (
        <p>{t('app.loading')}</p>
      ) : guests.data.length === 0 ? (
        <p className="secondary">{t('today.guests.none')}</p>
      ) : (
        <ul className="guests__list">
          {guests.data.map((guest, index) => (
            <li key={guest.grantId} data-grant-id={guest.grantId}>
              <span>
                {guest.kind
                  ? t('today.guests.bookedLine', {
                      kind: t(`today.guests.kind.${guest.kind}`),
                      name: guest.displayName,
                      state: t(`today.guests.state.${guest.state}` as 'today.guests.state.sent', { defaultValue: guest.state }),
                      time: clinicTime(guest.sentAt ?? guest.createdAt, timeZone),
                    })
                  : t('today.guests.line', {
                      n: index + 1,
                      state: t(`today.guests.state.${guest.state}` as 'today.guests.state.sent', { defaultValue: guest.state }),
                      time: clinicTime(guest.sentAt ?? guest.createdAt, timeZone),
                    })}
              </span>
              {guest.phoneMasked && (
                <span className="secondary">
                  <span className="visually-hidden">{t('today.col.mobile')}: </span>
                  {guest.phoneMasked}
                </span>
              )}
              {guest.joinedAt && <span className="secondary">{t('today.guests.joined', { time: clinicTime(guest.joinedAt, timeZone) })}</span>}
              {guest.revokedAt && (
                <span className="secondary">{t('today.guests.revoked', { by: guest.revokedBy ?? '', time: clinicTime(guest.revokedAt, timeZone) })}</span>
              )}
              {LIVE_STATES.has(guest.state) && (
                <button
                  type="button"
                  disabled={revoke.isPending}
                  onClick={() => revoke.mutate(guest.grantId)}
                  aria-label={t('today.guests.revokeLabel', { n: index + 1 })}
                >
                  {t('today.guests.revoke')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {revoke.isError && <p role="alert">{t('today.guests.revokeFailed', { error: revoke.error.message })}</p>}
      {open && <BookGuestForm appointmentId={appointmentId} />}
    </details>
  );
}
