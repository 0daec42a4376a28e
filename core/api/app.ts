import { CODES } from '@clinic-arrivals/plugin-kit';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { StaffAuth } from '../auth/staff-auth.js';
import { checkCookiePath } from '../auth/cookies.js';
import { createBearerCheck } from './access.js';
import { createErrorHandler } from './error-replies.js';
import type { HostControl } from './host-api.js';
import { registerPluginRoutes, type PluginRouteSet } from './plugin-routes.js';
import { ApiHttpError } from './http-errors.js';
import { activityRoutes } from './routes/activity.js';
import { appointmentRoutes } from './routes/appointments.js';
import { guestRoutes } from './routes/guests.js';
import { cycleRoutes } from './routes/cycle.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { inboxRoutes } from './routes/inbox.js';
import { registerIndexPage } from './routes/index-page.js';
import { messageRoutes } from './routes/messages.js';
import { registerMetricsRoute, type MetricsSource } from './routes/metrics.js';
import { registerReadyRoute, type ReadinessCheck } from './routes/ready.js';
import { optOutRoutes } from './routes/opt-outs.js';
import { practitionerRoutes } from './routes/practitioners.js';
import { runningLateRoutes } from './routes/running-late.js';
import type { RouteModule } from './routes/route-module.js';
import { sessionRoutes } from './routes/session.js';
import { statusRoutes } from './routes/status.js';
import { templateRoutes } from './routes/templates.js';
import { userRoutes } from './routes/users.js';
import { registerStaffAccess } from './staff-access-hook.js';
import { formatValidationErrors, validatorCompiler } from './validation.js';
import { registerOpenApi } from './openapi.js';
import { registerWebApp } from './web-assets.js';

/**
 * A 415 for `application/json; charset=<anything but UTF-8>` (JSON is UTF-8: RFC 8259);
 * undefined when there is no charset or it is utf-8/utf8 (any case, quoted or not).
 */
export function jsonCharsetProblem(contentType: string | undefined): ApiHttpError | undefined {
  const match = /;\s*charset\s*=\s*("?)([^";\s]*)\1/i.exec(contentType ?? '');
  if (!match) return undefined;
  const charset = match[2]!;
  if (/^utf-?8$/i.test(charset)) return undefined;
  return new ApiHttpError(
    415,
    `JSON bodies must be UTF-8, but the Content-Type says charset=${JSON.stringify(charset).slice(1, -1).slice(0, 40)};` +
      ' send the body as UTF-8 with Content-Type: application/json (or application/json; charset=utf-8)',
    CODES.UNSUPPORTED_CHARSET,
  );
}

/** Requests carry small JSON documents; anything bigger is a mistake or an attack. */
export const API_BODY_LIMIT = 64 * 1024;

const ROUTE_MODULES: RouteModule[] = [
  healthRoutes,
  statusRoutes,
  optOutRoutes,
  appointmentRoutes,
  guestRoutes,
  messageRoutes,
  inboxRoutes,
  runningLateRoutes,
  practitionerRoutes,
  templateRoutes,
  cycleRoutes,
  eventRoutes,
  sessionRoutes,
  userRoutes,
  activityRoutes,
];

export interface ApiAppOptions {
  /** When set, every route but the health check needs `Authorization: Bearer <token>`. */
  token?: string;
  /** Staff sign-in, sessions and the activity log. */
  auth: StaffAuth;
  logger: Logger;
  /** Folder of the built reception app. @default dist/web of this package */
  webRoot?: string;
  /** `/metrics` and `/api/ready`; without it (an API without a host) they answer 404 and 503. */
  monitoring?: ApiMonitoring;
  /** Routes of the active plugins (the simulators' screens, for one), mounted behind the same access checks. */
  pluginRoutes?: readonly PluginRouteSet[];
  /**
   * Path of the session cookie. A clinic of a fleet host is served under `/c/<id>/`, and its
   * cookie is scoped there, so the browser never sends it to another clinic's app.
   * @default '/'
   * @example '/c/north/'
   */
  cookiePath?: string;
}

/** What the monitoring routes read: the host's metrics registry and its readiness check. */
export interface ApiMonitoring {
  metrics: MetricsSource;
  readiness: ReadinessCheck;
}

/** Builds the fastify app (not listening). Fastify's own logger is off: we log one debug line per request. */
export function buildApiApp(control: HostControl, options: ApiAppOptions): FastifyInstance {
  const { logger } = options;
  const app = Fastify({
    logger: false,
    bodyLimit: API_BODY_LIMIT,
    schemaErrorFormatter: (errors, dataVar) => new Error(formatValidationErrors(errors, dataVar)),
  });
  app.setValidatorCompiler(validatorCompiler);
  // Response schemas document the API (OpenAPI); they must never silently drop a field.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  // An empty JSON body (e.g. a dashboard's POST /api/cycle with a JSON content type) means "no body".
  const defaultJsonParser = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    // The body is read as UTF-8; a client saying it sent another charset would get its
    // accented letters silently garbled (a patient's name, a template), so it is refused.
    const charset = jsonCharsetProblem(request.headers['content-type']);
    if (charset) return done(charset, undefined);
    if (body === '') return done(null, null);
    // The callback form: it answers through done (the type also allows a promise-returning parser).
    void defaultJsonParser(request, body as string, done);
  });

  // Who may call what: browser-attack checks, bearer token, staff session + CSRF, roles (access.ts).
  registerStaffAccess(app, options.auth, options.token ? createBearerCheck(options.token) : undefined);
  app.decorate('sessionCookiePath', checkCookiePath(options.cookiePath ?? '/'));
  // Responses hold patient data: never cache them.
  app.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
  });
  // Missing bodies become null so a route that needs one answers "body: must be object".
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined) request.body = null;
  });
  app.addHook('onResponse', async (request, reply) => {
    logger.debug(
      { method: request.method, route: request.routeOptions.url ?? '(no route)', status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'api request',
    );
  });

  app.setErrorHandler(createErrorHandler(logger));
  app.setNotFoundHandler(async (request) => {
    throw new ApiHttpError(404, `no route ${request.method} ${request.url.split('?')[0]}`);
  });

  registerOpenApi(app);
  // Routes go in a plugin registered after @fastify/swagger's, so its onRoute hook sees them all.
  app.register(async (routes) => {
    registerIndexPage(routes);
    for (const register of ROUTE_MODULES) register(routes, control);
    registerPluginRoutes(routes, options.pluginRoutes ?? []);
    registerReadyRoute(routes, options.monitoring?.readiness);
    registerMetricsRoute(routes, options.monitoring?.metrics);
    registerWebApp(routes, options.webRoot);
  });
  return app;
}
