import { AuthError, ClinicArrivalsError, ConfigError, RateLimitedError, UnavailableError, UnreachableError } from '@clinic-arrivals/plugin-kit';

/*
 * HTTP to the proxy with node's fetch: one place that turns answers and network failures into
 * the host's typed errors, and that ties every request to a stop signal and a timeout.
 */

/** Stable error codes of this client. */
export const PROXY_ERROR_CODES = {
  auth: 'CA_ERR_PROXY_AUTH',
  notFound: 'CA_ERR_PROXY_NOT_FOUND',
  protocol: 'CA_ERR_PROXY_PROTOCOL',
  /** A join lock the proxy cannot take (malformed, or its id is another client's): permanent. */
  joinLock: 'CA_ERR_PROXY_JOIN_LOCK',
} as const;

/** Where a request went and what for, for messages (never the key, never message content). */
export interface RequestLabel {
  what: string;
  /** The config key to name when the URL is wrong. */
  urlKey?: string;
}

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** The typed error for a non-2xx answer of the proxy. Reads the `{ error }` code when there is one. */
export async function errorForResponse(response: Response, label: RequestLabel): Promise<ClinicArrivalsError> {
  const code = await errorCodeOf(response);
  const status = response.status;
  const suffix = code ? ` (${status} ${code})` : ` (${status})`;
  const wait = retryAfterMs(response.headers.get('retry-after'));
  if (status === 401) {
    return new AuthError(`the reply proxy refused the client key for ${label.what}${suffix}; check inbox.options.clientKey against the proxy's clientKeyHash`, {
      code: PROXY_ERROR_CODES.auth,
    });
  }
  if (status === 403) {
    return new AuthError(`the reply proxy does not serve this account for ${label.what}${suffix}; check inbox.options.accountSid and the proxy's accounts`, {
      code: PROXY_ERROR_CODES.auth,
    });
  }
  if (status === 404) {
    return new ConfigError(
      `the reply proxy has no ${label.what} endpoint${suffix}; check ${label.urlKey ?? 'inbox.options.url'} and inbox.options.protocol`,
      label.urlKey ?? 'inbox.options.url',
    );
  }
  if (status === 429) return new RateLimitedError(`the reply proxy asks to slow down (${label.what})${suffix}`, { retryAfterMs: wait });
  if (status >= 500) return new UnavailableError(`the reply proxy is unavailable (${label.what})${suffix}`, { retryAfterMs: wait });
  return new ClinicArrivalsError(PROXY_ERROR_CODES.protocol, `the reply proxy answered ${label.what} unexpectedly${suffix}`, { retryable: true });
}

async function errorCodeOf(response: Response): Promise<string | undefined> {
  try {
    const text = await response.text();
    const parsed = JSON.parse(text) as { error?: unknown };
    return typeof parsed.error === 'string' && /^[a-z_]{1,40}$/.test(parsed.error) ? parsed.error : undefined;
  } catch {
    return undefined;
  }
}

/** Network failures and timeouts become `UnreachableError` (retry); an abort by `stop` is rethrown as is. */
export function errorForFailure(error: unknown, label: RequestLabel, stop: AbortSignal): unknown {
  if (stop.aborted) return error;
  if (error instanceof ClinicArrivalsError) return error;
  const name = (error as Error | undefined)?.name;
  if (name === 'TimeoutError') return new UnreachableError(`the reply proxy did not answer in time (${label.what})`, { cause: error });
  return new UnreachableError(`the reply proxy could not be reached (${label.what}): ${causeMessage(error)}`, { cause: error });
}

/** The innermost cause's code or message (fetch wraps them as `fetch failed`). */
function causeMessage(error: unknown): string {
  let current = error as { cause?: unknown; code?: unknown; message?: unknown } | undefined;
  for (let depth = 0; depth < 4 && current?.cause; depth++) current = current.cause;
  if (typeof current?.code === 'string') return current.code;
  return typeof current?.message === 'string' ? current.message : String(error);
}

/** A signal that aborts with `stop` or after `ms`. */
export function withTimeout(stop: AbortSignal, ms: number): AbortSignal {
  return AbortSignal.any([stop, AbortSignal.timeout(ms)]);
}

/** True for `http://` URLs to this machine (plain http is allowed only there). */
export function isLoopback(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Validates and normalises the base URL (no trailing slash). */
export function proxyBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('inbox.options.url: is not a valid URL, e.g. https://replies.example.org', 'inbox.options.url');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) {
    throw new ConfigError(
      "inbox.options.url: must be https (plain http only for localhost or 127.0.0.1): the client key and patients' texts travel on it",
      'inbox.options.url',
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new ConfigError('inbox.options.url: must not carry a query, #fragment or user:password', 'inbox.options.url');
  }
  return url.toString().replace(/\/+$/, '');
}
