import type { ClinicInfo } from '@clinic-arrivals/plugin-kit';
import { formatStart } from '../../templates/variables.js';
import type { AlertVariables } from '../admin-notifier.js';
import type { WatchedRole } from './alert-settings.js';
import type { AlertNotice } from './alert-state.js';

/** What each role is called in alerts: words an admin knows, not plugin ids. */
const SYSTEM_NAMES: Record<WatchedRole, string> = { sms: 'texting', pms: 'the PMS connection' };

/** The template behind each kind of notice. */
export function templateOf(notice: AlertNotice): 'AlertFailing' | 'AlertRecovered' {
  return notice.kind === 'alert' ? 'AlertFailing' : 'AlertRecovered';
}

/** The alert templates' variables: what fails, its code, and since when in the clinic's time. */
export function alertVariables(notice: AlertNotice, clinic: ClinicInfo): AlertVariables {
  const since = formatStart(new Date(notice.failingSince).toISOString(), clinic.timeZone, clinic.locale)?.full ?? new Date(notice.failingSince).toISOString();
  return { system: SYSTEM_NAMES[notice.role], code: notice.code, since };
}

/** The email subject: the clinic and what happened, so a shared mailbox sorts itself. */
export function alertSubject(notice: AlertNotice, clinic: ClinicInfo): string {
  const system = SYSTEM_NAMES[notice.role];
  return notice.kind === 'alert' ? `Clinic Arrivals alert at ${clinic.name}: ${system} is failing` : `Clinic Arrivals at ${clinic.name}: ${system} works again`;
}

/** The outbox key of a notice's text: one text per notice, however often it is asked for. */
export function alertSendKey(notice: AlertNotice): string {
  return `admin:${templateOf(notice)}:${notice.role}:${new Date(notice.failingSince).toISOString()}`;
}
