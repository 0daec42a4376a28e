import { DateTime } from 'luxon';
import { formatStart, type RenderContext } from './variables.js';

/** Instants a send carries for its template (`SendEffect.times`), as epoch ms. */
export type SendTimes = NonNullable<RenderContext['times']>;

/** The instants as the text shows them, in the clinic's zone and the text's locale. */
export interface FormattedTimes {
  /** A time of day, e.g. `10:40 am`. */
  estimate?: string;
  /** Day and time of each start, as one list: `Fri 5 Dec, 2:00 pm or Tue 9 Dec, 9:30 am`. */
  choices?: string;
}

function formatted(ms: number, timeZone: string, locale: string) {
  const iso = DateTime.fromMillis(ms, { zone: timeZone }).toISO();
  const result = iso === null ? undefined : formatStart(iso, timeZone, locale);
  if (!result) throw new Error('a time for the text is not usable');
  return result;
}

/** "a, b or c" in the locale's words; a plain join when the runtime has no list formatting for it. */
function orList(items: string[], locale: string): string {
  try {
    return new Intl.ListFormat(locale, { type: 'disjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}

/**
 * Formats a send's instants like `{{ Appointment.start }}` is formatted (formatStart): the
 * estimate as a time, the choices each as day and time, joined as alternatives ("or").
 * @throws Error (no patient detail) when an instant cannot be formatted.
 */
export function formatTimes(times: SendTimes, timeZone: string, locale: string): FormattedTimes {
  const out: FormattedTimes = {};
  if (times.estimate !== undefined) out.estimate = formatted(times.estimate, timeZone, locale).time;
  if (times.choices !== undefined && times.choices.length > 0) {
    out.choices = orList(
      times.choices.map((ms) => formatted(ms, timeZone, locale).full),
      locale,
    );
  }
  return out;
}

/** The context with its `times` formatted into `estimate` and `choices` (what the template reads). */
export function withFormattedTimes(ctx: RenderContext, timeZone: string, locale: string): RenderContext {
  if (!ctx.times) return ctx;
  return { ...ctx, ...formatTimes(ctx.times, timeZone, locale) };
}
