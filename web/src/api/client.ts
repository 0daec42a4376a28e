import createClient, { type Middleware } from 'openapi-fetch';
import { hostPath } from '../base-path';
import type { paths } from './schema';

/*
 * The one typed client of the host's local API. Types come from the API's OpenAPI document
 * (schema.d.ts, generated: `npm run generate:api -w web`). Screens never call fetch: they use
 * the hooks in ./queries, which use this.
 */

/** An answer other than 2xx, with the API's own error sentence. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The host's stable error code (`CA_ERR_…`), when it sent one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | undefined;

/** Set from GET /api/session; sent with every state-changing request. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD' && csrfToken) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
};

// Under a fleet host's `/c/<id>/` every call goes through that clinic's prefix.
export const api = createClient<paths>({ baseUrl: hostPath(''), credentials: 'same-origin' });
api.use(csrf);

function errorSentence(body: unknown, status: number): string {
  if (body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string') return (body as { error: string }).error;
  return `the host answered ${status}`;
}

function errorCode(body: unknown): string | undefined {
  const code = body && typeof body === 'object' ? (body as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** The data of a 2xx answer, or an ApiError carrying the host's sentence (and code). */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (!result.response.ok || result.data === undefined) {
    throw new ApiError(result.response.status, errorSentence(result.error, result.response.status), errorCode(result.error));
  }
  return result.data;
}

type Json<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

export type HostStatus = Json<'/api/status', 'get'>;
export type TodayItem = Json<'/api/appointments/today', 'get'>['items'][number];

/*
 * Staff sessions (GET/POST/DELETE /api/session) are typed here by hand until the host
 * publishes them in its OpenAPI document.
 */
export type StaffRole = 'reception' | 'admin';
export interface Session {
  user: { name: string; role: StaffRole } | null;
  signInRequired: boolean;
  csrfToken?: string;
}

/** A host without sessions (the loopback desktop case) is open, and whoever sits at it is admin. */
export const OPEN_SESSION: Session = { user: { name: '', role: 'admin' }, signInRequired: false };

async function sessionCall(method: 'GET' | 'POST' | 'DELETE', body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  return fetch(hostPath('/api/session'), { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
}

async function errorOf(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  return new ApiError(response.status, errorSentence(body, response.status));
}

export async function readSession(): Promise<Session> {
  const response = await sessionCall('GET');
  if (response.status === 404) return OPEN_SESSION;
  if (!response.ok) throw await errorOf(response);
  const session = (await response.json()) as Session;
  setCsrfToken(session.csrfToken);
  return session;
}

export async function signIn(name: string, password: string): Promise<void> {
  const response = await sessionCall('POST', { name, password });
  if (!response.ok) throw await errorOf(response);
}

export async function signOut(): Promise<void> {
  const response = await sessionCall('DELETE');
  if (!response.ok && response.status !== 404) throw await errorOf(response);
  setCsrfToken(undefined);
}
