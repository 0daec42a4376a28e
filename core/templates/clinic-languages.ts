import { SHIPPED_TRANSLATIONS } from './translations/index.js';
import { primaryLanguage } from '../i18n/language.js';

/** The clinic's default language and the languages it offers texts in, defaults applied. */
export interface ResolvedClinicLanguages {
  language: string;
  /** The default language first, no repeats (case-insensitive). */
  languages: string[];
}

/**
 * `clinic.language` (else the language of `clinic.locale`: en-AU → en) and `clinic.languages`
 * (else the default plus every shipped translation).
 */
export function clinicLanguages(clinic: { locale?: string; language?: string; languages?: string[] }): ResolvedClinicLanguages {
  const language = clinic.language?.trim() || primaryLanguage(clinic.locale ?? 'en') || 'en';
  const offered = clinic.languages ?? Object.keys(SHIPPED_TRANSLATIONS);
  const languages = [language];
  for (const tag of offered) {
    if (!languages.some((l) => l.toLowerCase() === tag.toLowerCase())) languages.push(tag);
  }
  return { language, languages };
}
