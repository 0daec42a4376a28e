import type { TemplateName } from '../../engine/decisions.js';

/**
 * Default texts in languages other than English, by BCP 47 tag: what a patient whose PMS
 * language is one of these gets unless the clinic changes it. Each needs review by the clinic
 * before use (see README). Templates a language lacks fall back to the clinic's default language.
 */
export const SHIPPED_TRANSLATIONS: Readonly<Record<string, Readonly<Partial<Record<TemplateName, string>>>>> = Object.freeze({});
