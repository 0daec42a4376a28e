import {
  AuthError,
  ClinicArrivalsError,
  NotFoundError,
  RateLimitedError,
  UnreachableError,
} from '../../core/plugin/errors.js';

/** What went wrong with one HTTP exchange, independent of the client library's error shape. */
export interface FailureFacts {
  kind: 'network' | 'timeout' | 'http' | 'garbage';
  status?: number;
  /** The OperationOutcome's text (or a short body excerpt), log-safe length. */
  detail?: string;
  retryAfterMs?: number;
}

const MAX_DETAIL = 200;

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
  if (typeof status !== 'number') return { kind: 'network', detail: e?.message?.slice(0, MAX_DETAIL) };
  const data = e.response?.data;
  const retryAfter = e.config?.headers?.get?.('retry-after');
  const retryAfterMs = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : undefined;
  if (typeof data === 'string') {
    // A body that is not JSON: a proxy's error page or a broken server.
    return { kind: status < 400 ? 'garbage' : 'http', status, detail: `unreadable response body (${data.length} bytes)`, retryAfterMs };
  }
  return { kind: 'http', status, detail: outcomeText(data), retryAfterMs };
}

/** The human text of an OperationOutcome, if the body is one. */
export function outcomeText(data: unknown): string | undefined {
  const outcome = data as { resourceType?: string; issue?: Array<{ diagnostics?: string; details?: { text?: string }; code?: string }> };
  if (outcome?.resourceType !== 'OperationOutcome' || !Array.isArray(outcome.issue)) return undefined;
  const text = outcome.issue
    .map((i) => i.details?.text ?? i.diagnostics ?? i.code)
    .filter(Boolean)
    .join('; ');
  return text ? text.slice(0, MAX_DETAIL) : undefined;
}

/**
 * Maps a failure to the host's typed errors (retryable ones: network, timeout, unreadable body,
 * 5xx, 429). `what` names the call, e.g. `search Appointment`. A server's Retry-After is capped
 * at `maxRetryAfterMs` when given.
 */
export function toTypedError(error: unknown, what: string, maxRetryAfterMs?: number): ClinicArrivalsError {
  if (error instanceof ClinicArrivalsError) return error;
  const facts = failureFacts(error);
  const suffix = facts.detail ? `: ${facts.detail}` : '';
  switch (facts.kind) {
    case 'timeout':
      return new UnreachableError(`FHIR server timed out (${what})`, { cause: error });
    case 'network':
      return new UnreachableError(`FHIR server unreachable (${what})${suffix}`, { cause: error });
    case 'garbage':
      return new UnreachableError(`FHIR server sent an unreadable response (${what})`, { cause: error });
    default:
      break;
  }
  const status = facts.status ?? 0;
  const retryAfterMs = facts.retryAfterMs !== undefined && maxRetryAfterMs !== undefined
    ? Math.min(facts.retryAfterMs, maxRetryAfterMs)
    : facts.retryAfterMs;
  const message = `FHIR server answered ${status} (${what})${suffix}`;
  if (status === 401 || status === 403) return new AuthError(message, { code: 'CA_ERR_PMS_AUTH', cause: error });
  if (status === 404 || status === 410) return new NotFoundError(message, { cause: error });
  if (status === 429) return new RateLimitedError(message, { cause: error, retryAfterMs });
  if (status >= 500) return new UnreachableError(message, { cause: error, retryAfterMs });
  return new ClinicArrivalsError('CA_ERR_PMS_REJECTED', message, { cause: error });
}

/** HTTP status of a failure, when it was an HTTP answer. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { response?: { status?: unknown } })?.response?.status;
  return typeof status === 'number' ? status : undefined;
}
