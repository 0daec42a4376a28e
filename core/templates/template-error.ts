import { ClinicArrivalsError } from '../plugin/errors.js';

/**
 * A message template is wrong (bad Liquid syntax, a variable that does not exist, a reply
 * word the engine would not understand) or could not be rendered. The message names the
 * template; when several templates are wrong at once, `problems` lists one line per problem,
 * each starting with the template's name.
 */
export class TemplateError extends ClinicArrivalsError {
  /** The template concerned, when there is exactly one. */
  readonly template?: string;
  /** One line per problem, e.g. `VideoInvite: unknown variable Patient.nmae`. */
  readonly problems: string[];

  constructor(problems: string[], options: { template?: string; cause?: unknown } = {}) {
    const message =
      problems.length === 1
        ? `Template ${problems[0]}`
        : `${problems.length} template problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`;
    super('CA_ERR_TEMPLATE', message, { cause: options.cause });
    this.template = options.template;
    this.problems = problems;
  }

  /** An error about one template: `TemplateError.about('VideoInvite', 'needs {{ url }}')`. */
  static about(template: string, problem: string, cause?: unknown): TemplateError {
    return new TemplateError([`${template}: ${problem}`], { template, cause });
  }
}
