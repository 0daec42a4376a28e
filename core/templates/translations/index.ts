import type { TemplateName } from '../../engine/decisions.js';
import { AR_TEMPLATES } from './ar.js';
import { ES_TEMPLATES } from './es.js';
import { VI_TEMPLATES } from './vi.js';
import { ZH_HANS_TEMPLATES } from './zh-Hans.js';

/**
 * Default texts in languages other than English, by BCP 47 tag: what a patient whose PMS
 * language is one of these gets unless the clinic changes it. Each needs review by the clinic
 * before use (see README). Templates a language lacks fall back to the clinic's default language.
 */
export const SHIPPED_TRANSLATIONS: Readonly<Record<string, Readonly<Partial<Record<TemplateName, string>>>>> = Object.freeze({
  es: ES_TEMPLATES,
  vi: VI_TEMPLATES,
  'zh-Hans': ZH_HANS_TEMPLATES,
  ar: AR_TEMPLATES,
});
