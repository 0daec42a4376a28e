import { ConfigValidationError, NoConfigFoundError } from '../config/errors.js';
import { ConfigError, describeError } from '@clinic-arrivals/plugin-kit';
import { EXIT } from './exit-codes.js';

/** Writes a failure to stderr and returns the exit code it deserves. */
export function reportFailure(error: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  if (error instanceof NoConfigFoundError) {
    stderr.write(`${error.message}\n`);
    return EXIT.config;
  }
  if (error instanceof ConfigValidationError) {
    const count = error.problems.length;
    stderr.write(`The config has ${count} problem${count === 1 ? '' : 's'}; nothing was started:\n`);
    for (const problem of error.problems) stderr.write(`  ${problem}\n`);
    return EXIT.config;
  }
  stderr.write(`clinic-arrivals: ${describeError(error)}\n`);
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause !== undefined) stderr.write(`  caused by ${describeError(cause)}\n`);
  // A plugin that finds its settings wrong only when starting is still a config problem, and so
  // is a template (the loader checks them; this catches any the loader could not).
  return error instanceof ConfigError || isConfigCode(error) ? EXIT.config : EXIT.failure;
}

/** Writes the loader's notices (e.g. "using the built-in default") to stderr. */
export function reportNotices(notices: readonly string[] | undefined, stderr: NodeJS.WritableStream = process.stderr): void {
  for (const notice of notices ?? []) stderr.write(`note: ${notice}\n`);
}

/** Config-class errors recognised by code (a plugin may bundle its own copy of the error classes). */
function isConfigCode(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'CA_ERR_CONFIG' || code === 'CA_ERR_TEMPLATE';
}
