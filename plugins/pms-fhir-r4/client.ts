import { Client, type FhirResource, type RequestOptions } from 'fhir-kit-client';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import { maskNumbers, remoteDetailOf, withRemoteDetail } from '@clinic-arrivals/plugin-kit';
import { classify, ClinicArrivalsError } from '@clinic-arrivals/plugin-kit';
import type { PluginHealthReporter } from '@clinic-arrivals/plugin-kit';
import { withRetry } from '@clinic-arrivals/plugin-kit';
import type { AuthProvider } from './auth.js';
import { PMS_UNMAPPED_ERROR, pmsServerError, statusOf, toTypedError } from './errors.js';
import type { FhirPmsOptions } from './options.js';

/** A FHIR resource as JSON; the plugin keeps unknown fields untouched. */
export type Resource = FhirResource & { id?: string; meta?: { versionId?: string } };
export interface Bundle extends FhirResource {
  resourceType: 'Bundle';
  meta?: { lastUpdated?: string };
  entry?: Array<{ fullUrl?: string; resource?: Resource; search?: { mode?: string } }>;
  link?: Array<{ relation: string; url: string }>;
}

/** A resource read with the version it had, from `meta.versionId` or the ETag. */
export interface VersionedRead {
  resource: Resource;
  versionId?: string;
}

/** Waits `ms` milliseconds; injectable so tests of retry paths run instantly. */
export type Sleep = (ms: number) => Promise<void>;

export interface ConnectionDeps {
  logger: Logger;
  /** @default a real timer */
  sleep?: Sleep;
  /** Where retries are reported, so a call that worked only on a later try still shows on the host's health. */
  health?: PluginHealthReporter;
}

/**
 * The plugin's one way to talk to the FHIR server: fhir-kit-client plus per-request timeouts,
 * the Authorization header, one token refresh on 401, retries with backoff for network
 * errors/5xx/429/garbage, and typed errors. Counts requests (for health and the bench).
 */
export class FhirConnection {
  private readonly client: Client;
  /** HTTP requests sent to the FHIR server, retries included. */
  requestCount = 0;

  constructor(
    private readonly options: FhirPmsOptions,
    private readonly auth: AuthProvider,
    private readonly deps: ConnectionDeps,
  ) {
    this.client = new Client({ baseUrl: options.baseUrl, customHeaders: { ...options.headers } });
  }

  /** `GET [base]/metadata`. */
  capabilityStatement(): Promise<Resource> {
    return this.call('read metadata', (o) => this.client.capabilityStatement(o) as Promise<Resource>);
  }

  /** A type-level search; array values repeat the parameter. */
  search(resourceType: string, searchParams: Record<string, string | string[]>): Promise<Bundle> {
    return this.call(`search ${resourceType}`, (o) => this.client.search({ resourceType, searchParams, options: o }).then(asBundle));
  }

  /** Follows the bundle's `next` link; undefined on the last page. */
  async nextPage(bundle: Bundle): Promise<Bundle | undefined> {
    if (!bundle.link?.some((l) => l.relation === 'next')) return undefined;
    return this.call('next page', (o) => (this.client.nextPage({ bundle: bundle as never, options: o }) as Promise<unknown>).then(asBundle));
  }

  async read(resourceType: string, id: string): Promise<VersionedRead> {
    const resource = await this.call(`read ${resourceType}`, (o) => this.client.read({ resourceType, id, options: o }) as Promise<Resource>);
    const etag = Client.httpFor(resource).response?.headers.get('etag') ?? undefined;
    return { resource, versionId: resource.meta?.versionId ?? versionFromEtag(etag) };
  }

  /** PUT; conditional on `versionId` when given (If-Match). A 412 surfaces as a raw error for the caller. */
  update(resource: Resource, versionId: string | undefined): Promise<Resource> {
    const headers: Record<string, string> = versionId ? { 'if-match': `W/"${versionId}"` } : {};
    return this.call(
      `update ${resource.resourceType}`,
      (o) =>
        this.client.update({
          resourceType: resource.resourceType,
          id: resource.id!,
          body: resource,
          options: { ...o, headers: { ...o.headers, ...headers } },
        }) as Promise<Resource>,
      { passThroughStatus: 412 },
    );
  }

  /**
   * One logical call: auth header, timeout, a token refresh on 401 (once), retries with backoff
   * for transient failures (network, timeout, 5xx, 429, unreadable body), then a typed error.
   * `passThroughStatus` lets one HTTP status reach the caller raw (412 for conditional updates).
   */
  private call<T>(what: string, send: (options: RequestOptions) => Promise<T>, opts: { passThroughStatus?: number } = {}): Promise<T> {
    return withRetry(() => this.attempt(what, send, opts.passThroughStatus), {
      retries: this.options.retries,
      minDelayMs: this.options.retryMinDelayMs,
      maxDelayMs: this.options.retryMaxDelayMs,
      sleep: this.deps.sleep,
      onRetry: (error, attempt, delayMs) => {
        // Loud on purpose: a server that needs retries is failing, even when the retry works.
        const code = classify(error).code ?? PMS_UNMAPPED_ERROR;
        this.deps.logger.warn({ what, attempt, delayMs, code }, 'FHIR call failed; retrying');
        this.deps.health?.retried(code, maskNumbers((error as Error).message ?? what));
      },
    });
  }

  private async attempt<T>(what: string, send: (options: RequestOptions) => Promise<T>, passThroughStatus?: number): Promise<T> {
    let refreshed = false;
    for (;;) {
      let authorization: string | undefined;
      try {
        authorization = await this.auth.header();
      } catch (error) {
        if (error instanceof ClinicArrivalsError) this.logRemoteDetail('token request', undefined, error);
        throw error;
      }
      const options: RequestOptions = {
        headers: authorization ? { authorization } : {},
        signal: AbortSignal.timeout(this.options.timeoutMs),
      };
      this.requestCount += 1;
      try {
        return await send(options);
      } catch (error) {
        const status = statusOf(error);
        // An expired or revoked token: fetch a fresh one, once, before calling it an auth failure.
        if (status === 401 && !refreshed && this.auth.invalidate()) {
          refreshed = true;
          continue;
        }
        if (passThroughStatus !== undefined && status === passThroughStatus) throw error;
        // A Retry-After longer than our longest backoff is left to the host's next poll.
        const typed = toTypedError(error, what, this.options.retryMaxDelayMs);
        this.logRemoteDetail(what, status, typed);
        throw typed;
      }
    }
  }

  /**
   * The server's own error text, only when `logRemoteErrorText` is on and only at debug: it may
   * name the patient. Never part of an error message.
   */
  private logRemoteDetail(what: string, status: number | undefined, error: ClinicArrivalsError): void {
    const remoteDetail = remoteDetailOf(error);
    if (!this.options.logRemoteErrorText || !remoteDetail) return;
    this.deps.logger.debug({ what, status, code: error.code, remoteDetail }, 'FHIR server error text (logRemoteErrorText is on; may contain patient data)');
  }
}

/**
 * A search answer that is not a Bundle (a gateway's JSON, an OperationOutcome with 200) is a
 * transient fault. The answer's own resourceType is remote text: named in the message only
 * when it is OperationOutcome, otherwise kept in `remoteDetail`.
 */
function asBundle(value: unknown): Bundle {
  const type = (value as { resourceType?: unknown } | undefined)?.resourceType;
  if (type === 'Bundle') return value as Bundle;
  const named = type === 'OperationOutcome' ? 'an OperationOutcome' : 'something else';
  throw withRemoteDetail(
    pmsServerError(`FHIR server answered a search with ${named} instead of a Bundle`),
    typeof type === 'string' ? `resourceType: ${type}` : undefined,
  );
}

/**
 * When the server answered, by its own clock: the Bundle's `meta.lastUpdated` when it gives one,
 * else the HTTP `Date` header (whole seconds, rounded down); undefined when it gives neither.
 */
export function serverTimeOf(bundle: Bundle): number | undefined {
  const stamped = bundle.meta?.lastUpdated ? Date.parse(bundle.meta.lastUpdated) : NaN;
  if (Number.isFinite(stamped)) return stamped;
  const date = Client.httpFor(bundle)?.response?.headers.get('date');
  const parsed = date ? Date.parse(date) : NaN;
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** `W/"3"` → `3`. */
export function versionFromEtag(etag: string | undefined): string | undefined {
  return etag ? /"([^"]+)"/.exec(etag)?.[1] : undefined;
}
