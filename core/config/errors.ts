import { ConfigError } from '../plugin/errors.js';

/**
 * Every problem found in a config, collected across all steps (parse, env substitution, schema,
 * plugins) so the operator fixes them in one go. `message` is the problems joined by newlines;
 * each problem is one line: `<file>: <dotted.path>: <what is wrong and how to fix it>`.
 */
export class ConfigValidationError extends ConfigError {
  /** One line per problem, already safe to print (secrets never included). */
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.problems = [...problems];
  }
}
