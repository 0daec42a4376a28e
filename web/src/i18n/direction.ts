import type { i18n as I18n } from 'i18next';

/** `<html lang>` and `dir` follow the app's language (right to left for Arabic, Hebrew…). */
export function followLanguage(root: { lang: string; dir: string }, instance: I18n): () => void {
  const apply = (language: string) => {
    root.lang = language;
    root.dir = instance.dir(language);
  };
  apply(instance.language);
  instance.on('languageChanged', apply);
  return () => instance.off('languageChanged', apply);
}
