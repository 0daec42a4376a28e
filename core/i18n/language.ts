/**
 * Which of the languages we have texts or pages in serves a patient whose PMS gave `tag`.
 * One rule for every part of the host (templates, reply words, join pages):
 * the exact tag (case-insensitive), then its primary subtag (`zh-CN` → `zh`), then the aliases
 * below. Traditional Chinese (`zh-TW`, `zh-HK`, `zh-Hant…`) is deliberately not matched to
 * Simplified: a reader of one may not read the other, so it falls back and shows as a gap.
 */

/** Tags read as Simplified Chinese (`zh-Hans`); compared lower case, `zh-hans-*` included. */
const SIMPLIFIED_CHINESE = new Set(['zh', 'zh-cn', 'zh-sg', 'zh-hans']);
/** Tags read as Traditional Chinese, which never resolve to Simplified texts. */
const TRADITIONAL_CHINESE = /^zh-(tw|hk|mo|hant)(-|$)/;

/** The primary language subtag, lower case: `zh-CN` → `zh`, `VI` → `vi`; '' for an empty tag. */
export function primaryLanguage(tag: string): string {
  return tag.trim().split(/[-_]/)[0]?.toLowerCase() ?? '';
}

/**
 * The entry of `available` (spelled as given there) that serves `tag`, or undefined when none
 * does (the caller falls back to the clinic's default language and may record the gap).
 * @example resolveLanguage('zh-CN', ['en', 'zh-Hans']) // 'zh-Hans'
 * @example resolveLanguage('vi-VN', ['en', 'vi']) // 'vi'
 * @example resolveLanguage('zh-TW', ['en', 'zh-Hans']) // undefined
 */
export function resolveLanguage(tag: string | undefined, available: Iterable<string>): string | undefined {
  if (typeof tag !== 'string') return undefined;
  const wanted = tag.trim().replace(/_/g, '-').toLowerCase();
  if (wanted === '') return undefined;
  const byLower = new Map<string, string>();
  for (const language of available) byLower.set(language.toLowerCase(), language);
  const exact = byLower.get(wanted);
  if (exact !== undefined) return exact;
  if (TRADITIONAL_CHINESE.test(wanted)) return undefined;
  const primary = byLower.get(primaryLanguage(wanted));
  if (primary !== undefined) return primary;
  if (SIMPLIFIED_CHINESE.has(wanted) || wanted.startsWith('zh-hans-')) {
    for (const alias of ['zh-hans', 'zh-cn', 'zh']) {
      const found = byLower.get(alias);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * `tag` in its canonical spelling (`zh-cn` → `zh-CN`) when it is a well-formed BCP 47 tag, else
 * undefined: tags come from the PMS, so they are checked before they are shown or stored.
 */
export function canonicalLanguage(tag: string | undefined): string | undefined {
  if (typeof tag !== 'string' || tag.length > 35) return undefined;
  try {
    return Intl.getCanonicalLocales(tag.trim().replace(/_/g, '-'))[0];
  } catch {
    return undefined;
  }
}
