/*
 * One log-safe description of anything thrown, for logs, the status page and the CLI.
 *
 * Text a remote system sent (a PMS's OperationOutcome diagnostics, a provider's error message)
 * is untrusted and may name the patient: plugins keep it out of `message` and attach it with
 * {@link withRemoteDetail}, which describeError never reads. As a second line of defence,
 * runs of 8 or more digits are masked (providers quote the destination: "The 'To' number
 * +614… is not valid"); ISO dates are left alone.
 */
const PHONE_LIKE = /(?!\d{4}-\d\d-\d\d)\+?\d(?:[ -]?\d){7,}/g;

/** Masks phone-number-like digit runs in a message meant for logs or the status page. */
export function maskNumbers(text: string): string {
  return text.replace(PHONE_LIKE, '[number]');
}

/**
 * Name of the error field that holds text a remote system sent with a failure. Never part of
 * `message`, never described, never serialised (the property is not enumerable); a plugin may
 * log it at debug level when its own option, off by default, asks for it.
 */
export const REMOTE_DETAIL = 'remoteDetail';

/** An error that may carry a remote system's own text next to its log-safe message. */
export interface WithRemoteDetail {
  /** What the remote system said, verbatim (trimmed). May contain patient data: never log it above debug. */
  readonly remoteDetail?: string;
}

/**
 * Attaches `detail` (text a remote system sent) to `error` as a non-enumerable
 * {@link REMOTE_DETAIL} property, so that neither a logger's error serialiser nor
 * `JSON.stringify` picks it up. Empty or missing detail attaches nothing. Returns `error`.
 */
export function withRemoteDetail<E extends object>(error: E, detail: string | undefined, maxLength = 500): E & WithRemoteDetail {
  const text = detail?.trim();
  if (text) Object.defineProperty(error, REMOTE_DETAIL, { value: text.slice(0, maxLength), enumerable: false, configurable: true, writable: false });
  return error;
}

/** The remote text attached with {@link withRemoteDetail}, if any. */
export function remoteDetailOf(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const value = (error as Record<string, unknown>)[REMOTE_DETAIL];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A message with any copy of the error's own remote detail taken out (a plugin that put it in both). */
function withoutRemoteDetail(message: string, error: unknown): string {
  const remote = remoteDetailOf(error);
  return remote && remote.length >= 4 ? message.split(remote).join('[remote text withheld]') : message;
}

/**
 * Short, log-safe description: `CODE: message` for typed errors, recognised by their stable
 * `CA_ERR_…` code rather than by class, so a plugin bundling its own copy of the core is
 * described the same; `Name: message` for other errors. Only the error's own `message`: no
 * stack, no other properties, not the `cause` (whose message is often the raw library or
 * server error), never the {@link REMOTE_DETAIL}; phone-like numbers masked.
 */
export function describeError(error: unknown): string {
  const { code, message } = error && typeof error === 'object' ? (error as { code?: unknown; message?: unknown }) : {};
  if (typeof code === 'string' && code.startsWith('CA_ERR_') && typeof message === 'string') {
    return maskNumbers(`${code}: ${withoutRemoteDetail(message, error)}`);
  }
  if (error instanceof Error) return maskNumbers(`${error.name}: ${withoutRemoteDetail(error.message, error)}`);
  return maskNumbers(String(error));
}
