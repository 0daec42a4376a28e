import { ClinicArrivalsError, CODES } from '@clinic-arrivals/plugin-kit';

/**
 * One thing wrong with one template, structured so that each caller can place it: the API
 * and the logs print {@link formatTemplateProblem}; the config loader prints it after
 * `<file>: templates.<name>:` with the line in the config file.
 */
export interface TemplateProblem {
  /** The template's name as given (may be an unknown name). */
  template: string;
  /** What is wrong, e.g. `unknown variable Patient.nmae`. */
  problem: string;
  /** How to fix it, e.g. `did you mean Patient.name? …`. */
  fix?: string;
  /** Where in the template's text (1-based), when known. */
  line?: number;
  column?: number;
  /** Where the text came from, when a service checks several at once. */
  origin?: 'config' | 'edited' | 'default';
  /** The language of the text (BCP 47), when a clinic has texts in several. */
  language?: string;
}

/** `Registration: syntax error: … (line 2, column 3); close it with }} [config]`. */
export function formatTemplateProblem(problem: TemplateProblem): string {
  const where = problem.line === undefined ? '' : ` (line ${problem.line}${problem.column === undefined ? '' : `, column ${problem.column}`})`;
  const fix = problem.fix ? `; ${problem.fix}` : '';
  const origin = problem.origin ? ` [${problem.origin}]` : '';
  return `${problem.template ? `${problem.template}: ` : ''}${problem.problem}${where}${fix}${origin}`;
}

/**
 * A message template is wrong (bad Liquid syntax, a variable that does not exist, a reply
 * word the engine would not understand, a text that would render too long) or could not be
 * rendered. The message names the template; when several templates are wrong at once,
 * `problems` lists one line per problem, each starting with the template's name.
 */
export class TemplateError extends ClinicArrivalsError {
  /** The template concerned, when there is exactly one. */
  readonly template?: string;
  /** One line per problem, e.g. `VideoInvite: unknown variable Patient.nmae`. */
  readonly problems: string[];
  /** The same problems, structured (file positions, fixes). */
  readonly details: TemplateProblem[];

  constructor(problems: Array<string | TemplateProblem>, options: { template?: string; cause?: unknown } = {}) {
    const details = problems.map((p) => (typeof p === 'string' ? fromLine(p) : p));
    const lines = details.map(formatTemplateProblem);
    const message = lines.length === 1 ? `Template ${lines[0]}` : `${lines.length} template problems:\n${lines.map((p) => `  - ${p}`).join('\n')}`;
    super(CODES.TEMPLATE, message, { cause: options.cause });
    this.template = options.template;
    this.problems = lines;
    this.details = details;
  }

  /** An error about one template: `TemplateError.about('VideoInvite', 'needs {{ url }}')`. */
  static about(template: string, problem: string, cause?: unknown): TemplateError {
    return new TemplateError([{ template, problem }], { template, cause });
  }
}

/** `Name: what` → a problem (for callers that still build lines). */
function fromLine(line: string): TemplateProblem {
  const colon = line.indexOf(': ');
  return colon > 0 ? { template: line.slice(0, colon), problem: line.slice(colon + 2) } : { template: '', problem: line };
}
