import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddSimAppointment, useEditSimAppointment, type SimAppointment, type SimAppointmentFields } from '../../api/sim-queries';
import { clinicInstant, clinicWall, plusMinutes } from './clinic-clock';
import { slug } from './sim-rows';

const APPOINTMENT_MINUTES = 15;

interface Draft {
  name: string;
  mobile: string;
  date: string;
  time: string;
  practitioner: string;
  isVideo: boolean;
  interpreterRequired: boolean;
  /** BCP 47 tag; empty for the clinic's default. */
  language: string;
}

/** Suggestions for the language field: the languages the host ships texts and reply words in. */
const LANGUAGE_SUGGESTIONS = ['en', 'es', 'vi', 'zh-CN', 'ar'];

function draftOf(appointment: SimAppointment | undefined, timeZone: string, nowIso: string): Draft {
  if (!appointment) {
    // Half an hour from now, on the quarter: due its first text at once.
    const soon = new Date(nowIso).getTime() + 30 * 60_000;
    const wall = clinicWall(Math.ceil(soon / (15 * 60_000)) * 15 * 60_000, timeZone);
    return { name: '', mobile: '', practitioner: '', isVideo: false, interpreterRequired: false, language: '', ...wall };
  }
  return {
    name: appointment.patient.name,
    mobile: appointment.patient.mobile ?? '',
    practitioner: appointment.practitioner.name,
    isVideo: appointment.isVideo,
    interpreterRequired: appointment.interpreterRequired === true,
    language: appointment.language ?? '',
    ...clinicWall(appointment.start, timeZone),
  };
}

/** Add an appointment to the simulated PMS, or edit one (the table's Edit button). */
export function SimAppointmentForm(props: {
  editing?: SimAppointment;
  known: SimAppointment[];
  timeZone: string;
  nowIso: string;
  /** Said under the form when it opens (e.g. after an edit was saved). */
  note?: string;
  onDone: (saved: boolean) => void;
}) {
  const { editing, known, timeZone, nowIso, note, onDone } = props;
  const { t } = useTranslation();
  const add = useAddSimAppointment();
  const edit = useEditSimAppointment();
  const [draft, setDraft] = useState<Draft>(() => draftOf(editing, timeZone, nowIso));
  const [outcome, setOutcome] = useState<string | undefined>(note);
  const nameInput = useRef<HTMLInputElement>(null);
  // Edit was pressed in the table: take the keyboard (and the eye) to the form.
  useEffect(() => {
    if (!editing) return;
    nameInput.current?.scrollIntoView({ block: 'center' });
    nameInput.current?.focus({ preventScroll: true });
  }, [editing]);
  const [problem, setProblem] = useState<string>();
  const ids = {
    name: useId(),
    mobile: useId(),
    date: useId(),
    time: useId(),
    practitioner: useId(),
    video: useId(),
    interpreter: useId(),
    language: useId(),
    languages: useId(),
    languageHint: useId(),
    list: useId(),
    hint: useId(),
  };
  const practitioners = [...new Map(known.map((a) => [a.practitioner.name.toLowerCase(), a.practitioner])).values()];
  const busy = add.isPending || edit.isPending;

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setOutcome(undefined);
    setProblem(undefined);
    const start = clinicInstant(draft, timeZone);
    if (!start) {
      setProblem(t('sim.form.badTime'));
      return;
    }
    const name = draft.name.trim();
    const practitionerName = draft.practitioner.trim();
    const existing = practitioners.find((p) => p.name.toLowerCase() === practitionerName.toLowerCase());
    const fields: SimAppointmentFields = {
      start,
      end: plusMinutes(start, APPOINTMENT_MINUTES),
      patient: {
        id: editing?.patient.id ?? `pat-${slug(name)}`,
        name,
        firstName: name.split(/\s+/)[0] ?? name,
        ...(draft.mobile.trim() ? { mobile: draft.mobile.trim() } : {}),
      },
      practitioner: existing ?? { id: `prac-${slug(practitionerName)}`, name: practitionerName },
      isVideo: draft.isVideo,
      interpreterRequired: draft.interpreterRequired,
      // Empty clears it on an edit; a new appointment without one gets none.
      ...(draft.language.trim() || editing?.language ? { language: draft.language.trim() } : {}),
    };
    const fail = (error: Error) => setProblem(error.message);
    if (editing) {
      edit.mutate({ id: editing.id, changes: fields }, { onSuccess: () => onDone(true), onError: fail });
    } else {
      add.mutate(fields, {
        onSuccess: () => {
          setOutcome(t('sim.form.added', { name, time: draft.time }));
          setDraft(draftOf(undefined, timeZone, nowIso));
        },
        onError: fail,
      });
    }
  };

  return (
    <form className="sim-form" onSubmit={submit} aria-labelledby={ids.list + '-h'}>
      <h2 id={ids.list + '-h'}>{editing ? t('sim.form.editHeading', { name: editing.patient.name }) : t('sim.form.addHeading')}</h2>
      <div className="sim-form__grid">
        <div className="field">
          <label htmlFor={ids.name}>{t('sim.form.name')}</label>
          <input
            ref={nameInput}
            id={ids.name}
            required
            maxLength={200}
            autoComplete="off"
            placeholder={t('sim.form.namePlaceholder')}
            value={draft.name}
            onChange={(e) => set('name', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.mobile}>{t('sim.form.mobile')}</label>
          <input
            id={ids.mobile}
            type="tel"
            maxLength={32}
            autoComplete="off"
            aria-describedby={ids.hint}
            value={draft.mobile}
            onChange={(e) => set('mobile', e.target.value)}
          />
          <span id={ids.hint} className="secondary">
            {t('sim.form.mobileHint')}
          </span>
        </div>
        <div className="field">
          <label htmlFor={ids.date}>{t('sim.form.date')}</label>
          <input id={ids.date} type="date" required value={draft.date} onChange={(e) => set('date', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.time}>{t('sim.form.time', { zone: timeZone })}</label>
          <input id={ids.time} type="time" required step={60} value={draft.time} onChange={(e) => set('time', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.practitioner}>{t('sim.form.practitioner')}</label>
          <input
            id={ids.practitioner}
            required
            maxLength={200}
            autoComplete="off"
            list={ids.list}
            placeholder={t('sim.form.practitionerPlaceholder')}
            value={draft.practitioner}
            onChange={(e) => set('practitioner', e.target.value)}
          />
          <datalist id={ids.list}>
            {practitioners.map((p) => (
              <option key={p.id} value={p.name} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor={ids.language}>{t('sim.form.language')}</label>
          <input
            id={ids.language}
            maxLength={35}
            autoComplete="off"
            spellCheck={false}
            pattern="[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*"
            list={ids.languages}
            aria-describedby={ids.languageHint}
            value={draft.language}
            onChange={(e) => set('language', e.target.value)}
          />
          <datalist id={ids.languages}>
            {LANGUAGE_SUGGESTIONS.map((tag) => (
              <option key={tag} value={tag} />
            ))}
          </datalist>
          <span id={ids.languageHint} className="secondary">
            {t('sim.form.languageHint')}
          </span>
        </div>
        <div className="sim-check">
          <input id={ids.video} type="checkbox" checked={draft.isVideo} onChange={(e) => set('isVideo', e.target.checked)} />
          <label htmlFor={ids.video}>{t('sim.form.video')}</label>
        </div>
        <div className="sim-check">
          <input id={ids.interpreter} type="checkbox" checked={draft.interpreterRequired} onChange={(e) => set('interpreterRequired', e.target.checked)} />
          <label htmlFor={ids.interpreter}>{t('sim.form.interpreter')}</label>
        </div>
      </div>
      {problem && (
        <p className="problem" role="alert">
          {problem}
        </p>
      )}
      <p className="sim-outcome" role="status">
        {outcome}
      </p>
      <div className="sim-form__buttons">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('sim.form.saving') : editing ? t('sim.form.save') : t('sim.form.add')}
        </button>
        {editing && (
          <button type="button" onClick={() => onDone(false)}>
            {t('sim.form.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
