import { ENGLISH, extrasByList, SHIPPED_LIST_TAGS, type KeywordsByLanguage } from './keyword-lists.js';
import { SHIPPED_KEYWORDS } from './keywords-by-language.js';
import { DEFAULT_KEYWORDS, INTENTS, reservedReason } from './keywords.js';
import { normaliseReplyFor } from './normalise-reply.js';
import type { Intent } from './workflow-settings.js';

/** One word of a list: shipped (no `where`) or from the config (its key and the word as written). */
interface Entry {
  intent: Intent;
  raw: string;
  where?: string;
  /** The English list's word, which the patients of another language fall back to. */
  fallback: boolean;
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

function languageName(tag: string): string {
  try {
    return `${languageNames.of(tag) ?? tag} (${tag})`;
  } catch {
    return tag;
  }
}

function entriesOf(words: Partial<Record<Intent, readonly string[]>>, fallback: boolean, where?: string): Entry[] {
  return INTENTS.flatMap((intent) => (words[intent] ?? []).map((raw) => ({ intent, raw, fallback, ...(where ? { where: `${where}.${intent}` } : {}) })));
}

/** What the word already is, for the problem line. */
function describeOwner(owner: Entry, tag: string): string {
  if (owner.fallback) {
    const source = owner.where ? ` (${owner.where})` : '';
    return `is already an English keyword for "${owner.intent}"${source}, and ${languageName(tag)} replies fall back to English`;
  }
  const source = owner.where ?? 'shipped';
  return `is already a ${languageName(tag)} keyword for "${owner.intent}" (${source})`;
}

/**
 * The per-language half of the keyword check (`keywordProblems` checks `workflow.keywords`
 * against English). Within each language's list, as a patient of that language reads it (its
 * shipped words, `workflow.keywords`, which apply in every language, and its
 * `workflow.keywordsByLanguage` words), a word may mean one thing only. The English words the
 * language falls back to count too: a language's word that English reads as another intent
 * would shadow it (the language's list is tried first), so a text in English asking for that
 * word would be misread; it is an error rather than a silent precedence. Also rejected: a word
 * that normalises to nothing or is an opt-out, opt-in or help word. One line per offending
 * config entry, naming its key and the fix.
 */
export function keywordsByLanguageProblems(keywords: Partial<Record<Intent, string[]>> = {}, byLanguage: KeywordsByLanguage = {}): string[] {
  const problems: string[] = [];
  const reported = new Set<string>();
  const report = (entry: Entry, problem: string) => {
    const id = `${entry.where}\u0000${entry.raw}`;
    if (reported.has(id)) return;
    reported.add(id);
    problems.push(`${entry.where}: "${entry.raw}" ${problem}`);
  };
  const extras = extrasByList(byLanguage);
  const englishExtras = (extras.get(ENGLISH) ?? []).flatMap(({ key, words }) => entriesOf(words, true, `workflow.keywordsByLanguage.${key}`));
  for (const tag of new Set([...SHIPPED_LIST_TAGS, ...extras.keys()])) {
    const english = tag === ENGLISH;
    const own = (extras.get(tag) ?? []).flatMap(({ key, words }) => entriesOf(words, english, `workflow.keywordsByLanguage.${key}`));
    const ordered = english
      ? [...entriesOf(DEFAULT_KEYWORDS, true), ...entriesOf(keywords, true, 'workflow.keywords'), ...own]
      : [
          ...entriesOf(SHIPPED_KEYWORDS[tag] ?? {}, false),
          ...entriesOf(DEFAULT_KEYWORDS, true),
          ...entriesOf(keywords, false, 'workflow.keywords'),
          ...englishExtras,
          ...own,
        ];
    const owner = new Map<string, Entry>();
    for (const entry of ordered) {
      const word = normaliseReplyFor(entry.raw, tag);
      // workflow.keywords against English (and each other) are checked by keywordProblems.
      const legacy = entry.where?.startsWith('workflow.keywords.') ?? false;
      const quiet = entry.where === undefined || legacy;
      if (word === '') {
        if (!quiet) report(entry, 'has no letters or digits, so no reply can match it');
        continue;
      }
      const reserved = reservedReason(word);
      if (reserved) {
        if (!quiet) report(entry, `${reserved} and cannot be a workflow keyword`);
        continue;
      }
      const other = owner.get(word);
      if (other !== undefined && other.intent !== entry.intent) {
        const checkedAlready = legacy && (other.where === undefined ? other.fallback : other.where.startsWith('workflow.keywords.'));
        if (entry.where !== undefined && !checkedAlready)
          report(entry, `${describeOwner(other, tag)}; a word can mean only one thing to a patient, so choose another word`);
        continue;
      }
      if (other === undefined) owner.set(word, entry);
    }
  }
  return problems;
}
