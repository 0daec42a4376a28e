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
 */

const REPLY_VERBS = new Set(['reply', 'text', 'send', 'respond', 'answer']);
const LETTER_AFTER = new Set([...REPLY_VERBS, 'or']);

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

// A quoted word (straight or curly quotes), or a bare word. The closing quote must follow
// the letters directly, so apostrophes inside words (we'll, don't) are not quotes.
const TOKEN = /(["'\u2018\u201c])([A-Za-z]+)["'\u2019\u201d](?![A-Za-z])|([A-Za-z]+)/g;

/**
 * The words (lower case, first occurrence order, no repeats) that `template` asks the
 * patient to reply. See the module comment for the rules.
 *
 * @example replyWordsIn('Reply YES for a video consult, NO to come in.') // ['yes', 'no']
 */
export function replyWordsIn(template: string): string[] {
  const found: string[] = [];
  for (const sentence of literalText(template).split(/[.!?\n]+/)) {
    let afterVerb = false;
    let previous = '';
    let phrase: { word: string; end: number; added: boolean } | undefined;
    for (const match of sentence.matchAll(TOKEN)) {
      const quoted = match[2];
      const bare = match[3];
      const lower = (quoted ?? bare ?? '').toLowerCase();
      if (!afterVerb) {
        afterVerb = bare !== undefined && REPLY_VERBS.has(lower);
        previous = lower;
        continue;
      }
      const isCapitals = bare !== undefined && /^[A-Z]{2,}$/.test(bare);
      const isReplyWord = quoted !== undefined || isCapitals || (bare !== undefined && /^[A-Z]$/.test(bare) && LETTER_AFTER.has(previous));
      // Capital words next to each other are one reply, as the engine reads it: "NO GUEST" is `noguest`.
      const joinsPrevious = isCapitals && phrase !== undefined && /^\s+$/.test(sentence.slice(phrase.end, match.index));
      if (joinsPrevious) {
        const joined = phrase!.word + lower;
        found.splice(found.indexOf(phrase!.word), phrase!.added ? 1 : 0);
        const added = !found.includes(joined);
        if (added) found.push(joined);
        phrase = { word: joined, end: match.index + match[0].length, added };
      } else {
        if (isReplyWord && !found.includes(lower)) found.push(lower);
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
 */
export function replyWordProblems(templateName: string, template: string, accepted?: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const isHelp = templateName === 'Help';
  for (const word of replyWordsIn(template)) {
    if (isHelp && CARRIER_WORDS.has(word)) continue;
    if (OPT_OUT_WORDS.has(word)) {
      problems.push(`asks patients to reply "${word.toUpperCase()}", which opts their number out of all texts at the carrier`);
    } else if (accepted && !accepted.has(word)) {
      problems.push(
        `asks patients to reply "${word.toUpperCase()}", which is not a keyword the host understands` +
          ` (add it to workflow.keywords; if it is not meant as a reply, write it in lower case)`,
      );
    }
  }
  return problems;
}
