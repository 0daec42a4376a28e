import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useBookGuest, type GuestBooking } from '../api/guest-queries';

/** Error codes the host answers a booking with, each said in the app's own words. */
const KNOWN_CODES = new Set([
  'CA_ERR_GUEST_INVALID_PHONE',
  'CA_ERR_GUEST_INVALID_NAME',
  'CA_ERR_GUEST_PATIENT_PHONE',
  'CA_ERR_GUEST_PATIENT_NAME',
  'CA_ERR_GUEST_LIMIT',
  'CA_ERR_GUEST_NOT_VIDEO',
  'CA_ERR_GUEST_GUESTS_OFF',
  'CA_ERR_GUEST_CLOSED',
]);

/**
 * Reception books an interpreter or an outside clinician into a video consult: kind, the name
 * shown in the call (and in the patient's text), their mobile. The host texts them their own
 * link at the patient's invite. A refusal is shown next to the form and the fields are kept.
 */
export function BookGuestForm({ appointmentId }: { appointmentId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const book = useBookGuest(appointmentId);
  const [kind, setKind] = useState<GuestBooking['kind']>('interpreter');
  const [displayName, setDisplayName] = useState('');
  const [phone, setPhone] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    book.mutate(
      { kind, displayName: displayName.trim(), phone: phone.trim() },
      {
        onSuccess: () => {
          setDisplayName('');
          setPhone('');
        },
      },
    );
  };

  const error = book.error;
  const code = error instanceof ApiError ? error.code : undefined;
  const problem =
    error && (code && KNOWN_CODES.has(code) ? t(`today.guests.book.error.${code}` as 'today.guests.book.error.CA_ERR_GUEST_LIMIT') : error.message);

  return (
    <form className="book-guest" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`} className="book-guest__title">
        {t('today.guests.book.title')}
      </p>
      <label>
        {t('today.guests.book.kind')}
        <select value={kind} onChange={(event) => setKind(event.target.value as GuestBooking['kind'])}>
          <option value="interpreter">{t('today.guests.kind.interpreter')}</option>
          <option value="clinician">{t('today.guests.kind.clinician')}</option>
        </select>
      </label>
      <label>
        {t('today.guests.book.name')}
        <input value={displayName} onChange={(event) => setDisplayName(event.target.value)} required maxLength={60} autoComplete="off" />
      </label>
      <label>
        {t('today.guests.book.phone')}
        <input value={phone} onChange={(event) => setPhone(event.target.value)} required maxLength={40} inputMode="tel" autoComplete="off" />
      </label>
      <button type="submit" disabled={book.isPending}>
        {t('today.guests.book.submit')}
      </button>
      <p className="secondary book-guest__hint">{t('today.guests.book.hint')}</p>
      {problem && (
        <p role="alert" className="book-guest__error">
          {t('today.guests.book.failed', { error: problem })}
        </p>
      )}
      {book.isSuccess && !book.isPending && (
        <p role="status" className="secondary">
          {t(book.data.inviteOut ? 'today.guests.book.doneNow' : 'today.guests.book.doneLater', { name: book.data.grant.displayName })}
        </p>
      )}
    </form>
  );
}
