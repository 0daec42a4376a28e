import { AuthError, ClinicArrivalsError, NotReadyError, UnavailableError } from '@clinic-arrivals/plugin-kit';

/*
 * What kind of typed error a plugin threw. Decided by the stable `code` (and `retryable`)
 * as well as by class, because a plugin may carry its own copy of core (bundled, or loaded
 * into a separate module instance), where `instanceof` against the host's classes fails.
 */

interface TypedErrorShape {
  code?: unknown;
  retryable?: unknown;
  retryAfterMs?: unknown;
  outcomeUnknown?: unknown;
  name?: unknown;
  message?: unknown;
}

function shape(error: unknown): TypedErrorShape {
  return error && typeof error === 'object' ? error : {};
}

/** The error's `CA_ERR_…` code, if it carries one. */
export function errorCode(error: unknown): string | undefined {
  const code = shape(error).code;
  return typeof code === 'string' && code.startsWith('CA_ERR_') ? code : undefined;
}

/** Transient: retry later with backoff (NotReadyError and kin, or any typed error marked retryable). */
export function isRetryableError(error: unknown): boolean {
  if (error instanceof NotReadyError) return true;
  if (error instanceof ClinicArrivalsError) return error.retryable;
  return errorCode(error) !== undefined && shape(error).retryable === true;
}

/** A failed send that may nevertheless have reached the provider (UnavailableError.outcomeUnknown). */
export function isOutcomeUnknownError(error: unknown): boolean {
  return error instanceof UnavailableError ? error.outcomeUnknown : shape(error).outcomeUnknown === true;
}

/** The NotReadyError family specifically (start-up: keep going and retry). */
export function isNotReadyError(error: unknown): boolean {
  if (error instanceof NotReadyError) return true;
  if (error instanceof ClinicArrivalsError) return false;
  const code = errorCode(error);
  return code !== undefined && shape(error).retryable === true && code !== 'CA_ERR_CONFLICT';
}

/** Credentials rejected: needs a person. */
export function isAuthError(error: unknown): boolean {
  return error instanceof AuthError || shape(error).name === 'AuthError' || errorCode(error) === 'CA_ERR_AUTH';
}

/** True when the error has exactly this code. */
export function hasErrorCode(error: unknown, code: string): boolean {
  return errorCode(error) === code;
}

/** A provider's suggested delay before retrying, when it gave one. */
export function retryAfterMsOf(error: unknown): number | undefined {
  const value = shape(error).retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

// The one log-safe description, also used outside the executor (API, CLI, proxy client).
export { describeError } from '@clinic-arrivals/plugin-kit';
