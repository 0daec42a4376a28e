import type { HostConfig } from '../config/types.js';
import { TEMPLATE_NAMES } from '../engine/decisions.js';
import { clinicLanguages } from '../templates/clinic-languages.js';
import { LanguageTemplates } from '../templates/language-templates.js';
import { SHIPPED_TRANSLATIONS } from '../templates/translations/index.js';

/** Past this many segments a text warns: each one is billed as a separate SMS. */
export const SEGMENT_WARNING_ABOVE = 3;

/** What `check-config` prints about what the texts cost, and its warnings. */
export interface TemplateCostReport {
  lines: string[];
  warnings: string[];
}

/**
 * The SMS segments of every template in every language the clinic offers, one line per
 * template: `en 1–5` is 1 segment for a typical patient (the preview's sample) and 5 in the
 * worst case (the longest plausible names and dates, and a 500-character signed video link).
 * A text over {@link SEGMENT_WARNING_ABOVE} segments for the typical patient warns: the worst
 * case alone would flag every text with a link, though most links are short.
 * The texts were validated by the loader already.
 */
export function templateCosts(config: HostConfig): TemplateCostReport {
  const templates = new LanguageTemplates({
    clinic: config.clinic,
    ...clinicLanguages(config.clinic),
    configured: config.templates,
    shipped: SHIPPED_TRANSLATIONS,
  });
  const width = Math.max(...TEMPLATE_NAMES.map((name) => name.length));
  const lines = ['templates: SMS segments by language, typical–worst case (GSM-7: 160 characters, 153 a segment once split; UCS-2: 70, 67)'];
  const warnings: string[] = [];
  for (const name of TEMPLATE_NAMES) {
    const costs: string[] = [];
    for (const language of templates.languages) {
      const view = templates.get(name, language);
      if (!view) continue;
      const { segments, encoding, characters } = view;
      const worst = view.worstCase.segments;
      costs.push(`${language} ${worst === segments ? segments : `${segments}–${worst}`}${view.worstCase.encoding === 'UCS-2' ? ' UCS-2' : ''}`);
      if (segments > SEGMENT_WARNING_ABOVE) {
        warnings.push(
          `templates.${name} (${language}): ${segments} ${encoding} SMS segments (${characters} characters) for a typical patient, up to ${worst};` +
            ` each segment is billed as one SMS, so shorten it to ${SEGMENT_WARNING_ABOVE} or fewer` +
            (encoding === 'UCS-2' ? ' (UCS-2 carries 67 characters a segment)' : ''),
        );
      }
    }
    lines.push(`  ${name.padEnd(width)}  ${costs.join(', ')}`);
  }
  return { lines, warnings };
}
