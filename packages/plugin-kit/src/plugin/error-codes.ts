/*
 * The one table of error codes (see ERRORS.md). Every error has a kind, which says what the
 * host does, and a code, which says what exactly went wrong. Plugins declare their own detail
 * codes the same way, in one place per plugin, and give each a kind; the host never needs to
 * know a plugin's codes to act on its errors.
 */

/**
 * What the host does with a failure:
 * - `not-ready`: transient; retry with backoff (a send waits in the outbox, a plugin start is retried).
 * - `auth`: credentials rejected; mark the plugin down and alert a person, never retry blindly.
 * - `config`: the configuration is wrong; refuse to start, naming the key.
 * - `permanent`: this one call cannot succeed; fail the step (a send is recorded as failed).
 * - `outcome-unknown`: a send may have reached the provider; record it as unknown and never resend on its own.
 */
export type ErrorKind = 'not-ready' | 'auth' | 'config' | 'permanent' | 'outcome-unknown';

/** Every kind, in the order of the docs. */
export const ERROR_KINDS: readonly ErrorKind[] = ['not-ready', 'auth', 'config', 'permanent', 'outcome-unknown'];

/** True when `value` is one of the {@link ErrorKind} strings. */
export function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === 'string' && (ERROR_KINDS as readonly string[]).includes(value);
}

/** One row of an error-code table. */
export interface ErrorCodeInfo {
  /** The kind an error with this code has unless it says otherwise. */
  kind: ErrorKind;
  /** One line for the docs and the status page's help. */
  meaning: string;
  /** `stable`: plugins, integrators and alerts may rely on it. `internal`: the host's own, may change. */
  stability: 'stable' | 'internal';
}

/** The codes the kit and the host define, by name, so code compares constants rather than string literals. */
export const CODES = {
  NOT_READY: 'CA_ERR_NOT_READY',
  UNREACHABLE: 'CA_ERR_UNREACHABLE',
  UNAVAILABLE: 'CA_ERR_UNAVAILABLE',
  RATE_LIMITED: 'CA_ERR_RATE_LIMITED',
  CONFLICT: 'CA_ERR_CONFLICT',
  AUTH: 'CA_ERR_AUTH',
  CONFIG: 'CA_ERR_CONFIG',
  PLUGIN_LOAD: 'CA_ERR_PLUGIN_LOAD',
  NOT_FOUND: 'CA_ERR_NOT_FOUND',
  INVALID_NUMBER: 'CA_ERR_INVALID_NUMBER',
  OPTED_OUT: 'CA_ERR_OPTED_OUT',
  // The host's own codes, for failures it reports itself.
  PLUGIN: 'CA_ERR_PLUGIN',
  PLUGIN_START: 'CA_ERR_PLUGIN_START',
  SEND: 'CA_ERR_SEND',
  SEND_FAILED: 'CA_ERR_SEND_FAILED',
  TEMPLATE: 'CA_ERR_TEMPLATE',
  VALIDATION: 'CA_ERR_VALIDATION',
  // The local HTTP API's refusals (see core/api/README.md): what a client is told, never a plugin's failure.
  SIGN_IN: 'CA_ERR_SIGN_IN',
  SIGN_IN_LOCKED: 'CA_ERR_SIGN_IN_LOCKED',
  CSRF: 'CA_ERR_CSRF',
  FORBIDDEN: 'CA_ERR_FORBIDDEN',
  STORE_UNUSABLE: 'CA_ERR_STORE_UNUSABLE',
  UNSUPPORTED_CHARSET: 'CA_ERR_UNSUPPORTED_CHARSET',
  DAILY_CAP: 'CA_ERR_DAILY_CAP',
  QUIET_HOURS: 'CA_ERR_QUIET_HOURS',
  WHITELIST: 'CA_ERR_WHITELIST',
  TOO_LONG: 'CA_ERR_TOO_LONG',
} as const;

/** A code of {@link CODES}. */
export type KnownErrorCode = (typeof CODES)[keyof typeof CODES];

/** Code → kind, meaning and stability, for every code in {@link CODES}. */
export const ERROR_CODES: Readonly<Record<KnownErrorCode, ErrorCodeInfo>> = {
  [CODES.NOT_READY]: { kind: 'not-ready', meaning: 'a service is not ready yet', stability: 'stable' },
  [CODES.UNREACHABLE]: { kind: 'not-ready', meaning: 'a service did not answer (network error, timeout)', stability: 'stable' },
  [CODES.UNAVAILABLE]: {
    kind: 'not-ready',
    meaning: 'the provider is down or unreachable (kind outcome-unknown when the request may have gone through)',
    stability: 'stable',
  },
  [CODES.RATE_LIMITED]: { kind: 'not-ready', meaning: 'the provider asks us to slow down', stability: 'stable' },
  [CODES.CONFLICT]: { kind: 'not-ready', meaning: 'the record changed between our read and our write', stability: 'stable' },
  [CODES.AUTH]: { kind: 'auth', meaning: 'credentials rejected', stability: 'stable' },
  [CODES.CONFIG]: { kind: 'config', meaning: 'the configuration is wrong (the error names the key)', stability: 'stable' },
  [CODES.PLUGIN_LOAD]: { kind: 'config', meaning: 'a plugin could not be found or imported', stability: 'stable' },
  [CODES.NOT_FOUND]: { kind: 'permanent', meaning: 'the record asked for does not exist (any more)', stability: 'stable' },
  [CODES.INVALID_NUMBER]: { kind: 'permanent', meaning: 'the destination cannot receive SMS', stability: 'stable' },
  [CODES.OPTED_OUT]: { kind: 'permanent', meaning: 'the recipient opted out (replied STOP)', stability: 'stable' },
  [CODES.PLUGIN]: { kind: 'permanent', meaning: 'a plugin call failed without a code of its own', stability: 'internal' },
  [CODES.PLUGIN_START]: { kind: 'permanent', meaning: 'a plugin could not start (when its error had no code)', stability: 'internal' },
  [CODES.SEND]: { kind: 'permanent', meaning: 'a send failed without a code of its own', stability: 'internal' },
  [CODES.SEND_FAILED]: {
    kind: 'permanent',
    meaning: '"send again": the provider did not take the copy (kind not-ready when it may take it later)',
    stability: 'internal',
  },
  [CODES.TEMPLATE]: { kind: 'config', meaning: 'a message template is invalid', stability: 'internal' },
  [CODES.VALIDATION]: { kind: 'permanent', meaning: 'an API request failed its schema', stability: 'stable' },
  [CODES.SIGN_IN]: { kind: 'permanent', meaning: 'API: not signed in, or wrong name or password', stability: 'stable' },
  [CODES.SIGN_IN_LOCKED]: { kind: 'not-ready', meaning: 'API: too many failed sign-ins; try again later', stability: 'stable' },
  [CODES.CSRF]: { kind: 'permanent', meaning: 'API: missing or wrong CSRF token', stability: 'stable' },
  [CODES.FORBIDDEN]: { kind: 'permanent', meaning: 'API: the route needs an admin account', stability: 'stable' },
  [CODES.STORE_UNUSABLE]: { kind: 'not-ready', meaning: 'API: the store cannot be used', stability: 'stable' },
  [CODES.UNSUPPORTED_CHARSET]: { kind: 'permanent', meaning: 'API: a JSON body that is not UTF-8', stability: 'stable' },
  [CODES.DAILY_CAP]: { kind: 'permanent', meaning: "API: the number has had today's maximum of texts", stability: 'stable' },
  [CODES.QUIET_HOURS]: { kind: 'permanent', meaning: 'API: a staff reply outside quiet hours is refused', stability: 'stable' },
  [CODES.WHITELIST]: { kind: 'permanent', meaning: 'API: test mode and the number is not on the whitelist', stability: 'stable' },
  [CODES.TOO_LONG]: { kind: 'permanent', meaning: 'API: a staff reply over 3 SMS segments', stability: 'stable' },
};

/** How every error code is spelled. */
export const ERROR_CODE_PATTERN = /^CA_ERR_[A-Z0-9_]+$/;

/** The table's kind for `code`, if the kit or the host defines it. */
export function kindOfCode(code: string): ErrorKind | undefined {
  return Object.hasOwn(ERROR_CODES, code) ? ERROR_CODES[code as KnownErrorCode].kind : undefined;
}

/**
 * Type-checks a plugin's own table of detail codes (keys spelled `CA_ERR_…`, each with its
 * kind and meaning) and returns it unchanged: one place per plugin to look them up.
 *
 * @example
 * export const PMS_ERROR_CODES = declareErrorCodes({
 *   CA_ERR_PMS_SERVER: { kind: 'not-ready', meaning: 'the FHIR server answered 5xx', stability: 'stable' },
 * });
 */
export function declareErrorCodes<const T extends Record<`CA_ERR_${string}`, ErrorCodeInfo>>(codes: T): T {
  return codes;
}
