import { useTranslation } from 'react-i18next';
import { useActivity, usePractitioners, type ActivityEntry } from '../api/admin-queries';
import { useHostStatus } from '../api/queries';
import { PageHeading } from '../components/PageHeading';
import { QueryProblem } from '../components/QueryProblem';
import { clinicDateTime } from '../format';
import { templateTitle } from './TemplatesPage';
import './admin.css';

type Translate = ReturnType<typeof useTranslation>['t'];

/** Staff actions, newest first, in clinic time; live on the `activity` topic. */
export function ActivityPage() {
  const { t } = useTranslation();
  const activity = useActivity();
  const status = useHostStatus();
  const names = usePractitionerNames();
  const zone = status.data?.clinic.timeZone;

  return (
    <>
      <PageHeading title={t('activity.heading')}>
        <p className="page-heading__sub">{t('activity.intro')}</p>
      </PageHeading>
      {activity.isError ? (
        <QueryProblem error={activity.error} retry={() => void activity.refetch()} />
      ) : activity.isPending ? (
        <p>{t('app.loading')}</p>
      ) : activity.data.length === 0 ? (
        <p className="notice">{t('activity.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="activity">
            <thead>
              <tr>
                <th scope="col">{t('activity.col.when')}</th>
                <th scope="col">{t('activity.col.who')}</th>
                <th scope="col">{t('activity.col.what')}</th>
              </tr>
            </thead>
            <tbody>
              {activity.data.map((entry) => (
                <tr key={entry.id} data-action={entry.action}>
                  <td className="activity__when">
                    <time dateTime={entry.at}>{clinicDateTime(entry.at, zone)}</time>
                  </td>
                  <td className="activity__who">{actorInWords(t, entry.actor)}</td>
                  <td>{actionInWords(t, entry, names)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** Practitioner names for the log's ids (any staff member may read the list; an unknown id stays an id). */
function usePractitionerNames(): Map<string, string> {
  const practitioners = usePractitioners();
  return new Map((practitioners.data ?? []).map((p) => [p.practitionerId, p.name ?? p.practitionerId]));
}

function actorInWords(t: Translate, actor: string): string {
  return t(`activity.actor.${actor}` as 'activity.actor.local', { defaultValue: actor });
}

/** "changed the template “Doctor is ready”", "changed Dr Lee: room, no texts". */
export function actionInWords(t: Translate, entry: ActivityEntry, practitioners: Map<string, string>): string {
  const detail = entry.detail ?? {};
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(detail)) values[key] = String(value);
  if (typeof detail.template === 'string') values.template = templateTitle(t, detail.template);
  if (typeof detail.practitionerId === 'string') values.practitioner = practitioners.get(detail.practitionerId) ?? detail.practitionerId;
  if (typeof detail.fields === 'string') {
    values.fields = detail.fields
      .split(',')
      .filter(Boolean)
      .map((field) => t(`activity.field.${field}` as 'activity.field.room', { defaultValue: field }))
      .join(', ');
  }
  if (entry.action === 'simulator' && typeof detail.what === 'string') {
    values.what = t(`activity.simulatorWhat.${detail.what}` as 'activity.simulatorWhat.save-appointment', { ...values, defaultValue: detail.what });
  }
  if (typeof detail.role === 'string') values.role = t(`users.role.${detail.role}` as 'users.role.admin', { defaultValue: detail.role });
  return t(`activity.action.${variantOf(entry)}` as 'activity.action.simulator', { ...values, defaultValue: entry.action });
}

/** Actions whose words depend on the detail: cleared or unmuted reads differently from set or muted. */
function variantOf(entry: ActivityEntry): string {
  const detail = entry.detail ?? {};
  if (entry.action === 'running-late' && detail.cleared === true) return 'running-late-cleared';
  if (entry.action === 'late-texts' && detail.muted === false) return 'late-texts-unmuted';
  return entry.action;
}
