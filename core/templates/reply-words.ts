import { normaliseReplyFor } from '../engine/normalise-reply.js';
import { primaryLanguage } from '../i18n/language.js';
import { replyWithDay } from '../engine/reply-day.js';
import { replyGrammarFor } from './reply-language.js';

/**
 * "Templates and keywords must agree": find the words a template asks the patient to text
 * back, so that a template cannot ask for a word the engine would not understand.
 *
 * The heuristic, kept simple on purpose so that template authors can predict it:
 *
 * 1. Liquid markup (`{{ … }}`, `{% … %}`) is ignored; only the literal text counts.
 * 2. The text is cut into sentences at `.`, `!`, `?` and line breaks.
 * 3. In a sentence, everything after the first reply verb (`reply`, `text`, `send`,
 *    `respond`, `answer`, any case) is searched for reply words:
 *    - a word in quotes, any case: `reply "arrived"`, `reply 'yes'`;
 *    - a word in capitals of two or more letters: `reply YES …, NO to come in`, `or NO`;
 *    - a single capital letter right after the verb or after `or`: `reply Y or N`;
 *    - capital words next to each other are one reply, read as the engine reads it (letters
 *      only): `reply NO GUEST` asks for `noguest`.
 *
 * So reply words should be written in CAPITALS or in quotes (clearer for patients, too).
 * Capitalised words before the verb (`Call the GP or reply YES`) are not reply words.
 *
 * In another language (issue 16) the same rules run with that language's reply verbs and "or"
 * (core/templates/reply-language.ts: `Responda SÍ`, `Trả lời CÓ`, `回复「是」`, `أرسل «نعم»`),
 * any script's capitals and letters, the quotes «…», 「…」 and 『…』 (which may hold several
 * words: `«بدون ضيف»` asks for `بدونضيف`), and the words read as the normaliser reads them for
 * that language (`SÍ` asks for `si`). Scripts without capitals (Chinese, Arabic) are checked
 * only where the word is quoted; a plain word there is not seen.
 */

/** Words carriers handle themselves; only the Help text may mention them. */
export const CARRIER_WORDS: ReadonlySet<string> = new Set(['stop', 'start', 'help']);

/**
 * Words that opt the number out at the carrier (Twilio blocks further texts on them).
 * A template must never ask a patient to send one, except STOP in Help, to opt out.
 */
export const OPT_OUT_WORDS: ReadonlySet<string> = new Set(['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit']);

/** Removes Liquid markup, keeping sentence boundaries intact. */
function literalText(template: string): string {
  // A mark that is neither a word nor a space: words on either side of markup are not one phrase.
  return template.replace(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g, ' \u0001 ');
}

// A quoted word (straight or curly quotes), a quoted phrase in «», 「」 or 『』, or a bare word
// (a run of Han characters is a word of its own, so "回复STOP" is a verb and a reply word).
// The closing quote must follow the letters directly, so apostrophes inside words (we'll,
// don't) are not quotes.
const TOKEN =
  /(["'\u2018\u201c])([\p{L}\p{M}]+)["'\u2019\u201d](?![\p{L}\p{M}])|([\u00ab\u300c\u300e])\s*([\p{L}\p{M}]+(?:\s+[\p{L}\p{M}]+)*)\s*[\u00bb\u300d\u300f]|(\p{sc=Han}+|(?:(?!\p{sc=Han})[\p{L}\p{M}])+)/gu;

/** Sentence ends, Chinese and Arabic ones included. */
const SENTENCE_END = /[.!?\n\u3002\uff01\uff1f\u061f]+/;

const CAPITALS = /^\p{Lu}[\p{Lu}\p{M}]+$/u;
const CAPITAL = /^\p{Lu}\p{M}*$/u;

/**
 * The words (as the engine reads them for `language`, first occurrence order, no repeats) that
 * `template` asks the patient to reply. See the module comment for the rules.
 *
 * @param language the text's language (BCP 47); absent is English.
 * @example replyWordsIn('Reply YES for a video consult, NO to come in.') // ['yes', 'no']
 * @example replyWordsIn('Responda SÍ para una videoconsulta.', 'es') // ['si']
 */
export function replyWordsIn(template: string, language?: string): string[] {
  const grammar = replyGrammarFor(language);
  const read = (word: string) => normaliseReplyFor(word, language);
  const isVerb = (word: string, previous: string) =>
    grammar.verbs.has(word) || grammar.verbs.has(`${previous} ${word}`) || (grammar.unspaced && [...grammar.verbs].some((verb) => word.includes(verb)));
  const found: string[] = [];
  for (const sentence of literalText(template).split(SENTENCE_END)) {
    let afterVerb = false;
    let previous = '';
    let phrase: { word: string; end: number; added: boolean } | undefined;
    for (const match of sentence.matchAll(TOKEN)) {
      const quoted = match[2] ?? match[4];
      const bare = match[5];
      const lower = read(quoted ?? bare ?? '');
      if (!afterVerb) {
        afterVerb = bare !== undefined && isVerb(lower, previous);
        previous = lower;
        continue;
      }
      const isCapitals = bare !== undefined && CAPITALS.test(bare);
      const isReplyWord =
        quoted !== undefined || isCapitals || (bare !== undefined && CAPITAL.test(bare) && (grammar.or.has(previous) || isVerb(previous, '')));
      // Capital words next to each other are one reply, as the engine reads it: "NO GUEST" is `noguest`.
      const joinsPrevious = isCapitals && phrase !== undefined && /^\s+$/.test(sentence.slice(phrase.end, match.index));
      if (joinsPrevious) {
        const joined = phrase!.word + lower;
        found.splice(found.indexOf(phrase!.word), phrase!.added ? 1 : 0);
        const added = !found.includes(joined);
        if (added) found.push(joined);
        phrase = { word: joined, end: match.index + match[0].length, added };
      } else {
        if (isReplyWord && lower !== '' && !found.includes(lower)) found.push(lower);
        phrase = isCapitals ? { word: lower, end: match.index + match[0].length, added: found[found.length - 1] === lower } : undefined;
      }
      previous = lower;
    }
  }
  return found;
}

/**
 * Problems with the reply words of one template (empty when it is fine):
 * opt-out words anywhere but STOP in Help; and, when `accepted` is given, words the engine
 * does not accept (carrier words are allowed in Help).
 *
 * @param accepted for a text in another language, the words a patient of that language is
 *   understood with: that language's list plus the English fallback (`acceptedWordsIn`).
 * @param language the text's language (BCP 47); absent is English.
 */
export function replyWordProblems(templateName: string, template: string, accepted?: ReadonlySet<string>, language?: string): string[] {
  const problems: string[] = [];
  const isHelp = templateName === 'Help';
  const english = language === undefined || primaryLanguage(language) === 'en';
  const addTo = english ? 'workflow.keywords' : `workflow.keywordsByLanguage.${language}`;
  for (const found of replyWordsIn(template, language)) {
    // "YES TODAY" asks for YES with the day it means (core/engine/reply-day.ts): the word is YES.
    const word = replyWithDay(found, language) ?? found;
    if (isHelp && CARRIER_WORDS.has(word)) continue;
    if (OPT_OUT_WORDS.has(word)) {
      problems.push(`asks patients to reply "${word.toUpperCase()}", which opts their number out of all texts at the carrier`);
    } else if (accepted && !accepted.has(word) && !accepted.has(found)) {
      problems.push(
        `asks patients to reply "${found.toUpperCase()}", which is not a keyword the host understands` +
          ` (add it to ${addTo}; if it is not meant as a reply, write it in lower case)`,
      );
    }
  }
  return problems;
}
