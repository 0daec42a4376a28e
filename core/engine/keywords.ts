import type { Intent } from './workflow-settings.js';
import type { EngineSettings } from './decisions.js';
import { normaliseReplyFor } from './normalise-reply.js';

export { normaliseReplyFor } from './normalise-reply.js';

/** The intents in a fixed order (for messages and iteration). */
export const INTENTS: readonly Intent[] = ['yes', 'no', 'arrived', 'joined', 'guest', 'code', 'refuseGuest', 'wait'];

/** Words every clinic gets; config adds to them (`workflow.keywords`). */
export const DEFAULT_KEYWORDS: Readonly<Record<Intent, readonly string[]>> = {
  yes: ['yes', 'y'],
  no: ['no', 'n'],
  arrived: ['arrived', 'here', 'a'],
  joined: ['joined', 'ok', 'j', 'ready'],
  /** A patient in a video consult asks for a link to pass on to a guest. */
  guest: ['guest'],
  /** A patient whose video link asks for a code (`video.verifyJoin`) asks for a new one. */
  code: ['code'],
  /**
   * The patient refuses the guests reception booked. Replies are normalised to letters and digits
   * first, so "NO GUEST", "No guest!" and "noguest" all read `noguest`: never `no`, nor an opt-out word.
   */
  refuseGuest: ['noguest', 'noguests'],
  /**
   * A patient with an appointment today asks how long the wait is (issue 18). Normalised like
   * every reply, so "How long?" reads `howlong`.
   */
  wait: ['wait', 'howlong', 'howmuchlonger', 'howlongnow', 'delay'],
};

/**
 * Carrier opt-out words (Twilio's defaults). The carrier blocks the number on them and
 * later sends fail, so they can never be workflow keywords.
 */
export const OPT_OUT_WORDS: ReadonlySet<string> = new Set(['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit']);

/**
 * Carrier opt-in words. Twilio also treats `yes` as an opt-in *for an opted-out number*;
 * the engine mirrors that in the incoming handler, so `yes` stays a workflow word otherwise.
 */
export const OPT_IN_WORDS: ReadonlySet<string> = new Set(['start', 'unstop']);

/** The opt-in word that is also a workflow word (see {@link OPT_IN_WORDS}). */
export const OPTED_OUT_YES = 'yes';

/** Help words: the clinic answers with the `Help` template. */
export const HELP_WORDS: ReadonlySet<string> = new Set(['help', 'info']);

/**
 * A reply as an English patient's reads (`normaliseReplyFor(text)`): NFKC, lower case, letters
 * and digits of any script, so "Yes!", " YES " and "y.e.s" all read `yes`. One argument, so it
 * can be mapped over a list; other languages use {@link normaliseReplyFor}.
 */
export function normaliseReply(text: string): string {
  return normaliseReplyFor(text);
}

/** Why a word cannot be a workflow keyword, or undefined when it can. */
export function reservedReason(word: string): string | undefined {
  if (OPT_OUT_WORDS.has(word)) return 'is a carrier opt-out word';
  if (OPT_IN_WORDS.has(word)) return 'is a carrier opt-in word';
  if (HELP_WORDS.has(word)) return 'is a help word';
  return undefined;
}

/**
 * Checks config keyword extras: words reserved for opt-out/opt-in/help, words that normalise
 * to nothing, and words listed under two intents (or clashing with another intent's
 * default). One readable problem per offending entry, naming the config key.
 */
export function keywordProblems(keywords: Partial<Record<Intent, string[]>>): string[] {
  const problems: string[] = [];
  const owner = new Map<string, Intent>();
  for (const intent of INTENTS) for (const word of DEFAULT_KEYWORDS[intent]) owner.set(word, intent);
  for (const intent of INTENTS) {
    for (const raw of keywords[intent] ?? []) {
      const word = normaliseReply(raw);
      const where = `workflow.keywords.${intent}`;
      if (word === '') {
        problems.push(`${where}: "${raw}" has no letters or digits, so no reply can match it`);
        continue;
      }
      const reserved = reservedReason(word);
      if (reserved) {
        problems.push(`${where}: "${raw}" ${reserved} and cannot be a workflow keyword`);
        continue;
      }
      const other = owner.get(word);
      if (other !== undefined && other !== intent) {
        problems.push(`${where}: "${raw}" is already a keyword for "${other}"; a word can mean only one thing`);
        continue;
      }
      owner.set(word, intent);
    }
  }
  return problems;
}

/**
 * Normalised word → intent: defaults plus config extras. Extras that {@link keywordProblems}
 * would reject are skipped (first owner wins), so a bad config can never turn STOP into a
 * workflow word even if validation was bypassed.
 */
export function buildKeywordMap(extras: Partial<Record<Intent, string[]>> = {}): Map<string, Intent> {
  const map = new Map<string, Intent>();
  for (const intent of INTENTS) for (const word of DEFAULT_KEYWORDS[intent]) map.set(word, intent);
  for (const intent of INTENTS) {
    for (const raw of extras[intent] ?? []) {
      const word = normaliseReply(raw);
      if (word === '' || reservedReason(word) || map.has(word)) continue;
      map.set(word, intent);
    }
  }
  return map;
}

/** Every word the engine reacts to (workflow keywords, opt-out, opt-in, help), for the template checker. */
export function acceptedWords(settings: Pick<EngineSettings, 'keywords'>): Set<string> {
  return new Set([...settings.keywords.keys(), ...OPT_OUT_WORDS, ...OPT_IN_WORDS, OPTED_OUT_YES, ...HELP_WORDS]);
}
