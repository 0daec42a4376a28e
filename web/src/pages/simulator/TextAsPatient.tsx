import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSimInboxPending, useTextAsPatient, type SimAppointment } from '../../api/sim-queries';
import { maskPhone } from '../../format';
import { numberKey } from './MaskedNumber';

const OTHER = 'other';
/** The words the workflow understands, one click away. */
const QUICK = ['YES', 'NO', 'ARRIVED', 'JOINED', 'STOP'];

/** A patient's phone: pick the patient of an appointment (or type a number) and text the host. */
export function TextAsPatient({ appointments }: { appointments: SimAppointment[] }) {
  const { t } = useTranslation();
  const send = useTextAsPatient();
  const pending = useSimInboxPending();
  const patients = [...new Map(appointments.filter((a) => a.patient.mobile).map((a) => [numberKey(a.patient.mobile), a.patient])).values()];
  const [choice, setChoice] = useState('');
  const [number, setNumber] = useState('');
  const [body, setBody] = useState('');
  const ids = { from: useId(), number: useId(), body: useId(), heading: useId() };
  const selected = choice || (patients[0] ? numberKey(patients[0].mobile) : OTHER);
  const from = selected === OTHER ? number.trim() : (patients.find((p) => numberKey(p.mobile) === selected)?.mobile ?? '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!from || !body.trim()) return;
    send.mutate({ from, body }, { onSuccess: () => setBody('') });
  };

  return (
    <form className="sim-form" onSubmit={submit} aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>{t('sim.text.heading')}</h2>
      <div className="field">
        <label htmlFor={ids.from}>{t('sim.text.from')}</label>
        <select id={ids.from} value={selected} onChange={(e) => setChoice(e.target.value)}>
          {patients.map((p) => (
            <option key={p.id + numberKey(p.mobile)} value={numberKey(p.mobile)}>
              {t('sim.text.fromAppointment', { name: p.name, mobile: maskPhone(p.mobile) ?? '' })}
            </option>
          ))}
          <option value={OTHER}>{t('sim.text.otherNumber')}</option>
        </select>
      </div>
      {selected === OTHER && (
        <div className="field">
          <label htmlFor={ids.number}>{t('sim.text.number')}</label>
          <input id={ids.number} type="tel" required maxLength={32} autoComplete="off" value={number} onChange={(e) => setNumber(e.target.value)} />
        </div>
      )}
      <div className="field">
        <label htmlFor={ids.body}>{t('sim.text.body')}</label>
        <textarea
          id={ids.body}
          rows={3}
          required
          maxLength={1600}
          placeholder={t('sim.text.bodyPlaceholder')}
          value={body}
          onChange={(e) => setBody(e.target.value)}
        />
      </div>
      <div className="sim-quick" role="group" aria-label={t('sim.text.quick')}>
        <span aria-hidden="true">{t('sim.text.quick')}:</span>
        {QUICK.map((word) => (
          <button key={word} type="button" aria-label={t('sim.text.quickLabel', { word })} onClick={() => setBody(word)}>
            {word}
          </button>
        ))}
      </div>
      {send.isError && (
        <p className="problem" role="alert">
          {t('sim.text.failed', { error: send.error.message })}
        </p>
      )}
      <div className="sim-form__buttons">
        <button type="submit" className="primary" disabled={send.isPending || !from || !body.trim()}>
          {send.isPending ? t('sim.text.sending') : t('sim.text.send')}
        </button>
      </div>
      <p className="sim-outcome" role="status">
        {send.isSuccess && `${t('sim.text.sent')} `}
        {send.isSuccess && pending.data !== undefined && (pending.data > 0 ? t('sim.text.pending', { count: pending.data }) : t('sim.text.noneWaiting'))}
      </p>
    </form>
  );
}
