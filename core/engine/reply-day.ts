import { DateTime, Info } from 'luxon';
import { dayIndexOf, type ClinicCalendar } from './calendar.js';
import { ENGLISH, listFor, type ReplyWordLists } from './keyword-lists.js';
import { normaliseReplyFor } from './normalise-reply.js';
import { resolveLanguage } from '../i18n/language.js';
import type { Intent } from './workflow-settings.js';

/**
 * A reply that names the day it is about ("YES TOMORROW", "no mañana", "是明天"): when one phone
 * has more than one open question, the day says which. Replies are normalised to letters run
 * together before they are read ("yestomorrow"), so the day word is found at the start or the
 * end of the normalised text and the rest must be a reply word on its own.
 */

/** The day a reply names: today, tomorrow, or a weekday (ISO: 1 = Monday … 7 = Sunday). */
export type NamedDay = { kind: 'today' } | { kind: 'tomorrow' } | { kind: 'weekday'; weekday: number };

/** A reply word and the day named with it. */
export interface AnswerWithDay {
  intent: Intent;
  day: NamedDay;
}

/** Today and tomorrow per shipped language, as typed (normalised when read). */
const RELATIVE_DAYS: Readonly<Record<string, { today: readonly string[]; tomorrow: readonly string[] }>> = {
  en: { today: ['today', 'tday'], tomorrow: ['tomorrow', 'tmrw', 'tmr', 'tomoz'] },
  es: { today: ['hoy'], tomorrow: ['mañana'] },
  vi: { today: ['hôm nay', 'bữa nay'], tomorrow: ['ngày mai', 'mai'] },
  'zh-Hans': { today: ['今天', '今日'], tomorrow: ['明天', '明日'] },
  ar: { today: ['اليوم', 'النهارده'], tomorrow: ['غدا', 'غداً', 'بكرة', 'بكره'] },
};

const SHIPPED_DAY_TAGS = Object.keys(RELATIVE_DAYS);

/** Vietnamese is often typed without its marks ("hom nay"): read both ways. */
function withoutVietnameseMarks(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').normalize('NFC');
}

/** Normalised day word → day, for one list tag (memoised: luxon's weekday names are slow to build). */
const dayWordCache = new Map<string, ReadonlyMap<string, NamedDay>>();

/** The day words of a language, normalised as that language's replies are read. */
export function dayWordsFor(tag: string): ReadonlyMap<string, NamedDay> {
  const cached = dayWordCache.get(tag);
  if (cached) return cached;
  const words = new Map<string, NamedDay>();
  const add = (raw: string, day: NamedDay) => {
    const word = normaliseReplyFor(raw, tag);
    if (word === '') return;
    if (!words.has(word)) words.set(word, day);
    if (tag === 'vi') {
      const bare = withoutVietnameseMarks(word);
      if (!words.has(bare)) words.set(bare, day);
    }
  };
  const relative = RELATIVE_DAYS[tag];
  for (const word of relative?.today ?? []) add(word, { kind: 'today' });
  for (const word of relative?.tomorrow ?? []) add(word, { kind: 'tomorrow' });
  for (const style of ['long', 'short'] as const) {
    let names: string[] = [];
    try {
      names = Info.weekdays(style, { locale: tag });
    } catch {
      // A tag Intl cannot read has relative words at most.
    }
    names.forEach((name, index) => add(name, { kind: 'weekday', weekday: index + 1 }));
  }
  dayWordCache.set(tag, words);
  return words;
}

function sameDay(a: NamedDay, b: NamedDay): boolean {
  return a.kind === b.kind && (a.kind !== 'weekday' || a.weekday === (b as { weekday: number }).weekday);
}

/** Every way `text` (normalised for `tag`) splits into a day word and a reply word of `tag`'s list, or English. */
function readingsIn(text: string, tag: string, lists: ReplyWordLists): AnswerWithDay[] {
  const own = lists.byLanguage.get(tag);
  const english = lists.byLanguage.get(ENGLISH);
  const found: AnswerWithDay[] = [];
  // English day words are read for a patient of any language ("sí tomorrow").
  const days = tag === ENGLISH ? [...dayWordsFor(tag)] : [...dayWordsFor(tag), ...dayWordsFor(ENGLISH)];
  for (const [word, day] of days) {
    if (word.length >= text.length) continue;
    const rests: string[] = [];
    if (text.startsWith(word)) rests.push(text.slice(word.length));
    if (text.endsWith(word)) rests.push(text.slice(0, text.length - word.length));
    for (const rest of rests) {
      const intent = own?.get(rest) ?? english?.get(rest);
      if (intent !== undefined) found.push({ intent, day });
    }
  }
  return found;
}

/**
 * The reply word and the day a reply names, read in the languages of the appointments it may be
 * about (and English, whose day words every patient may use). Undefined when the reply is not
 * one reply word plus one day word, or when it reads two different ways: never a guess.
 *
 * @example answerWithDay('YES TOMORROW', ['en'], lists) // { intent: 'yes', day: { kind: 'tomorrow' } }
 * @example answerWithDay('no mañana', ['es'], lists) // { intent: 'no', day: { kind: 'tomorrow' } }
 */
export function answerWithDay(body: string, languages: readonly (string | undefined)[], lists: ReplyWordLists): AnswerWithDay | undefined {
  const tags = new Set<string>();
  for (const language of languages) {
    const tag = listFor(lists, language);
    if (tag !== undefined) tags.add(tag);
  }
  tags.add(ENGLISH);
  const readings: AnswerWithDay[] = [];
  for (const tag of tags) readings.push(...readingsIn(normaliseReplyFor(body, tag), tag, lists));
  const [first] = readings;
  if (!first) return undefined;
  return readings.every((r) => r.intent === first.intent && sameDay(r.day, first.day)) ? first : undefined;
}

/**
 * The reply word of a normalised reply that starts or ends with one of the day words of
 * `language` (or English), or undefined: what a text asking for "YES TODAY" asks for, for
 * the template checks (`yestoday` → `yes`).
 */
export function replyWithDay(normalised: string, language?: string): string | undefined {
  const tags = new Set([resolveLanguage(language, SHIPPED_DAY_TAGS) ?? ENGLISH, ENGLISH]);
  for (const tag of tags) {
    for (const word of dayWordsFor(tag).keys()) {
      if (word.length >= normalised.length) continue;
      if (normalised.endsWith(word)) return normalised.slice(0, normalised.length - word.length);
      if (normalised.startsWith(word)) return normalised.slice(word.length);
    }
  }
  return undefined;
}

/** True when the appointment starting at `startMs` falls on the named day (clinic time). */
export function isOnDay(day: NamedDay, startMs: number, calendar: ClinicCalendar): boolean {
  const index = dayIndexOf(calendar, startMs);
  if (day.kind === 'today') return index === 0;
  if (day.kind === 'tomorrow') return index === 1;
  // A weekday means the next one: the questions are at most a few days ahead.
  return index >= 0 && index < 7 && DateTime.fromMillis(startMs, { zone: calendar.timeZone }).weekday === day.weekday;
}
