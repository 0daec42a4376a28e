import { acceptedWordsIn, buildReplyWordLists } from '../engine/keyword-lists.js';
import type { ClinicInfo } from '@clinic-arrivals/plugin-kit';
import type { TemplateProblem } from '../templates/template-error.js';
import { LanguageTemplates, type ConfiguredTemplate } from '../templates/language-templates.js';
import { SHIPPED_TRANSLATIONS } from '../templates/translations/index.js';
import { clinicLanguages } from '../templates/clinic-languages.js';
import { isValidTimeZone } from '@clinic-arrivals/plugin-kit';
import type { SourceLocation, SourceLocator } from './locate.js';
import { problemLine } from './paths.js';
import type { Intent, WorkflowSettings } from '../engine/workflow-settings.js';

/**
 * The `templates:` section checked exactly as start-up will (TemplateService: Liquid syntax,
 * known variables, reply words the engine understands, the worst-case rendered length), as
 * config problems: `<file>: templates.<Name>: <what> (line N, column M); <fix>`.
 *
 * Runs on the schema-checked (defaulted) data even when other sections have problems, so
 * that every problem is listed at once: a clinic section the schema refused is replaced by
 * neutral values for the check.
 */
export function templateProblems(data: unknown, fileLabel: string, locate?: SourceLocator): string[] {
  const config = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const templates = config.templates;
  if (!templates || typeof templates !== 'object' || Array.isArray(templates)) return [];
  // Values of other shapes were reported by the schema.
  const configured = Object.fromEntries(Object.entries(templates).filter(([, value]) => isConfiguredTemplate(value))) as Record<string, ConfiguredTemplate>;
  if (Object.keys(configured).length === 0) return [];
  const clinic = usableClinic(config.clinic);
  const { language, languages } = clinicLanguages({ ...clinic, ...usableLanguages(config.clinic) });
  const lists = buildReplyWordLists(
    { keywords: usableKeywords(config.workflow) as Record<Intent, string[]>, keywordsByLanguage: usableKeywordsByLanguage(config.workflow) },
    language,
  );
  const problems = LanguageTemplates.problemsIn({
    clinic,
    language,
    languages,
    configured,
    shipped: SHIPPED_TRANSLATIONS,
    // Each language's texts may ask for that language's reply words, and English ones.
    acceptedWordsFor: (tag) => acceptedWordsIn(lists, tag),
  });
  return problems.map((problem) => {
    // The text's own key: `templates.Name` for a plain text, `templates.Name.vi` for texts by language.
    const byLanguage = typeof configured[problem.template] === 'object' && problem.language !== undefined;
    const key = byLanguage
      ? (Object.keys(configured[problem.template]!).find((l) => l.toLowerCase() === problem.language!.toLowerCase()) ?? problem.language!)
      : undefined;
    const path = key ? ['templates', problem.template, key] : ['templates', problem.template];
    const shipped = problem.language && problem.language !== language ? `the shipped ${problem.language} text` : 'the default text';
    const text = problem.origin === 'default' ? `${shipped} ${problem.problem}` : problem.problem;
    const fix = problem.fix ? `; ${problem.fix}` : '';
    return problemLine(fileLabel, path, `${text}${where(problem, locate?.(path))}${fix}`);
  });
}

/** ` (line 5, column 9)` in the file when the text maps to it, else the template's own line and the key's. */
function where(problem: TemplateProblem, location: SourceLocation | undefined): string {
  if (problem.line === undefined) return location ? ` (line ${location.line})` : '';
  const column = problem.column ?? 1;
  if (location?.text) return ` (line ${location.text.line + problem.line - 1}, column ${location.text.column + column - 1})`;
  const inText = `line ${problem.line}, column ${column} of the template`;
  return location ? ` (${inText}, which starts on line ${location.line})` : ` (${inText})`;
}

function isConfiguredTemplate(value: unknown): value is ConfiguredTemplate {
  if (typeof value === 'string') return true;
  return !!value && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((text) => typeof text === 'string');
}

/** `language` and `languages` when the schema would accept them (it reports them otherwise). */
function usableLanguages(raw: unknown): { language?: string; languages?: string[] } {
  const clinic = (raw && typeof raw === 'object' ? raw : {}) as { language?: unknown; languages?: unknown };
  const tag = (value: unknown): value is string => typeof value === 'string' && /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(value);
  return {
    ...(tag(clinic.language) ? { language: clinic.language } : {}),
    ...(Array.isArray(clinic.languages) ? { languages: clinic.languages.filter(tag) } : {}),
  };
}

function usableClinic(raw: unknown): ClinicInfo {
  const clinic = (raw && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof ClinicInfo, unknown>>;
  const text = (value: unknown, fallback: string) => (typeof value === 'string' && value.trim() !== '' ? value : fallback);
  const locale = text(clinic.locale, 'en-AU');
  const zone = text(clinic.timeZone, 'UTC');
  return {
    name: text(clinic.name, 'Clinic'),
    phone: typeof clinic.phone === 'string' ? clinic.phone : undefined,
    timeZone: isValidTimeZone(zone) ? zone : 'UTC',
    region: text(clinic.region, 'AU'),
    locale: isValidLocale(locale) ? locale : 'en-AU',
  };
}

function isValidLocale(locale: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0 || new Intl.Locale(locale).baseName !== '';
  } catch {
    return false;
  }
}

/** `workflow.keywordsByLanguage` as far as it has the right shape (the schema reported the rest). */
function usableKeywordsByLanguage(workflow: unknown): WorkflowSettings['keywordsByLanguage'] {
  const byLanguage = (workflow as { keywordsByLanguage?: unknown } | undefined)?.keywordsByLanguage;
  if (!byLanguage || typeof byLanguage !== 'object') return undefined;
  return Object.fromEntries(Object.entries(byLanguage).map(([tag, words]) => [tag, usableKeywords({ keywords: words })]));
}

function usableKeywords(workflow: unknown): Partial<Record<Intent, string[]>> {
  const keywords = (workflow as { keywords?: unknown } | undefined)?.keywords;
  if (!keywords || typeof keywords !== 'object') return {};
  return Object.fromEntries(
    Object.entries(keywords).map(([intent, words]) => [intent, Array.isArray(words) ? words.filter((w): w is string => typeof w === 'string') : []]),
  );
}
