import { primaryLanguage } from '../i18n/language.js';

/**
 * Languages whose readers drop accents when they type in a hurry and where an accent never
 * turns one reply word into another: "sí" and "si" are one answer in Spanish.
 */
const FOLDS_LATIN_DIACRITICS: ReadonlySet<string> = new Set(['es', 'pt', 'fr', 'it', 'ca', 'de']);

/** Emoji and text presentation selectors, which are marks but never part of a word. */
const VARIATION_SELECTORS = /[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu;

/** Arabic short vowels and other harakat (U+064B–U+065F), the superscript alef, and tatweel. */
const ARABIC_MARKS = /[\u064B-\u065F\u0670\u0640]/g;
/** Alef with hamza above or below, or madda: typed interchangeably with the bare alef. */
const ARABIC_ALEF_FORMS = /[\u0623\u0625\u0622]/g;

/**
 * A reply as the keyword lists read it: NFKC (full-width `ＹＥＳ` and compatibility forms become
 * plain), lower case (locale-independent), then only letters, combining marks and digits, so
 * "Yes!", " YES " and "y.e.s" all read `yes` and "No guest" reads `noguest`. Any script is kept
 * (Cyrillic, Han, Arabic, Vietnamese with its tones). Then the rules of the patient's language:
 * Spanish, Portuguese, French, Italian, Catalan and German fold Latin diacritics ("sí" → `si`);
 * Arabic drops harakat and tatweel and unifies the alef forms. Every other language, English
 * included, keeps the marks: in Vietnamese they change the word, and an English patient's "sí"
 * must not read `si` (nor, as it once did, `s`).
 *
 * @param language the patient's BCP 47 tag (`es`, `vi`, `zh-CN`); absent reads as English.
 * @example normaliseReplyFor('Sí!', 'es') // 'si'
 * @example normaliseReplyFor('Có', 'vi') // 'có'
 */
export function normaliseReplyFor(text: string, language?: string): string {
  const kept = text
    .normalize('NFKC')
    .toLowerCase()
    // Marks count only on a letter or digit: an emoji's variation selector ("✔️"), or a mark
    // left on punctuation, must not make "Yes ✔️" unreadable.
    .replace(VARIATION_SELECTORS, '')
    .replace(/[^\p{L}\p{M}\p{N}]\p{M}*/gu, '')
    .replace(/^\p{M}+/u, '');
  const primary = language === undefined ? '' : primaryLanguage(language);
  if (FOLDS_LATIN_DIACRITICS.has(primary)) return kept.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
  if (primary === 'ar') return kept.replace(ARABIC_MARKS, '').replace(ARABIC_ALEF_FORMS, '\u0627');
  return kept;
}
