import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { WEB_APP_ROUTE } from './web-assets.js';

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost') return true;
  const family = isIP(bare);
  if (family === 4) return bare.startsWith('127.');
  if (family === 6) return bare === '::1' || /^::ffff:127\./.test(bare);
  return false;
}

/**
 * Checks `Authorization: Bearer <token>` in constant time. Both sides are hashed first so
 * the comparison takes the same time whatever the length of what was sent.
 */
export function createBearerCheck(token: string): (authorization: string | undefined) => boolean {
  const expected = createHash('sha256').update(token).digest();
  return (authorization) => {
    const match = authorization ? /^Bearer +(\S+) *$/i.exec(authorization) : null;
    const sent = createHash('sha256')
      .update(match?.[1] ?? '')
      .digest();
    return timingSafeEqual(sent, expected) && match !== null;
  };
}

/** The host part of a Host header (`127.0.0.1:7171` → `127.0.0.1`, `[::1]:80` → `::1`). */
function hostnameOf(hostHeader: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hostHeader);
  if (bracketed) return bracketed[1]!;
  return hostHeader.replace(/:\d+$/, '');
}

/**
 * Without a token the API trusts anything that reaches the loopback interface. A web page in
 * the clinic's browser could reach it too, by DNS rebinding (a foreign Host header) or by a
 * cross-site request (a foreign Origin header). Returns why the request is refused, or undefined.
 */
export function browserAttackReason(headers: { host?: string; origin?: string }, tokenRequired: boolean): string | undefined {
  if (!tokenRequired && headers.host !== undefined && !isLoopbackHost(hostnameOf(headers.host))) {
    return 'requests must address the API by a loopback host name';
  }
  if (headers.origin !== undefined) {
    let originHost: string | undefined;
    try {
      originHost = new URL(headers.origin).host;
    } catch {
      originHost = undefined;
    }
    if (originHost === undefined || originHost !== headers.host) return 'cross-origin requests are not allowed';
  }
  return undefined;
}

/** Who may call a route: anyone, any signed-in staff member, or admins only. */
export type AccessLevel = 'public' | 'reception' | 'admin';

/*
 * The one table of who may do what. Keys are `METHOD /route/pattern` as registered in fastify
 * (HEAD follows GET). Everything under /api/ not listed is for any signed-in staff member
 * (reception: today, inbox, replies, unknown sends, simulator, activity); outside /api/ are the
 * web app's pages and assets, which hold no data and must load before anyone has signed in
 * (all but /metrics, below).
 */
const PUBLIC_ROUTES = new Set(['GET /api/health', 'GET /api/ready', 'GET /api/session', 'POST /api/session', 'DELETE /api/session']);
const ADMIN_ROUTES = new Set(['PUT /api/templates/:name', 'DELETE /api/templates/:name', 'POST /api/templates/:name/preview', 'PATCH /api/practitioners/:id']);
/** Paths outside /api/ that still hold host data (counts, not patient data): for signed-in staff and the token. */
const STAFF_PATHS_OUTSIDE_API = new Set(['/metrics']);
/** Whole areas that are for admins, whatever routes they hold now or later. */
const ADMIN_PREFIXES = ['/api/users', '/api/settings'];

/** The path a request addresses, percent-decoded as the router reads it; undefined when it cannot be decoded. */
function decodedPath(rawPath: string): string | undefined {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
}

/**
 * The access level of a request, from its method, its matched route pattern (if any) and its
 * raw path. A request that matched an API route is judged by that route, not by how its path
 * was spelt (`/%61pi/status` is `/api/status`); one that only reached the app's catch-all route
 * is judged by its decoded path, so an API path without a route still needs sign-in.
 */
export function accessLevelOf(method: string, routeUrl: string | undefined, rawPath: string): AccessLevel {
  const matched = routeUrl !== undefined && routeUrl !== WEB_APP_ROUTE ? routeUrl : undefined;
  const path = matched ?? decodedPath(rawPath);
  if (path === undefined) return 'reception';
  if (STAFF_PATHS_OUTSIDE_API.has(path)) return 'reception';
  if (path !== '/api' && !path.startsWith('/api/')) return 'public';
  const key = `${method === 'HEAD' ? 'GET' : method} ${path}`;
  if (PUBLIC_ROUTES.has(key)) return 'public';
  if (ADMIN_ROUTES.has(key)) return 'admin';
  if (ADMIN_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return 'admin';
  return 'reception';
}

/** Methods that change something: a cookie-authenticated one must carry the CSRF token. */
export function isStateChanging(method: string): boolean {
  return method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE';
}
