import { DateTime } from 'luxon';

/**
 * Clinic-calendar arithmetic. Luxon is slow compared with number comparisons, so a pass
 * builds one {@link ClinicCalendar} (a handful of day boundaries) and every appointment is
 * then placed with plain `<` comparisons.
 */

/** Epoch ms of midnight (start of today) in the clinic's time zone. */
export function clinicDayStart(now: number, timeZone: string): number {
  return DateTime.fromMillis(now, { zone: timeZone }).startOf('day').toMillis();
}

/** Parses `"HH:MM"` (24 h) into minutes after midnight; undefined when malformed. */
export function parseClockTime(text: string): number | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 24 || minutes > 59 || (hours === 24 && minutes !== 0)) return undefined;
  return hours * 60 + minutes;
}

/**
 * True when `minuteOfDay` lies in the sending window `[start, end)`. A window whose end is
 * before its start runs across midnight (e.g. 20:00–08:00). A malformed window allows
 * everything, so a config mistake never silences the clinic (the config validator reports it).
 */
export function insideWindow(minuteOfDay: number, window: { start: string; end: string }): boolean {
  const start = parseClockTime(window.start);
  const end = parseClockTime(window.end);
  if (start === undefined || end === undefined || start === end) return true;
  return start < end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end;
}

/** Day boundaries and clock facts for one pass, computed once. */
export interface ClinicCalendar {
  now: number;
  timeZone: string;
  /** `dayStarts[i]` = epoch ms of midnight i days after today (clinic time); `dayStarts[0]` is today. */
  dayStarts: readonly number[];
  /** Today's clinic date, `yyyy-mm-dd`. */
  today: string;
  /** Minutes since clinic midnight, now. */
  minuteOfDay: number;
}

/**
 * Today's boundaries per (zone, days ahead), reused by every pass of the same clinic day:
 * luxon is the slow part of starting a pass. Entries are replaced when the day changes.
 */
const dayCache = new Map<string, { dayStarts: readonly number[]; today: string }>();

const DAY_MS = 86_400_000;

/**
 * Builds the calendar for a pass covering today and the next `daysAhead` days.
 * DST-safe: boundaries are calendar midnights in the zone, not multiples of 24 h.
 */
export function clinicCalendar(now: number, timeZone: string, daysAhead: number): ClinicCalendar {
  const cacheKey = `${timeZone}|${daysAhead}`;
  const cached = dayCache.get(cacheKey);
  if (cached && now >= cached.dayStarts[0]! && now < cached.dayStarts[1]!) {
    const dayLength = cached.dayStarts[1]! - cached.dayStarts[0]!;
    // On a 24-hour day the clock reading is plain arithmetic; DST-change days ask luxon.
    const minuteOfDay = dayLength === DAY_MS ? Math.floor((now - cached.dayStarts[0]!) / 60_000) : minuteOfDayIn(now, timeZone);
    return { now, timeZone, dayStarts: cached.dayStarts, today: cached.today, minuteOfDay };
  }
  const local = DateTime.fromMillis(now, { zone: timeZone });
  const midnight = local.startOf('day');
  const dayStarts: number[] = [];
  for (let i = 0; i <= Math.max(0, daysAhead) + 1; i++) dayStarts.push(midnight.plus({ days: i }).toMillis());
  const today = midnight.toISODate() ?? '';
  if (dayCache.size >= 16) dayCache.clear();
  // Shared by every calendar of the day, so frozen.
  Object.freeze(dayStarts);
  dayCache.set(cacheKey, { dayStarts, today });
  return { now, timeZone, dayStarts, today, minuteOfDay: local.hour * 60 + local.minute };
}

function minuteOfDayIn(now: number, timeZone: string): number {
  const local = DateTime.fromMillis(now, { zone: timeZone });
  return local.hour * 60 + local.minute;
}

/**
 * Day index of `ms` relative to today in clinic time: 0 = today, 1 = tomorrow, …;
 * -1 for anything before today, `Infinity` beyond the calendar's range.
 */
export function dayIndexOf(calendar: ClinicCalendar, ms: number): number {
  const starts = calendar.dayStarts;
  if (ms < starts[0]!) return -1;
  for (let i = 1; i < starts.length; i++) if (ms < starts[i]!) return i - 1;
  return Number.POSITIVE_INFINITY;
}

/** The clinic date (`yyyy-mm-dd`) of an instant. */
export function clinicDateOf(ms: number, timeZone: string): string {
  return DateTime.fromMillis(ms, { zone: timeZone }).toISODate() ?? '';
}
