import { CODES, kindOfCode, type ErrorKind } from './error-codes.js';

/**
 * Typed errors that tell the host what to do next. Every error carries a `kind` (what the host
 * does: see {@link ErrorKind} and ERRORS.md) and a stable detail `code` (CA_ERR_…) so logs and
 * the status page can link to help. Both are plain properties: the host reads them with
 * `classify()`, never with `instanceof`, so errors from a plugin's own copy of the kit count.
 * The classes below are thin constructors that set the two.
 */
export class ClinicArrivalsError extends Error {
  /** Stable machine-readable code, e.g. `CA_ERR_PMS_UNREACHABLE`. */
  readonly code: string;
  /** What the host does with this failure. */
  readonly kind: ErrorKind;
  /**
   * `kind` wins; without it, `retryable: true` means `not-ready` and `false` `permanent`;
   * without either, the kind the code has in the kit's table, else `permanent`.
   */
  constructor(code: string, message: string, options: { kind?: ErrorKind; retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.kind = options.kind ?? kindFromFlag(options.retryable) ?? kindOfCode(code) ?? 'permanent';
  }

  /** True when retrying the same call later may succeed (kind `not-ready`). */
  get retryable(): boolean {
    return this.kind === 'not-ready';
  }
}

function kindFromFlag(retryable: boolean | undefined): ErrorKind | undefined {
  return retryable === undefined ? undefined : retryable ? 'not-ready' : 'permanent';
}

/** A service is not reachable or not ready yet: retry with backoff. */
export class NotReadyError extends ClinicArrivalsError {
  constructor(message: string, options: { code?: string; cause?: unknown; retryAfterMs?: number } = {}) {
    super(options.code ?? CODES.NOT_READY, message, { kind: 'not-ready', cause: options.cause });
    this.retryAfterMs = options.retryAfterMs;
  }
  /** A server-suggested delay before the next attempt, when known. */
  readonly retryAfterMs?: number;
}

/** Credentials were rejected. Needs a person; never retried blindly. A plugin may give its own detail code. */
export class AuthError extends ClinicArrivalsError {
  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(options.code ?? CODES.AUTH, message, { kind: 'auth', cause: options.cause });
  }
}

/** The configuration is wrong. `key` is the JSON path of the offending value. */
export class ConfigError extends ClinicArrivalsError {
  constructor(
    message: string,
    readonly key?: string,
    options: { cause?: unknown } = {},
  ) {
    super(CODES.CONFIG, message, { kind: 'config', cause: options.cause });
  }
}

/** The PMS (or another service) did not answer: network error, timeout or 5xx. */
export class UnreachableError extends NotReadyError {
  constructor(message: string, options: { cause?: unknown; retryAfterMs?: number } = {}) {
    super(message, { ...options, code: CODES.UNREACHABLE });
  }
}

/** The record asked for does not exist (any more). */
export class NotFoundError extends ClinicArrivalsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(CODES.NOT_FOUND, message, { kind: 'permanent', cause: options.cause });
  }
}

/** Someone else changed the record between our read and our write, and re-applying did not settle it. Retried. */
export class ConflictError extends ClinicArrivalsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(CODES.CONFLICT, message, { kind: 'not-ready', cause: options.cause });
  }
}

/** The provider says the destination is not a number it can text. Permanent for that number. */
export class InvalidNumberError extends ClinicArrivalsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(CODES.INVALID_NUMBER, message, { kind: 'permanent', cause: options.cause });
  }
}

/** The recipient has opted out with the provider (e.g. replied STOP). Never retried. */
export class OptedOutError extends ClinicArrivalsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(CODES.OPTED_OUT, message, { kind: 'permanent', cause: options.cause });
  }
}

/** The provider asks us to slow down. */
export class RateLimitedError extends NotReadyError {
  constructor(message: string, options: { cause?: unknown; retryAfterMs?: number } = {}) {
    super(message, { ...options, code: CODES.RATE_LIMITED });
  }
}

/**
 * The provider is down or unreachable (5xx, network): kind `not-ready`, retried with backoff.
 * With `outcomeUnknown` the request may have reached the provider (dropped connection, timeout,
 * garbled answer): kind `outcome-unknown`, so it is never retried, by the host or by `withRetry`.
 */
export class UnavailableError extends NotReadyError {
  constructor(message: string, options: { cause?: unknown; retryAfterMs?: number; outcomeUnknown?: boolean } = {}) {
    super(message, { cause: options.cause, retryAfterMs: options.retryAfterMs, code: CODES.UNAVAILABLE });
    if (options.outcomeUnknown) setKind(this, 'outcome-unknown');
  }

  /**
   * The message may already be on the patient's phone: the host records the send as `unknown`
   * and reports it instead of sending it again. The same as `kind === 'outcome-unknown'`;
   * setting it sets the kind (prefer the constructor option).
   */
  get outcomeUnknown(): boolean {
    return this.kind === 'outcome-unknown';
  }

  set outcomeUnknown(value: boolean) {
    setKind(this, value ? 'outcome-unknown' : 'not-ready');
  }
}

/** `kind` is read-only to users of the classes; UnavailableError's flag is the one way to change it. */
function setKind(error: ClinicArrivalsError, kind: ErrorKind): void {
  (error as { kind: ErrorKind }).kind = kind;
}

/** A plugin could not be found or imported. Keeps the original error as `cause`. */
export class PluginLoadError extends ClinicArrivalsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(CODES.PLUGIN_LOAD, message, { kind: 'config', cause: options.cause });
  }
}

export { describeError, maskNumbers } from './describe-error.js';
