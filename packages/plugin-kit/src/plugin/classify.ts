import { ERROR_CODE_PATTERN, isErrorKind, kindOfCode, type ErrorKind } from './error-codes.js';

/*
 * The one classifier. It reads plain properties (`kind`, `code`, `retryAfterMs`), never
 * `instanceof`, so an error made by a second copy of the kit (bundled by a plugin, or loaded
 * as a separate module instance) is classified exactly like one made by the host's copy.
 */

/** What the host needs to know about a failure: see ERRORS.md. */
export interface ErrorClassification {
  /** What the host does (retry, mark down, refuse to start, fail the step, record as unknown). */
  kind: ErrorKind;
  /** The `CA_ERR_…` detail code, when the error carries one. */
  code?: string;
  /** A server-suggested wait before the next attempt, when the error carries a valid one. */
  retryAfterMs?: number;
}

/**
 * The kind of anything thrown without a `CA_ERR_…` code (a plain `Error`, a library's network
 * error, a string). `permanent`, because that is how the host has always treated them: an
 * untyped error from a plugin is a bug, and for a send it is unknown whether the request left,
 * so resending could text the patient twice. Plugins map network failures to typed errors
 * (UnreachableError, UnavailableError) where they know whether a retry is safe.
 */
export const UNTYPED_ERROR_KIND: ErrorKind = 'permanent';

interface ErrorFields {
  kind?: unknown;
  code?: unknown;
  retryable?: unknown;
  outcomeUnknown?: unknown;
  retryAfterMs?: unknown;
}

/** Kind, code and server-suggested delay of anything thrown. */
export function classify(error: unknown): ErrorClassification {
  const fields: ErrorFields = error !== null && typeof error === 'object' ? error : {};
  const code = typeof fields.code === 'string' && ERROR_CODE_PATTERN.test(fields.code) ? fields.code : undefined;
  const kind = code === undefined ? UNTYPED_ERROR_KIND : kindOf(fields, code);
  const retryAfterMs = validDelay(fields.retryAfterMs);
  return { kind, ...(code !== undefined ? { code } : {}), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
}

function kindOf(fields: ErrorFields, code: string): ErrorKind {
  if (isErrorKind(fields.kind)) return fields.kind;
  // A typed error from a kit older than kinds: its flags, then the table.
  if (fields.outcomeUnknown === true) return 'outcome-unknown';
  if (fields.retryable === true) return 'not-ready';
  return kindOfCode(code) ?? 'permanent';
}

function validDelay(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** The error's `CA_ERR_…` code, if it carries one. */
export const errorCode = (error: unknown): string | undefined => classify(error).code;

/** Transient: retrying later may succeed (kind `not-ready`). */
export const isRetryable = (error: unknown): boolean => classify(error).kind === 'not-ready';

/** A failed send that may nevertheless have been delivered: never resend it on its own (kind `outcome-unknown`). */
export const isOutcomeUnknown = (error: unknown): boolean => classify(error).kind === 'outcome-unknown';

/** Credentials rejected: needs a person (kind `auth`, whatever the plugin's detail code). */
export const isAuthError = (error: unknown): boolean => classify(error).kind === 'auth';

/** A server's suggested delay before retrying, when the error carries one. */
export const retryAfterMsOf = (error: unknown): number | undefined => classify(error).retryAfterMs;
