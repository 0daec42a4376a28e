import type { LanguageGapView } from '../api/host-api.js';
import type { LanguageGap } from '../store/store.js';

/** Store rows (one per language and template) grouped by language, most recent first. */
export function languageGapViews(rows: readonly LanguageGap[]): LanguageGapView[] {
  const byLanguage = new Map<string, LanguageGap[]>();
  for (const row of rows) byLanguage.set(row.language, [...(byLanguage.get(row.language) ?? []), row]);
  const views = [...byLanguage].map(([language, gaps]) => {
    const lastSeen = Math.max(...gaps.map((gap) => gap.lastSeen));
    return {
      language,
      count: gaps.reduce((sum, gap) => sum + gap.count, 0),
      lastSeen: new Date(lastSeen).toISOString(),
      templates: gaps.map((gap) => ({ template: gap.template, count: gap.count, lastSeen: new Date(gap.lastSeen).toISOString() })),
      at: lastSeen,
    };
  });
  return views.sort((a, b) => b.at - a.at).map(({ at: _at, ...view }) => view);
}
