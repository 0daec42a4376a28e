import { useTranslation } from 'react-i18next';
import type { HostStatus } from '../api/client';
import { clinicDateTime } from '../format';

type Languages = NonNullable<HostStatus['languages']>;

/**
 * "Languages asked for without texts: de (Registration, …)": languages the PMS gave for
 * patients whose texts went out in the default language instead. Shown on the Status and
 * Templates pages, from GET /api/status.
 */
export function LanguageGaps({ languages, zone, headingLevel = 2 }: { languages: Languages | undefined; zone: string; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  if (!languages) return null;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section aria-labelledby="language-gaps" className="language-gaps" data-testid="language-gaps">
      <Heading id="language-gaps">{t('languages.gapsHeading')}</Heading>
      {languages.gaps.length === 0 ? (
        <p className="secondary">{t('languages.gapsNone')}</p>
      ) : (
        <>
          <ul>
            {languages.gaps.map((gap) => (
              <li key={gap.language} data-language={gap.language}>
                <strong>{t('languages.gap', { language: gap.language, templates: gap.templates.map((entry) => entry.template).join(', ') })}</strong>{' '}
                <span className="secondary">{t('languages.gapDetail', { count: gap.count, time: clinicDateTime(gap.lastSeen, zone) })}</span>
              </li>
            ))}
          </ul>
          <p className="secondary">{t('languages.gapsHelp', { language: languages.default })}</p>
        </>
      )}
    </section>
  );
}
