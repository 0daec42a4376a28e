import { acceptedWords, buildKeywordMap } from '../engine/keywords.js';
import type { ClinicInfo } from '@clinic-arrivals/plugin-kit';
import type { TemplateProblem } from '../templates/template-error.js';
import { TemplateService } from '../templates/template-service.js';
import { isValidTimeZone } from '@clinic-arrivals/plugin-kit';
import type { SourceLocation, SourceLocator } from './locate.js';
import { problemLine } from './paths.js';
import type { Intent } from '../engine/workflow-settings.js';

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
  // Values that are not strings were reported by the schema.
  const configured = Object.fromEntries(Object.entries(templates).filter(([, text]) => typeof text === 'string')) as Record<string, string>;
  if (Object.keys(configured).length === 0) return [];
  const problems = TemplateService.problemsIn({
    clinic: usableClinic(config.clinic),
    configured,
    acceptedWords: acceptedWords({ keywords: buildKeywordMap(usableKeywords(config.workflow)) }),
  });
  return problems.map((problem) => {
    const path = ['templates', problem.template];
    const text = problem.origin === 'default' ? `the default text ${problem.problem}` : problem.problem;
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

function usableKeywords(workflow: unknown): Partial<Record<Intent, string[]>> {
  const keywords = (workflow as { keywords?: unknown } | undefined)?.keywords;
  if (!keywords || typeof keywords !== 'object') return {};
  return Object.fromEntries(
    Object.entries(keywords).map(([intent, words]) => [intent, Array.isArray(words) ? words.filter((w): w is string => typeof w === 'string') : []]),
  );
}
