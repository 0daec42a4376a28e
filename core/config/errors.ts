import { ConfigError } from '@clinic-arrivals/plugin-kit';

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

/** Names the config file like `--config` (the flag wins when both are set). */
export const CONFIG_ENV_VAR = 'CLINIC_ARRIVALS_CONFIG';

/**
 * No config file was found and none was named: a host started in the wrong folder must not run
 * the simulator demo and look healthy while texting nobody.
 */
export class NoConfigFoundError extends ConfigError {
  constructor(readonly searched: string) {
    super(
      `no config found: run \`clinic-arrivals init\` or \`clinic-arrivals demo\` (searched ${searched} and its parents up to the nearest package.json; ` +
        `or name one with --config or ${CONFIG_ENV_VAR})`,
    );
  }
}
