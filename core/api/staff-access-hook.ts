import { CODES } from '@clinic-arrivals/plugin-kit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OPEN_ACCESS_ACTOR, TOKEN_ACTOR } from '../auth/activity.js';
import { readCookie, SESSION_COOKIE } from '../auth/cookies.js';
import { csrfMatches } from '../auth/sessions.js';
import type { Staff, StaffAuth } from '../auth/staff-auth.js';
import { accessLevelOf, browserAttackReason, isStateChanging } from './access.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking (set before any route runs); null only on public routes when nobody is signed in. */
    staff: Staff | null;
  }
  interface FastifyInstance {
    staffAuth: StaffAuth;
    /** Path of the session cookie (`/`, or `/c/<id>/` for a clinic of a fleet host). */
    sessionCookiePath: string;
  }
}

const OPEN_STAFF: Staff = Object.freeze({ name: OPEN_ACCESS_ACTOR, role: 'admin', via: 'open' });
const TOKEN_STAFF: Staff = Object.freeze({ name: TOKEN_ACTOR, role: 'admin', via: 'token' });

/** The request's session cookie value, if any. */
export function sessionIdOf(request: FastifyRequest): string | undefined {
  return readCookie(request.headers.cookie, SESSION_COOKIE);
}

function unauthenticated(reply: FastifyReply, tokenConfigured: boolean): FastifyReply {
  if (tokenConfigured) {
    return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'missing or wrong bearer token (api.token)' });
  }
  return reply.code(401).send({ error: 'sign in first (POST /api/session)', code: CODES.SIGN_IN });
}

/**
 * The store cannot say whether anyone must sign in (only a loopback API without a token and
 * with sign-in on `auto` asks it): public routes go on, so `/api/health` and `/api/ready` still
 * tell monitoring what is wrong; everything else is refused until the store works again.
 */
async function storeUnusable(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  // As strict as open access: the Host and Origin checks still apply.
  const refused = browserAttackReason({ host: request.headers.host, origin: request.headers.origin }, false);
  if (refused) return reply.code(403).send({ error: refused });
  if (accessLevelOf(request.method, request.routeOptions.url, request.url.split('?')[0]!) === 'public') return undefined;
  return reply.code(503).send({ error: 'the store cannot be used; see GET /api/ready', code: CODES.STORE_UNUSABLE });
}

/**
 * Decides, before any route runs, who the caller is and whether they may go on:
 * browser-attack checks, then the bearer token (machines), then the session cookie (staff,
 * with the CSRF token on every state-changing request), then the route's access level.
 */
export function registerStaffAccess(app: FastifyInstance, auth: StaffAuth, checkBearer?: (authorization: string | undefined) => boolean): void {
  app.decorate('staffAuth', auth);
  app.decorateRequest('staff', null);

  app.addHook('onRequest', async (request, reply) => {
    const known = await auth.signInRequired().catch(() => undefined);
    if (known === undefined) return storeUnusable(request, reply);
    const signInRequired = known;
    // The Host check guards the open (no sign-in) case against DNS rebinding; once sign-in is
    // required, a rebinding page has neither the token nor the cookie (host-only, SameSite=Strict).
    const refused = browserAttackReason({ host: request.headers.host, origin: request.headers.origin }, signInRequired);
    if (refused) return reply.code(403).send({ error: refused });
    if (!signInRequired) {
      request.staff = OPEN_STAFF;
      return;
    }
    const level = accessLevelOf(request.method, request.routeOptions.url, request.url.split('?')[0]!);

    if (checkBearer && request.headers.authorization !== undefined) {
      if (!checkBearer(request.headers.authorization)) return unauthenticated(reply, true);
      request.staff = TOKEN_STAFF;
      return;
    }

    const staff = await auth.staffForSession(sessionIdOf(request));
    if (staff) {
      // Signing in again needs no token: the old session is not what authorises it.
      const signingIn = request.method === 'POST' && request.routeOptions.url === '/api/session';
      const sent = request.headers['x-csrf-token'];
      if (isStateChanging(request.method) && !signingIn && !csrfMatches(typeof sent === 'string' ? sent : undefined, staff.csrfToken!)) {
        return reply.code(403).send({ error: 'missing or wrong CSRF token (send the x-csrf-token header from GET /api/session)', code: CODES.CSRF });
      }
      request.staff = staff;
    }
    if (level === 'public') return;
    if (!staff) return unauthenticated(reply, checkBearer !== undefined);
    if (level === 'admin' && staff.role !== 'admin') {
      return reply.code(403).send({ error: 'this needs an admin account', code: CODES.FORBIDDEN });
    }
  });
}
