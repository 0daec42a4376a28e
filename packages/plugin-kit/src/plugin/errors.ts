/**
 * Typed errors that tell the host what to do next. Every error carries a stable
 * `code` (CA_ERR_…) so logs and the status page can link to help.
 *
 * - {@link NotReadyError} and its kin: transient, the host retries with backoff.
 * - {@link AuthError}: fatal for that plugin until a person fixes credentials.
 * - {@link ConfigError}: fatal at start-up; names the config key.
 */
export class ClinicArrivalsError extends Error {
  /** Stable machine-readable code, e.g. `CA_ERR_PMS_UNREACHABLE`. */
  readonly code: string;
  /** True when retrying the same call later may succeed. */
  readonly retryable: boolean;
  constructor(code: string, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

/** A service is not reachable or not ready yet: retry with backoff. */
export class NotReadyError extends ClinicArrivalsError {
  constructor(message: string, options: { code?: string; cause?: unknown; retryAfterMs?: number } = {}) {
    super(options.code ?? 'CA_ERR_NOT_READY', message, { retryable: true, cause: options.cause });
    this.retryAfterMs = options.retryAfterMs;
  }
  /** A server-suggested delay before the next attempt, when known. */
  readonly retryAfterMs?: number;
}

/** Credentials were rejected. Needs a person; never retried blindly. */
export class AuthError extends ClinicArrivalsError {
  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(options.code ?? 'CA_ERR_AUTH', message, { cause: options.cause });
  }
}

/** The configuration is wrong. `key` is the JSON path of the offending value. */
export class ConfigError extends ClinicArrivalsError {
  constructor(message: string, readonly key?: string, options: { cause?: unknown } = {}) {
    super('CA_ERR_CONFIG', message, options);
  }
}

/** The PMS (or another service) did not answer: network error, timeout or 5xx. */
export class UnreachableError extends NotReadyError {
  constructor(message: string, options: { cause?: unknown; retryAfterMs?: number } = {}) {
    super(message, { ...options, code: 'CA_ERR_UNREACHABLE' });
  }
}

/** The record asked for does not exist (any more). */
export class NotFoundError extends ClinicArrivalsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('CA_ERR_NOT_FOUND', message, options);
  }
}

/** Someone else changed the record between our read and our write, and re-applying did not settle it. */
export class ConflictError extends ClinicArrivalsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('CA_ERR_CONFLICT', message, { retryable: true, cause: options.cause });
  }
}

/** The provider says the destination is not a number it can text. Permanent for that number. */
export class InvalidNumberError extends ClinicArrivalsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('CA_ERR_INVALID_NUMBER', message, options);
  }
}

/** The recipient has opted out with the provider (e.g. replied STOP). Never retried. */
export class OptedOutError extends ClinicArrivalsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('CA_ERR_OPTED_OUT', message, options);
  }
}

/** The provider asks us to slow down. */
export class RateLimitedError extends NotReadyError {
  constructor(message: string, options: { cause?: unknown; retryAfterMs?: number } = {}) {
    super(message, { ...options, code: 'CA_ERR_RATE_LIMITED' });
  }
}

/** The provider is down or unreachable (5xx, network). Retry with backoff, then report. */
export class UnavailableError extends NotReadyError {
  constructor(message: string, options: { cause?: unknown; retryAfterMs?: number; outcomeUnknown?: boolean } = {}) {
    super(message, { cause: options.cause, retryAfterMs: options.retryAfterMs, code: 'CA_ERR_UNAVAILABLE' });
    this.outcomeUnknown = options.outcomeUnknown ?? false;
  }
  /**
   * The request may have reached the provider (dropped connection, timeout, garbled answer):
   * the message may already be on the patient's phone. The host must not send it again blindly;
   * it records the send as `unknown` and reports it.
   */
  outcomeUnknown: boolean;
}

/** True when a failed send may nevertheless have been delivered (see UnavailableError.outcomeUnknown). */
export function isOutcomeUnknown(error: unknown): boolean {
  return error instanceof UnavailableError && error.outcomeUnknown;
}

/** A plugin could not be found or imported. Keeps the original error as `cause`. */
export class PluginLoadError extends ClinicArrivalsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('CA_ERR_PLUGIN_LOAD', message, options);
  }
}

export { describeError, maskNumbers } from './describe-error.js';
