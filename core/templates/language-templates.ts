import { TEMPLATE_NAMES, type TemplateName } from '../engine/decisions.js';
import { canonicalLanguage, primaryLanguage, resolveLanguage } from '../i18n/language.js';
import { DEFAULT_TEMPLATES } from './defaults.js';
import type { SmsCost } from './message-length.js';
import { TemplateError, type TemplateProblem } from './template-error.js';
import { isTemplateName, TemplateService, type TemplateServiceOptions } from './template-service.js';
import type { TemplateView } from './template-view.js';
import type { RenderContext } from './variables.js';

/** Templates to the clinic's own staff: always in the clinic's default language. */
export const ADMIN_TEMPLATES: ReadonlySet<TemplateName> = new Set(['HostStarted', 'HostStopped', 'AlertFailing', 'AlertRecovered']);

/** A template's config value: the default language's text, or texts by language. */
export type ConfiguredTemplate = string | Record<string, string>;

/** Shipped texts by language tag (see core/templates/translations/index.ts). */
export type ShippedTexts = Readonly<Record<string, Readonly<Partial<Record<TemplateName, string>>>>>;

export interface LanguageTemplatesOptions extends Omit<TemplateServiceOptions, 'configured' | 'edited' | 'defaults' | 'acceptedWords'> {
  /** The clinic's default language (BCP 47): every template has a text in it. */
  language: string;
  /** The languages the clinic offers texts in (the default language among them). */
  languages: readonly string[];
  /** `templates:` from the config file. */
  configured?: Record<string, ConfiguredTemplate>;
  /** Edits kept in the store, by {@link editKey}. */
  edited?: Record<string, string>;
  /** Shipped translations; English defaults are always there. */
  shipped?: ShippedTexts;
  /** Reply words the engine understands in `language`; undefined skips that check. */
  acceptedWordsFor?: (language: string) => ReadonlySet<string> | undefined;
}

/** A rendered text, the language it is in, and the language asked for without a text (a gap). */
export interface LanguageRender {
  text: string;
  language: string;
  /** The tag asked for (canonical spelling) when it could not be served. */
  missing?: string;
}

/** A template in one language, as the editor sees it. */
export interface LanguageTemplateView extends TemplateView {
  language: string;
  /** Worst-case cost: the longest plausible names, dates and links. */
  worstCase: SmsCost;
}

/**
 * The store key of an edit: the bare name for the default language (as before languages
 * existed, so edits made then keep working), `Name@lang` for the others.
 */
export function editKey(name: string, language: string, defaultLanguage: string): string {
  return language.toLowerCase() === defaultLanguage.toLowerCase() ? name : `${name}@${language}`;
}

/** `[name, language]` of a store key written by {@link editKey}. */
export function parseEditKey(key: string, defaultLanguage: string): [string, string] {
  const at = key.indexOf('@');
  return at < 0 ? [key, defaultLanguage] : [key.slice(0, at), key.slice(at + 1)];
}

/** The shipped texts for `language`: English defaults are complete; others from the registry. */
function shippedFor(language: string, shipped: ShippedTexts): Partial<Record<TemplateName, string>> {
  const tag = resolveLanguage(language, Object.keys(shipped));
  const own = tag ? shipped[tag] : undefined;
  return primaryLanguage(language) === 'en' ? { ...DEFAULT_TEMPLATES, ...own } : { ...own };
}

/** Dates in a text follow its language, in the clinic's region: `vi` in AU formats as `vi-AU`. */
function localeFor(language: string, defaultLanguage: string, clinicLocale: string, region: string): string {
  if (language === defaultLanguage) return clinicLocale;
  const candidate = `${language}-${region}`;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([candidate]).length > 0 ? candidate : language;
  } catch {
    return clinicLocale;
  }
}

/**
 * The message texts in every language the clinic offers: one TemplateService per language,
 * each checked as strictly as the default one (variables, Liquid, worst-case length). The
 * default language has every template (config → shipped → English); another language has
 * only the texts configured, edited or shipped for it, and a text asked for in it that it
 * lacks is rendered in the default language and reported as missing.
 */
export class LanguageTemplates {
  readonly defaultLanguage: string;
  readonly languages: readonly string[];
  readonly #services = new Map<string, TemplateService>();
  /** Worst-case costs by `language\0name`: a render each, asked for on every list; dropped on an edit. */
  readonly #worstCases = new Map<string, SmsCost>();

  /** Every problem of the options, each with its language, or an empty list. */
  static problemsIn(options: LanguageTemplatesOptions): TemplateProblem[] {
    try {
      new LanguageTemplates(options);
      return [];
    } catch (error) {
      if (error instanceof TemplateError) return error.details;
      throw error;
    }
  }

  /** @throws TemplateError listing every bad text, each problem with its `language`. */
  constructor(options: LanguageTemplatesOptions) {
    this.defaultLanguage = options.language;
    this.languages = [options.language, ...options.languages.filter((l) => l.toLowerCase() !== options.language.toLowerCase())];
    const shipped = options.shipped ?? {};
    const problems: TemplateProblem[] = [];
    const configured = new Map<string, Record<string, string>>(this.languages.map((l) => [l, {}]));
    const edited = new Map<string, Record<string, string>>(this.languages.map((l) => [l, {}]));
    for (const [name, value] of Object.entries(options.configured ?? {})) {
      const byLanguage = typeof value === 'string' ? { [this.defaultLanguage]: value } : value;
      for (const [language, text] of Object.entries(byLanguage ?? {})) {
        const problem = this.#placementProblem(name, language);
        if (problem) problems.push({ ...problem, origin: 'config' });
        else configured.get(this.#offered(language)!)![name] = text;
      }
    }
    for (const [key, text] of Object.entries(options.edited ?? {})) {
      const [name, language] = parseEditKey(key, this.defaultLanguage);
      const offered = this.#offered(language);
      if (offered) edited.get(offered)![name] = text;
    }
    for (const language of this.languages) {
      const isDefault = language === this.defaultLanguage;
      const defaults = shippedFor(language, shipped);
      const service = (): TemplateService =>
        new TemplateService({
          ...options,
          clinic: { ...options.clinic, locale: localeFor(language, this.defaultLanguage, options.clinic.locale, options.clinic.region) },
          configured: configured.get(language),
          edited: edited.get(language),
          acceptedWords: options.acceptedWordsFor?.(language),
          language,
          // The default language falls back to English for what its shipped texts lack.
          defaults: isDefault ? { ...DEFAULT_TEMPLATES, ...defaults } : defaults,
        });
      try {
        this.#services.set(language, service());
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        problems.push(...error.details.map((p) => ({ ...p, language })));
      }
    }
    if (problems.length > 0) {
      const names = new Set(problems.map((p) => p.template));
      throw new TemplateError(problems, { template: names.size === 1 ? [...names][0] : undefined });
    }
  }

  /** The default language's service (what the rest of the host edits and previews through). */
  get defaultService(): TemplateService {
    return this.#services.get(this.defaultLanguage)!;
  }

  /** The offered language spelled as configured, matching `language` exactly (case-insensitive). */
  #offered(language: string): string | undefined {
    return this.languages.find((l) => l.toLowerCase() === language.toLowerCase());
  }

  #placementProblem(name: string, language: string): TemplateProblem | undefined {
    if (!this.#offered(language)) {
      return {
        template: name,
        language,
        problem: `has a text in ${language}, which the clinic does not offer`,
        fix: `add ${language} to clinic.languages, or remove this text (offered: ${this.languages.join(', ')})`,
      };
    }
    if (isTemplateName(name) && ADMIN_TEMPLATES.has(name) && this.#offered(language) !== this.defaultLanguage) {
      return {
        template: name,
        language,
        problem: `goes to the clinic's staff, who get it in the default language (${this.defaultLanguage}) only`,
        fix: `remove the ${language} text`,
      };
    }
    return undefined;
  }

  /** The service of an offered language. @throws TemplateError when it is not offered. */
  service(language: string): TemplateService {
    const offered = this.#offered(language);
    if (!offered) throw TemplateError.about('', `the clinic does not offer texts in ${language} (offered: ${this.languages.join(', ')})`);
    return this.#services.get(offered)!;
  }

  /** The language `name` goes out in for a patient who asked for `requested`, and the gap if any. */
  languageFor(name: TemplateName, requested: string | undefined): { language: string; missing?: string } {
    if (requested === undefined || requested.trim() === '' || ADMIN_TEMPLATES.has(name)) return { language: this.defaultLanguage };
    const available = this.languages.filter((l) => this.#services.get(l)!.has(name));
    const found = resolveLanguage(requested, available);
    if (found) return { language: found };
    return { language: this.defaultLanguage, missing: canonicalLanguage(requested) ?? 'und' };
  }

  /**
   * Renders `name` in the language asked for (the appointment's), else in the default
   * language with `missing` set: one text either way.
   */
  render(name: TemplateName, ctx: RenderContext, requested?: string): LanguageRender {
    const { language, missing } = this.languageFor(name, requested);
    const text = this.#services.get(language)!.render(name, ctx);
    return missing ? { text, language, missing } : { text, language };
  }

  /** Every template in every offered language that has a text for it, with its costs. */
  list(): LanguageTemplateView[] {
    const views: LanguageTemplateView[] = [];
    for (const name of TEMPLATE_NAMES) {
      for (const language of this.languages) {
        const view = this.get(name, language);
        if (view) views.push(view);
      }
    }
    return views;
  }

  /** `name` in `language`, or undefined when that language has no text for it. */
  get(name: TemplateName, language: string): LanguageTemplateView | undefined {
    const service = this.service(language);
    if (!service.has(name)) return undefined;
    const view = service.get(name);
    const offered = this.#offered(language)!;
    const key = `${offered}\0${name}`;
    let worstCase = this.#worstCases.get(key);
    if (!worstCase) {
      try {
        worstCase = service.worstCaseCost(name);
      } catch {
        worstCase = { encoding: view.encoding, characters: view.characters, segments: view.segments };
      }
      this.#worstCases.set(key, worstCase);
    }
    return { ...view, language: offered, worstCase };
  }

  /**
   * Checks an edit of `name` in `language` (`null`: dropping one) without applying it; returns
   * the language as the clinic spells it.
   * @throws TemplateError when the text is bad, the language not offered or the template is the staff's.
   */
  check(name: string, language: string, text: string | null): string {
    const placement = this.#placementProblem(name, language);
    if (placement) throw new TemplateError([placement], { template: name });
    if (text !== null) this.service(language).validate(name, text);
    return this.#offered(language)!;
  }

  /**
   * Sets (or with null drops) the edit of `name` in `language`; returns the view, or undefined
   * when dropping it leaves that language without the template.
   * @throws TemplateError when the text is bad, the language not offered or the template is the staff's.
   */
  set(name: string, language: string, text: string | null): LanguageTemplateView | undefined {
    const placement = this.#placementProblem(name, language);
    if (placement) throw new TemplateError([placement], { template: name });
    const service = this.service(language);
    if (text === null) service.clear(name);
    else service.set(name, text);
    this.#worstCases.delete(`${this.#offered(language)!}\0${name}`);
    return this.get(name as TemplateName, language);
  }
}
