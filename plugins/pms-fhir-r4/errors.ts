import {
  AuthError,
  ClinicArrivalsError,
  declareErrorCodes,
  NotFoundError,
  NotReadyError,
  RateLimitedError,
  UnreachableError,
} from '@clinic-arrivals/plugin-kit';

/**
 * The plugin's own detail codes, in one place; every other failure uses the kit's codes (see
 * the kit's ERRORS.md). Each error carries its kind, so the host needs none of these to act.
 */
export const PMS_ERROR_CODES = declareErrorCodes({
  /**
   * The FHIR server (or a gateway in front of it) answered, but with a server error (5xx) or an
   * answer that cannot be read. Retried like an outage; coded apart from `CA_ERR_UNREACHABLE`
   * (no answer at all), because the fix is on the server, not the network.
   */
  CA_ERR_PMS_SERVER: { kind: 'not-ready', meaning: 'the FHIR server answered 5xx or something unreadable', stability: 'stable' },
  CA_ERR_PMS_AUTH: { kind: 'auth', meaning: 'the FHIR server or its token endpoint refused the credentials', stability: 'stable' },
  CA_ERR_PMS_REJECTED: { kind: 'permanent', meaning: 'the FHIR server refused the request (a 4xx other than 401/403/404/410/429)', stability: 'stable' },
  CA_ERR_PMS: { kind: 'permanent', meaning: 'a FHIR call failed in a way the plugin did not map (a bug)', stability: 'internal' },
});

/** A code of {@link PMS_ERROR_CODES}. */
export type PmsErrorCode = keyof typeof PMS_ERROR_CODES;

/** See {@link PMS_ERROR_CODES}. */
export const PMS_SERVER_ERROR = 'CA_ERR_PMS_SERVER' satisfies PmsErrorCode;
/** See {@link PMS_ERROR_CODES}. */
export const PMS_AUTH_ERROR = 'CA_ERR_PMS_AUTH' satisfies PmsErrorCode;
/** See {@link PMS_ERROR_CODES}. */
export const PMS_REJECTED_ERROR = 'CA_ERR_PMS_REJECTED' satisfies PmsErrorCode;
/** See {@link PMS_ERROR_CODES}. */
export const PMS_UNMAPPED_ERROR = 'CA_ERR_PMS' satisfies PmsErrorCode;

/** A server-side failure of the FHIR server: see {@link PMS_SERVER_ERROR}. */
export function pmsServerError(message: string, options: { cause?: unknown; retryAfterMs?: number } = {}): NotReadyError {
  return new NotReadyError(message, { ...options, code: PMS_SERVER_ERROR });
}
import { withRemoteDetail } from '@clinic-arrivals/plugin-kit';

/*
 * Text a FHIR server sends with a failure (OperationOutcome diagnostics and details.text, a
 * gateway's error page) is untrusted and may hold anything: PMSs write "Appointment for <full
 * name> (DOB …) is locked by <staff>". Error messages, which reach logs and the status page,
 * carry only what we can vouch for: the call made, the HTTP status, the OperationOutcome's
 * issue severity/code when they are codes of FHIR's own value sets, and a fixed description.
 * The remote text goes only into the error's non-enumerable `remoteDetail`, which the
 * connection logs at debug level when `logRemoteErrorText` is on (off by default).
 */

/** FHIR IssueSeverity (R4/R5). */
export const ISSUE_SEVERITIES: ReadonlySet<string> = new Set(['fatal', 'error', 'warning', 'information', 'success']);

/** FHIR IssueType (R4, plus R5's additions). Anything else a server puts in `code` is dropped. */
export const ISSUE_TYPES: ReadonlySet<string> = new Set([
  'invalid',
  'structure',
  'required',
  'value',
  'invariant',
  'security',
  'login',
  'unknown',
  'expired',
  'forbidden',
  'suppressed',
  'processing',
  'not-supported',
  'duplicate',
  'multiple-matches',
  'not-found',
  'deleted',
  'too-long',
  'code-invalid',
  'extension',
  'too-costly',
  'business-rule',
  'conflict',
  'limited-filter',
  'transient',
  'lock-error',
  'no-store',
  'exception',
  'timeout',
  'incomplete',
  'throttled',
  'informational',
  'success',
]);

/** The token syntax of those value sets; checked before the membership test. */
const TOKEN = /^[a-z-]{1,40}$/;
/** Node/undici network error codes (ECONNREFUSED, UND_ERR_SOCKET…). */
const NETWORK_CODE = /^[A-Z][A-Z0-9_]{1,39}$/;
/** Longest remote text kept in `remoteDetail`. */
const MAX_REMOTE_DETAIL = 500;
/** Issues named in a message; a server listing more gets `+N more`. */
const MAX_ISSUES = 3;

/** One OperationOutcome issue, reduced to the codes that passed validation. */
export interface OutcomeIssue {
  severity?: string;
  code?: string;
}

/** What went wrong with one HTTP exchange, independent of the client library's error shape. */
export interface FailureFacts {
  kind: 'network' | 'timeout' | 'http' | 'garbage';
  status?: number;
  /** The OperationOutcome's issues, severity and code only, each validated (invalid values dropped). */
  issues?: OutcomeIssue[];
  /** A fixed note about the body when it was not FHIR JSON, e.g. `the body was not JSON (1234 bytes)`. */
  bodyNote?: string;
  /** A validated network error code (ECONNREFUSED…), for network failures. */
  networkCode?: string;
  /** Remote (or library) text: diagnostics, details.text, a body excerpt. Never goes into a message. */
  remoteDetail?: string;
  retryAfterMs?: number;
}

/** Reads the facts out of whatever fhir-kit-client (or fetch underneath) threw. */
export function failureFacts(error: unknown): FailureFacts {
  const e = error as {
    name?: string;
    message?: string;
    response?: { status?: number; data?: unknown };
    config?: { headers?: Headers };
  };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return { kind: 'timeout' };
  const status = e?.response?.status;
  if (typeof status !== 'number') {
    return { kind: 'network', networkCode: networkCodeOf(error), remoteDetail: messagesOf(error) };
  }
  const data = e.response?.data;
  const retryAfter = e.config?.headers?.get?.('retry-after');
  const retryAfterMs = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : undefined;
  if (typeof data === 'string') {
    // A body that is not JSON: a proxy's error page or a broken server.
    return {
      kind: status < 400 ? 'garbage' : 'http',
      status,
      bodyNote: `the body was not JSON (${data.length} bytes)`,
      remoteDetail: data.slice(0, MAX_REMOTE_DETAIL),
      retryAfterMs,
    };
  }
  const outcome = readOutcome(data);
  if (outcome) return { kind: 'http', status, issues: outcome.issues, remoteDetail: outcome.text, retryAfterMs };
  return {
    kind: 'http',
    status,
    ...(data !== undefined && data !== null ? { bodyNote: 'the body was not an OperationOutcome', remoteDetail: excerpt(data) } : {}),
    retryAfterMs,
  };
}

/**
 * An OperationOutcome's issues (validated severity and code) and its human text (diagnostics
 * and details.text, joined), if the body is one. The text is remote: keep it out of messages.
 */
export function readOutcome(data: unknown): { issues: OutcomeIssue[]; text?: string } | undefined {
  const outcome = data as { resourceType?: unknown; issue?: unknown };
  if (outcome?.resourceType !== 'OperationOutcome' || !Array.isArray(outcome.issue)) return undefined;
  const issues: OutcomeIssue[] = [];
  const texts: string[] = [];
  for (const raw of outcome.issue as Array<{ severity?: unknown; code?: unknown; diagnostics?: unknown; details?: { text?: unknown } }>) {
    if (!raw || typeof raw !== 'object') continue;
    const severity = validToken(raw.severity, ISSUE_SEVERITIES);
    const code = validToken(raw.code, ISSUE_TYPES);
    if (severity || code) issues.push({ ...(severity ? { severity } : {}), ...(code ? { code } : {}) });
    for (const text of [raw.diagnostics, raw.details?.text]) {
      if (typeof text === 'string' && text.trim() && !texts.includes(text.trim())) texts.push(text.trim());
    }
  }
  const text = texts.join('; ').slice(0, MAX_REMOTE_DETAIL);
  return { issues, ...(text ? { text } : {}) };
}

/** `value` when it is a string of the value set's token syntax and a member of `allowed`; otherwise undefined. */
export function validToken(value: unknown, allowed: ReadonlySet<string>): string | undefined {
  return typeof value === 'string' && TOKEN.test(value) && allowed.has(value) ? value : undefined;
}

/** A fixed description of an HTTP status, for messages. */
export function describeStatus(status: number): string {
  switch (status) {
    case 400:
      return 'the server refused the request as invalid';
    case 401:
      return 'the server refused the credentials';
    case 403:
      return 'the server refused: the credentials do not allow this';
    case 404:
      return 'no such resource on the server';
    case 405:
      return 'the server refused: operation not allowed';
    case 409:
      return "the server refused the change: conflict with the record's current state (for example locked by another user)";
    case 410:
      return 'the resource was deleted on the server';
    case 412:
      return 'the server refused the change: the resource changed since it was read';
    case 422:
      return "the server refused the change: it breaks one of the server's rules";
    case 429:
      return 'the server asks to slow down';
    case 502:
    case 503:
    case 504:
      return 'the server (or a gateway in front of it) is unavailable';
    default:
      if (status >= 500) return 'the server failed';
      if (status >= 400) return 'the server refused the request';
      return 'the server sent an unexpected answer';
  }
}

/** `; OperationOutcome error/lock-error, warning/informational` — only validated codes, at most three. */
function issuesText(issues: OutcomeIssue[] | undefined): string {
  if (!issues?.length) return '';
  const named = [...new Set(issues.map((i) => [i.severity ?? '?', i.code ?? '?'].join('/')))];
  const more = named.length > MAX_ISSUES ? `, +${named.length - MAX_ISSUES} more` : '';
  return `; OperationOutcome ${named.slice(0, MAX_ISSUES).join(', ')}${more}`;
}

/**
 * Maps a failure to the host's typed errors (retryable ones: network and timeout as
 * `CA_ERR_UNREACHABLE`, 5xx and an unreadable body as `CA_ERR_PMS_SERVER`, 429). `what` names the call, e.g. `search Appointment`. A server's Retry-After is capped
 * at `maxRetryAfterMs` when given. The message holds only fixed text, the status and the
 * validated issue codes; the server's own text is on the error's `remoteDetail`.
 */
export function toTypedError(error: unknown, what: string, maxRetryAfterMs?: number): ClinicArrivalsError {
  if (error instanceof ClinicArrivalsError) return error;
  const facts = failureFacts(error);
  const typed = typedErrorFor(facts, error, what, maxRetryAfterMs);
  return withRemoteDetail(typed, facts.remoteDetail, MAX_REMOTE_DETAIL);
}

function typedErrorFor(facts: FailureFacts, error: unknown, what: string, maxRetryAfterMs: number | undefined): ClinicArrivalsError {
  switch (facts.kind) {
    case 'timeout':
      return new UnreachableError(`FHIR server timed out (${what})`, { cause: error });
    case 'network':
      return new UnreachableError(`FHIR server unreachable (${what})${facts.networkCode ? `: ${facts.networkCode}` : ''}`, { cause: error });
    case 'garbage':
      return pmsServerError(`FHIR server sent an unreadable response (${what})`, { cause: error });
    default:
      break;
  }
  const status = facts.status ?? 0;
  const retryAfterMs = facts.retryAfterMs !== undefined && maxRetryAfterMs !== undefined ? Math.min(facts.retryAfterMs, maxRetryAfterMs) : facts.retryAfterMs;
  const message = `FHIR server answered ${status} (${what}): ${describeStatus(status)}${facts.bodyNote ? `; ${facts.bodyNote}` : ''}${issuesText(facts.issues)}`;
  if (status === 401 || status === 403) return new AuthError(message, { code: PMS_AUTH_ERROR, cause: error });
  if (status === 404 || status === 410) return new NotFoundError(message, { cause: error });
  if (status === 429) return new RateLimitedError(message, { cause: error, retryAfterMs });
  if (status >= 500) return pmsServerError(message, { cause: error, retryAfterMs });
  return new ClinicArrivalsError(PMS_REJECTED_ERROR, message, { kind: 'permanent', cause: error });
}

/** HTTP status of a failure, when it was an HTTP answer. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { response?: { status?: unknown } })?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

/** The first validated network code (ECONNREFUSED…) along the cause chain. */
export function networkCodeOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODE.test(code)) return code;
  }
  return undefined;
}

/** The messages along the cause chain, for `remoteDetail` only. */
function messagesOf(error: unknown): string | undefined {
  const messages: string[] = [];
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && message) messages.push(message);
  }
  return messages.length ? messages.join(': ').slice(0, MAX_REMOTE_DETAIL) : undefined;
}

function excerpt(data: unknown): string | undefined {
  try {
    return JSON.stringify(data)?.slice(0, MAX_REMOTE_DETAIL);
  } catch {
    return undefined;
  }
}
