/*
 * One log-safe description of anything thrown, for logs, the status page and the CLI.
 * Providers put the destination into some error messages ("The 'To' number +614… is not
 * valid"), so runs of 8 or more digits are masked; ISO dates are left alone.
 */
const PHONE_LIKE = /(?!\d{4}-\d\d-\d\d)\+?\d(?:[ -]?\d){7,}/g;

/** Masks phone-number-like digit runs in a message meant for logs or the status page. */
export function maskNumbers(text: string): string {
  return text.replace(PHONE_LIKE, '[number]');
}

/**
 * Short, log-safe description: `CODE: message` for typed errors, recognised by their stable
 * `CA_ERR_…` code rather than by class, so a plugin bundling its own copy of the core is
 * described the same; `Name: message` for other errors. No stack; phone-like numbers masked.
 */
export function describeError(error: unknown): string {
  const { code, message } = error && typeof error === 'object' ? (error as { code?: unknown; message?: unknown }) : {};
  if (typeof code === 'string' && code.startsWith('CA_ERR_') && typeof message === 'string') return maskNumbers(`${code}: ${message}`);
  if (error instanceof Error) return maskNumbers(`${error.name}: ${error.message}`);
  return maskNumbers(String(error));
}
