import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.js';

/*
 * The string catalogue. English is bundled; nothing is fetched (the host serves no language
 * files yet). Another language is one more catalogue of the same shape (e.g. `vi.ts` exporting
 * `vi: typeof en`) and one line in RESOURCES; the app then follows i18n.changeLanguage().
 */
const RESOURCES = {
  en: { translation: en },
};

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: Object.keys(RESOURCES),
  resources: RESOURCES,
  // React escapes what it renders; escaping here too would show "&amp;".
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof en };
  }
}
