import { CODES } from '@clinic-arrivals/plugin-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sessionCookie } from '../../auth/cookies.js';
import type { Staff } from '../../auth/staff-auth.js';
import { sessionIdOf } from '../staff-access-hook.js';
import type { RouteModule } from './route-module.js';

const signInBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'password'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    password: { type: 'string', minLength: 1, maxLength: 1024 },
  },
} as const;

/** What `GET /api/session` and a successful sign-in answer. */
export interface SessionView {
  user: { name: string; role: Staff['role'] } | null;
  signInRequired: boolean;
  /** Send it back as `x-csrf-token` on every POST, PUT, PATCH and DELETE (signed-in sessions only). */
  csrfToken?: string;
}

function viewOf(staff: Staff | null, signInRequired: boolean): SessionView {
  const view: SessionView = { user: staff ? { name: staff.name, role: staff.role } : null, signInRequired };
  if (staff?.via === 'session') view.csrfToken = staff.csrfToken;
  return view;
}

/** Secure when the config says a TLS proxy serves the app, or when this very request came over TLS. */
function secure(request: FastifyRequest): boolean {
  return request.server.staffAuth.settings.secureCookies || request.protocol === 'https';
}

function clearCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('set-cookie', sessionCookie('', { maxAgeSeconds: 0, secure: secure(request), path: request.server.sessionCookiePath }));
}

/** Staff sign-in: who am I, sign in, sign out. */
export const sessionRoutes: RouteModule = (app) => {
  app.get('/api/session', { schema: { summary: 'who is signed in, whether sign-in is required, the CSRF token' } }, async (request) =>
    viewOf(request.staff, await request.server.staffAuth.signInRequired()),
  );

  app.post<{ Body: { name: string; password: string } }>(
    '/api/session',
    { schema: { summary: 'sign in ({ name, password }); sets the session cookie', body: signInBody } },
    async (request, reply) => {
      const auth = request.server.staffAuth;
      const outcome = await auth.signIn(request.body.name, request.body.password, request.ip);
      if (outcome.kind === 'locked') {
        return reply
          .code(429)
          .header('retry-after', String(outcome.retryAfterSeconds))
          .send({
            error: `too many failed sign-ins; try again in ${outcome.retryAfterSeconds} s`,
            code: CODES.SIGN_IN_LOCKED,
          });
      }
      if (outcome.kind === 'wrong') return reply.code(401).send({ error: 'wrong name or password', code: CODES.SIGN_IN });
      // A sign-in replaces whatever session this browser had.
      await auth.sessions.close(sessionIdOf(request));
      reply.header(
        'set-cookie',
        sessionCookie(outcome.sessionId, {
          maxAgeSeconds: auth.sessions.cookieMaxAgeSeconds,
          secure: secure(request),
          path: request.server.sessionCookiePath,
        }),
      );
      return viewOf(outcome.staff, true);
    },
  );

  app.delete('/api/session', { schema: { summary: 'sign out' } }, async (request, reply) => {
    await request.server.staffAuth.signOut(sessionIdOf(request), request.staff ?? undefined);
    clearCookie(request, reply);
    return { ok: true };
  });
};
