/**
 * A real FHIR R4 server for tests: medplum's FhirRouter + MemoryRepository behind node:http on
 * 127.0.0.1 (port 0). Fills the gaps the library leaves: `_include`, paging with `next` links,
 * a CapabilityStatement at `/metadata`, ETag/If-Match on the wire, and an optional
 * `.well-known/smart-configuration` and bearer check. Reusable by any test that needs a PMS.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getStatus, parseSearchRequest } from '@medplum/core';
import type { Bundle, BundleEntry, CapabilityStatement, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { FhirRouter, MemoryRepository, type HttpMethod } from '@medplum/fhir-router';
import { loadFhirDefinitions } from './fhir-definitions.js';
import { addIncludes } from './fhir-includes.js';
import { buildCapabilityStatement } from './fhir-capability.js';

/** One request as the server saw it (for assertions on what a client sent). */
export interface RecordedRequest {
  method: string;
  /** Path below the FHIR base plus query, e.g. `Appointment?date=…`. */
  url: string;
  headers: http.IncomingHttpHeaders;
  /** Bytes of the response body, once sent. */
  responseBytes?: number;
}

export interface FhirTestServerOptions {
  /** Page size when the client sends no `_count`. @default 20 */
  defaultPageSize?: number;
  /** Largest page the server returns whatever `_count` asks. @default 1000 */
  maxPageSize?: number;
  /** When false: no versionIds, no ETag, If-Match ignored, CapabilityStatement says `no-version`. @default true */
  versioning?: boolean;
  /** Replace or edit the CapabilityStatement served at `/metadata`. */
  capability?: (statement: CapabilityStatement) => CapabilityStatement;
  /** When set, every FHIR request needs `Authorization: Bearer <token>` for which this returns true. */
  acceptBearer?: (token: string) => boolean;
  /** When set, every FHIR request needs this exact Authorization header value. */
  requireAuthorization?: string;
  /** The server's clock for the HTTP `Date` header (a simulated day in the bench). @default the real time */
  now?: () => number;
  /** Served at `.well-known/smart-configuration` when given. */
  smartConfiguration?: Record<string, unknown>;
}

export interface FhirTestServer {
  /** FHIR base URL, e.g. `http://127.0.0.1:41234/fhir`. */
  readonly baseUrl: string;
  readonly repo: MemoryRepository;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** References (`Patient/123`) never added as includes, to play a server that leaves some out. */
  readonly omitFromIncludes: Set<string>;
  /** Runs before each request is handled (e.g. to make a concurrent edit before a PUT). */
  beforeRequest?: (request: RecordedRequest) => Promise<void> | void;
  /**
   * Sets a stored resource's `meta.lastUpdated`, as a server whose transaction stamped a write
   * before it committed (commit lag) or a record written long ago.
   */
  stampLastUpdated(reference: string, at: number): void;
  /** Create a resource directly in the repository (no HTTP). */
  create<T extends Resource>(resource: T): Promise<T & { id: string }>;
  close(): Promise<void>;
}

const BASE_PATH = '/fhir';
/** The recorded request of each response, so `send` can note the body's size. */
const sentBodies = new WeakMap<http.ServerResponse, RecordedRequest>();

/** Starts the server on 127.0.0.1 with a free port. Loads the FHIR definitions once per process. */
export async function startFhirTestServer(options: FhirTestServerOptions = {}): Promise<FhirTestServer> {
  loadFhirDefinitions();
  const versioning = options.versioning ?? true;
  const repo = new MemoryRepository();
  const router = new FhirRouter();
  const requests: RecordedRequest[] = [];
  const omitFromIncludes = new Set<string>();
  let baseUrl = '';

  const state: FhirTestServer = {
    get baseUrl() {
      return baseUrl;
    },
    repo,
    requests,
    omitFromIncludes,
    create: (resource) => repo.createResource(resource),
    stampLastUpdated: (reference, at) => {
      const [type, id] = reference.split('/');
      const stored = (repo as unknown as { resources: Map<string, Map<string, Resource>> }).resources.get(type!)?.get(id!);
      if (!stored) throw new Error(`no ${reference} to stamp`);
      stored.meta = { ...stored.meta, lastUpdated: new Date(at).toISOString() };
    },
    close: () => closeServer(server),
  };

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      send(res, 500, outcome('exception', error instanceof Error ? error.message : String(error)));
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req);
    const full = new URL(req.url ?? '/', 'http://x');
    if (!full.pathname.startsWith(BASE_PATH)) return send(res, 404, outcome('not-found', 'Unknown path'));
    const path = full.pathname.slice(BASE_PATH.length).replace(/^\/+/, '');
    // Like real servers behind a proxy, links and fullUrls follow the Host the client used.
    const base = req.headers.host ? `http://${req.headers.host}${BASE_PATH}` : baseUrl;
    const recorded: RecordedRequest = { method: req.method ?? 'GET', url: path + full.search, headers: req.headers };
    requests.push(recorded);
    sentBodies.set(res, recorded);
    if (options.now) res.setHeader('date', new Date(options.now()).toUTCString());
    await state.beforeRequest?.(recorded);

    if (path === '.well-known/smart-configuration' && options.smartConfiguration) {
      return send(res, 200, options.smartConfiguration);
    }
    if (path === 'metadata') {
      const statement = buildCapabilityStatement(base, versioning);
      return send(res, 200, options.capability ? options.capability(statement) : statement);
    }
    const authProblem = checkAuthorization(req.headers.authorization, options);
    if (authProblem) return send(res, 401, outcome('login', authProblem), { 'www-authenticate': 'Bearer' });

    const method = (req.method ?? 'GET') as HttpMethod;
    const isSearch = method === 'GET' && /^[A-Z][A-Za-z]+$/.test(path);
    const query = isSearch ? pageQuery(full.searchParams, options) : full.searchParams;
    const ifMatch = versioning ? req.headers['if-match'] : undefined;
    const [result, resource] = await router.handleRequest(
      {
        method,
        url: path + (query.size ? `?${query}` : ''),
        pathname: '',
        body: parseBody(body, req.headers['content-type']),
        params: {},
        query: {},
        headers: { ...req.headers, 'if-match': ifMatch },
      },
      repo,
    );
    const status = getStatus(result);
    if (!resource) return send(res, status, result);
    if (isSearch && resource.resourceType === 'Bundle') {
      const bundle = await finishSearchBundle(resource, path, query, base);
      return send(res, status, versioning ? bundle : stripVersions(bundle));
    }
    const headers: Record<string, string> = {};
    const versionId = resource.meta?.versionId;
    if (versioning && versionId) headers.etag = `W/"${versionId}"`;
    if (status === 201) headers.location = `${base}/${resource.resourceType}/${resource.id}`;
    return send(res, status, versioning ? resource : stripVersions(resource), headers);
  }

  async function finishSearchBundle(bundle: Bundle, resourceType: string, query: URLSearchParams, baseUrl: string): Promise<Bundle> {
    const request = parseSearchRequest(resourceType, Object.fromEntries(groupParams(query)));
    const matches: BundleEntry[] = (bundle.entry ?? []).map((entry) => ({
      fullUrl: `${baseUrl}/${entry.resource?.resourceType}/${entry.resource?.id}`,
      resource: entry.resource,
      search: { mode: 'match' },
    }));
    const included = await addIncludes(repo, matches, request.include ?? [], omitFromIncludes);
    const links: Bundle['link'] = [{ relation: 'self', url: `${baseUrl}/${resourceType}?${query}` }];
    const offset = request.offset ?? 0;
    const count = request.count ?? 0;
    if (bundle.total !== undefined && offset + count < bundle.total) {
      const next = new URLSearchParams(query);
      next.set('_offset', String(offset + count));
      links.push({ relation: 'next', url: `${baseUrl}/${resourceType}?${next}` });
    }
    const entry = [
      ...matches,
      ...included.map((resource) => ({
        fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id}`,
        resource,
        search: { mode: 'include' as const },
      })),
    ];
    return { resourceType: 'Bundle', type: 'searchset', total: bundle.total, link: links, ...(entry.length ? { entry } : {}) };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${BASE_PATH}`;
  return state;
}

function checkAuthorization(header: string | undefined, options: FhirTestServerOptions): string | undefined {
  if (options.requireAuthorization !== undefined && header !== options.requireAuthorization) {
    return 'Authorization required';
  }
  if (options.acceptBearer) {
    const token = /^Bearer (.+)$/i.exec(header ?? '')?.[1];
    if (!token || !options.acceptBearer(token)) return 'Invalid or expired access token';
  }
  return undefined;
}

/** Applies the server's page-size policy to a search query. */
function pageQuery(params: URLSearchParams, options: FhirTestServerOptions): URLSearchParams {
  const query = new URLSearchParams(params);
  const asked = Number(query.get('_count') ?? options.defaultPageSize ?? 20);
  query.set('_count', String(Math.min(asked, options.maxPageSize ?? 1000)));
  return query;
}

function groupParams(query: URLSearchParams): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of query) grouped.set(key, [...(grouped.get(key) ?? []), value]);
  return grouped;
}

function stripVersions<T extends Resource>(resource: T): T {
  const copy = JSON.parse(JSON.stringify(resource)) as T;
  const strip = (r: Resource | undefined): void => {
    if (r?.meta) delete r.meta.versionId;
  };
  strip(copy);
  // The check does not narrow the type parameter T, so the assertion is needed (the rule thinks not).
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
  if (copy.resourceType === 'Bundle') for (const e of (copy as Bundle).entry ?? []) strip(e.resource);
  return copy;
}

function parseBody(body: string, contentType: string | undefined): unknown {
  if (!body) return undefined;
  if (contentType?.includes('x-www-form-urlencoded')) return Object.fromEntries(groupParams(new URLSearchParams(body)));
  return JSON.parse(body);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const payload = JSON.stringify(body);
  const recorded = sentBodies.get(res);
  if (recorded) recorded.responseBytes = Buffer.byteLength(payload);
  res.writeHead(status, { 'content-type': 'application/fhir+json', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

/** A one-issue OperationOutcome. */
export function outcome(code: string, text: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: code as never, details: { text } }] };
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
