/** Clinic-time formatting and the masked number; the browser's zone is never used. */

/** "09:30" in the clinic's zone. */
export function clinicTime(iso: string, timeZone: string | undefined): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(date);
}

/** "Saturday 5 December" in the clinic's zone. */
export function clinicDate(when: Date, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone }).format(when);
}

/** "5 Dec, 09:30:12" in the clinic's zone, for logs and errors. */
export function clinicDateTime(iso: string, timeZone: string | undefined): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(date);
}

/** "•••678": only the last three digits, the way reception reads a number back to a patient. */
export function maskPhone(number: string | undefined): string | undefined {
  if (!number) return undefined;
  const digits = number.replace(/\D/g, '');
  return digits.length < 3 ? '•••' : `•••${digits.slice(-3)}`;
}
