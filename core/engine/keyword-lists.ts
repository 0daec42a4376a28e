import { resolveLanguage } from '../i18n/language.js';
import type { EngineSettings } from './decisions.js';
import { SHIPPED_KEYWORDS } from './keywords-by-language.js';
import { acceptedWords, buildKeywordMap, INTENTS, reservedReason } from './keywords.js';
import { normaliseReplyFor } from './normalise-reply.js';
import type { Intent, WorkflowSettings } from './workflow-settings.js';

/** Extra reply words per language, as `workflow.keywordsByLanguage` gives them (BCP 47 tag → intent → words). */
export type KeywordsByLanguage = Record<string, Partial<Record<Intent, string[]>>>;

/** The reply words of every language the host reads, built once from config. */
export interface ReplyWordLists {
  /** List tag (`en`, `es`, `vi`, `zh-Hans`, `ar`, or a language the config adds) → normalised word → intent. Always has `en`. */
  byLanguage: ReadonlyMap<string, ReadonlyMap<string, Intent>>;
  /** The language of an appointment the PMS gives none: the clinic's default. */
  defaultLanguage: string;
}

export const ENGLISH = 'en';

/** The tags of the shipped lists, English first. */
export const SHIPPED_LIST_TAGS: readonly string[] = [ENGLISH, ...Object.keys(SHIPPED_KEYWORDS)];

/**
 * The list a `workflow.keywordsByLanguage` key adds to: a shipped one it resolves to (`es-MX` →
 * `es`, `zh` → `zh-Hans`; lists are per language, not per region), else a list of its own (`uk`).
 */
export function listTagFor(configTag: string): string {
  return resolveLanguage(configTag, SHIPPED_LIST_TAGS) ?? configTag;
}

/** The config's per-language extras grouped by the list they add to, in config order. */
export function extrasByList(byLanguage: KeywordsByLanguage | undefined): Map<string, { key: string; words: Partial<Record<Intent, string[]>> }[]> {
  const grouped = new Map<string, { key: string; words: Partial<Record<Intent, string[]>> }[]>();
  for (const [key, words] of Object.entries(byLanguage ?? {})) {
    const tag = listTagFor(key);
    grouped.set(tag, [...(grouped.get(tag) ?? []), { key, words }]);
  }
  return grouped;
}

/** Adds words read with `tag`'s rules; a word already taken, reserved or empty is skipped (first owner wins). */
function addWords(map: Map<string, Intent>, tag: string, words: Partial<Record<Intent, readonly string[]>>): void {
  for (const intent of INTENTS) {
    for (const raw of words[intent] ?? []) {
      const word = normaliseReplyFor(raw, tag);
      if (word === '' || reservedReason(word) || map.has(word)) continue;
      map.set(word, intent);
    }
  }
}

/**
 * Every language's list: its shipped words, then `workflow.keywords` (which apply in every
 * language), then its `workflow.keywordsByLanguage` extras. English is `english` (the engine's
 * `keywords`) plus `keywordsByLanguage.en`. Words {@link keywordProblems} rejects are skipped, so
 * a bad config that bypassed validation still never makes STOP a workflow word.
 */
export function buildReplyWordLists(
  workflow: Pick<WorkflowSettings, 'keywords' | 'keywordsByLanguage'>,
  defaultLanguage = ENGLISH,
  english: ReadonlyMap<string, Intent> = buildKeywordMap(workflow.keywords),
): ReplyWordLists {
  const extras = extrasByList(workflow.keywordsByLanguage);
  const byLanguage = new Map<string, ReadonlyMap<string, Intent>>();
  for (const tag of new Set([...SHIPPED_LIST_TAGS, ...extras.keys()])) {
    const map = tag === ENGLISH ? new Map(english) : new Map<string, Intent>();
    if (tag !== ENGLISH) {
      addWords(map, tag, SHIPPED_KEYWORDS[tag] ?? {});
      addWords(map, tag, workflow.keywords ?? {});
    }
    for (const extra of extras.get(tag) ?? []) addWords(map, tag, extra.words);
    byLanguage.set(tag, map);
  }
  return { byLanguage, defaultLanguage };
}

const built = new WeakMap<EngineSettings, ReplyWordLists>();

/** The settings' lists; built from `workflow` (once per settings object) when settings were made by hand. */
export function replyWordListsOf(settings: EngineSettings): ReplyWordLists {
  if (settings.replyWords) return settings.replyWords;
  let lists = built.get(settings);
  if (!lists) {
    const defaultLanguage = (settings.clinic as { language?: unknown }).language;
    lists = buildReplyWordLists(settings.workflow, typeof defaultLanguage === 'string' ? defaultLanguage : ENGLISH, settings.keywords);
    built.set(settings, lists);
  }
  return lists;
}

/** The list that serves a patient's language (the clinic's default when the PMS gives none), if any. */
export function listFor(lists: ReplyWordLists, language: string | undefined): string | undefined {
  return resolveLanguage(language ?? lists.defaultLanguage, lists.byLanguage.keys());
}

/**
 * What a reply means to the patients of `languages` (one per appointment on the sender's
 * number; undefined for the clinic's default). Each language's list is tried with that
 * language's normalising; when they read the reply two different ways (a family phone with
 * patients of two languages) it means nothing, as a guess could act on the wrong appointment.
 * When no language's list knows the word, the English list (read as English) decides.
 */
export function replyIntent(body: string, languages: readonly (string | undefined)[], lists: ReplyWordLists): Intent | undefined {
  const found = new Set<Intent>();
  for (const tag of new Set(languages.map((language) => listFor(lists, language)))) {
    if (tag === undefined) continue;
    const intent = lists.byLanguage.get(tag)?.get(normaliseReplyFor(body, tag));
    if (intent !== undefined) found.add(intent);
  }
  if (found.size === 1) return [...found][0];
  if (found.size > 1) return undefined;
  return lists.byLanguage.get(ENGLISH)?.get(normaliseReplyFor(body, ENGLISH));
}

/**
 * The words a text in `language` may ask a patient of that language to reply, as that
 * language's normaliser reads them: its list, the English fallback, and the carrier's opt-out,
 * opt-in and help words (for the template checker, `replyWordProblems(name, text, words, language)`).
 */
export function acceptedWordsIn(lists: ReplyWordLists, language: string): Set<string> {
  const tag = listFor(lists, language);
  return new Set([...(tag ? (lists.byLanguage.get(tag)?.keys() ?? []) : []), ...acceptedWords({ keywords: new Map(lists.byLanguage.get(ENGLISH) ?? []) })]);
}
