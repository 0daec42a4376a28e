import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { usePractitioners, useSavePractitioner, type Practitioner, type PractitionerPatch } from '../api/admin-queries';
import { PageHeading } from '../components/PageHeading';
import { QueryProblem } from '../components/QueryProblem';
import './admin.css';

/** Practitioners: room text, no texts, no video, each saved on its own row; and settings by id for one not seen yet. */
export function PractitionersPage() {
  const { t } = useTranslation();
  const practitioners = usePractitioners();

  return (
    <>
      <PageHeading title={t('practitioners.heading')}>
        <p className="page-heading__sub">{t('practitioners.intro')}</p>
      </PageHeading>
      {practitioners.isError ? (
        <QueryProblem error={practitioners.error} retry={() => void practitioners.refetch()} />
      ) : practitioners.isPending ? (
        <p>{t('app.loading')}</p>
      ) : practitioners.data.length === 0 ? (
        <p className="notice">{t('practitioners.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="practitioners">
            <thead>
              <tr>
                <th scope="col">{t('practitioners.col.name')}</th>
                <th scope="col">{t('practitioners.col.room')}</th>
                <th scope="col">{t('practitioners.col.ignore')}</th>
                <th scope="col">{t('practitioners.col.noVideo')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('practitioners.col.save')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {practitioners.data.map((practitioner) => (
                <PractitionerRow
                  key={`${practitioner.practitionerId}:${practitioner.room ?? ''}:${practitioner.ignore}:${practitioner.noVideo}`}
                  practitioner={practitioner}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AddById />
    </>
  );
}

/** One practitioner's settings; the row is remade from the saved values whenever they change. */
function PractitionerRow({ practitioner }: { practitioner: Practitioner }) {
  const { t } = useTranslation();
  const save = useSavePractitioner();
  const [room, setRoom] = useState(practitioner.room ?? '');
  const [ignore, setIgnore] = useState(Boolean(practitioner.ignore));
  const [noVideo, setNoVideo] = useState(Boolean(practitioner.noVideo));
  const id = useId();
  const name = practitioner.name ?? practitioner.practitionerId;

  const patch: PractitionerPatch = {};
  if (room.trim() !== (practitioner.room ?? '')) patch.room = room.trim() === '' ? null : room.trim();
  if (ignore !== Boolean(practitioner.ignore)) patch.ignore = ignore;
  if (noVideo !== Boolean(practitioner.noVideo)) patch.noVideo = noVideo;
  const dirty = Object.keys(patch).length > 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (dirty) save.mutate({ id: practitioner.practitionerId, patch });
  };

  return (
    <tr data-practitioner-id={practitioner.practitionerId} className={ignore ? 'practitioners__ignored' : undefined}>
      <th scope="row">
        <span className="practitioners__name">{practitioner.name ?? t('practitioners.unnamed')}</span>
        <code className="secondary">{practitioner.practitionerId}</code>
      </th>
      <td>
        <form id={`${id}-form`} onSubmit={submit} />
        <label className="visually-hidden" htmlFor={`${id}-room`}>
          {t('practitioners.roomFor', { name })}
        </label>
        <input
          id={`${id}-room`}
          form={`${id}-form`}
          value={room}
          maxLength={60}
          placeholder={t('practitioners.roomPlaceholder')}
          onChange={(event) => setRoom(event.target.value)}
        />
      </td>
      <td>
        <input
          type="checkbox"
          className="checkbox"
          form={`${id}-form`}
          aria-label={t('practitioners.ignoreFor', { name })}
          checked={ignore}
          onChange={(event) => setIgnore(event.target.checked)}
        />
      </td>
      <td>
        <input
          type="checkbox"
          className="checkbox"
          form={`${id}-form`}
          aria-label={t('practitioners.noVideoFor', { name })}
          checked={noVideo}
          onChange={(event) => setNoVideo(event.target.checked)}
        />
      </td>
      <td className="practitioners__save">
        <button type="submit" form={`${id}-form`} className="primary" disabled={!dirty || save.isPending} aria-label={t('practitioners.saveFor', { name })}>
          {save.isPending ? t('common.saving') : t('common.save')}
        </button>
        {save.isError && (
          <p className="problem" role="alert">
            {t('common.failed', { error: save.error.message })}
          </p>
        )}
      </td>
    </tr>
  );
}

/** Settings for an id the PMS has not shown yet (the host keeps them until the practitioner appears). */
function AddById() {
  const { t } = useTranslation();
  const save = useSavePractitioner();
  const [id, setId] = useState('');
  const [room, setRoom] = useState('');
  const [ignore, setIgnore] = useState(false);
  const [noVideo, setNoVideo] = useState(false);
  const [missing, setMissing] = useState(false);
  const [done, setDone] = useState<string | undefined>();
  const field = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const patch: PractitionerPatch = {};
    if (room.trim()) patch.room = room.trim();
    if (ignore) patch.ignore = true;
    if (noVideo) patch.noVideo = true;
    setDone(undefined);
    if (Object.keys(patch).length === 0) {
      setMissing(true);
      return;
    }
    setMissing(false);
    const practitionerId = id.trim();
    save.mutate(
      { id: practitionerId, patch },
      {
        onSuccess: () => {
          setDone(t('practitioners.added', { id: practitionerId }));
          setId('');
          setRoom('');
          setIgnore(false);
          setNoVideo(false);
        },
      },
    );
  };

  return (
    <section aria-labelledby={`${field}-heading`} className="admin-form">
      <h2 id={`${field}-heading`}>{t('practitioners.addHeading')}</h2>
      <p className="secondary">{t('practitioners.addIntro')}</p>
      <form onSubmit={submit} className="admin-form__row">
        <div className="field">
          <label htmlFor={`${field}-id`}>{t('practitioners.addId')}</label>
          <input id={`${field}-id`} value={id} required maxLength={200} onChange={(event) => setId(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${field}-room`}>{t('practitioners.addRoom')}</label>
          <input
            id={`${field}-room`}
            value={room}
            maxLength={60}
            placeholder={t('practitioners.roomPlaceholder')}
            onChange={(event) => setRoom(event.target.value)}
          />
        </div>
        <label className="check">
          <input type="checkbox" className="checkbox" checked={ignore} onChange={(event) => setIgnore(event.target.checked)} />
          {t('practitioners.addIgnore')}
        </label>
        <label className="check">
          <input type="checkbox" className="checkbox" checked={noVideo} onChange={(event) => setNoVideo(event.target.checked)} />
          {t('practitioners.addNoVideo')}
        </label>
        <button type="submit" className="primary" disabled={save.isPending}>
          {t('practitioners.add')}
        </button>
      </form>
      <div role="status">{done && <p className="admin-form__done">{done}</p>}</div>
      {missing && (
        <p className="problem" role="alert">
          {t('practitioners.needsSetting')}
        </p>
      )}
      {save.isError && (
        <p className="problem" role="alert" data-testid="add-practitioner-error">
          {t('common.failed', { error: save.error.message })}
        </p>
      )}
    </section>
  );
}
