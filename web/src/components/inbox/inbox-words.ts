import type { useTranslation } from 'react-i18next';

type T = ReturnType<typeof useTranslation>['t'];

/** Keys are known to the catalogue when the host sends a known value; anything else is shown as sent. */
export function reasonWords(t: T, reason: string): string {
  return t(`inbox.reason.${reason}` as 'inbox.reason.unexpected', { defaultValue: reason });
}

export function sendStatusWords(t: T, status: string): string {
  return t(`inbox.status.${status}` as 'inbox.status.sent', { defaultValue: status });
}

export function deliveryWords(t: T, status: string): string {
  return t(`inbox.delivery.${status}` as 'inbox.delivery.sent', { defaultValue: status });
}

export function templateWords(t: T, template: string): string {
  return t(`template.${template}` as 'template.Registration', { defaultValue: template });
}

/** A text that did not reach the patient, or may not have: reception should look. */
export function notDelivered(text: { status?: string; deliveryStatus?: string }): boolean {
  return text.deliveryStatus === 'undelivered' || text.deliveryStatus === 'failed' || text.status === 'failed' || text.status === 'unknown';
}

/** "Mon 23 Nov, 10:02" in the clinic's zone. */
export function clinicDayTime(iso: string, timeZone: string | undefined): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(date);
}
