import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '../contracts/logger.js';
import { browserAttackReason, createBearerCheck } from './access.js';
import { createErrorHandler } from './error-replies.js';
import type { HostControl } from './host-control.js';
import { ApiHttpError } from './http-errors.js';
import { appointmentRoutes } from './routes/appointments.js';
import { cycleRoutes } from './routes/cycle.js';
import { healthRoutes } from './routes/health.js';
import { registerIndexPage } from './routes/index-page.js';
import { messageRoutes } from './routes/messages.js';
import { practitionerRoutes } from './routes/practitioners.js';
import type { RouteModule } from './routes/route-module.js';
import { simulatorMessagingRoutes } from './routes/simulator-messaging.js';
import { simulatorPmsRoutes } from './routes/simulator-pms.js';
import { simulatorVideoRoutes } from './routes/simulator-video.js';
import { statusRoutes } from './routes/status.js';
import { templateRoutes } from './routes/templates.js';
import { formatValidationErrors, validatorCompiler } from './validation.js';
import { registerOpenApi } from './openapi.js';
import { isApiPath, registerWebApp, WEB_APP_ROUTE } from './web-assets.js';

/** Requests carry small JSON documents; anything bigger is a mistake or an attack. */
export const API_BODY_LIMIT = 64 * 1024;

const ROUTE_MODULES: RouteModule[] = [
  healthRoutes,
  statusRoutes,
  appointmentRoutes,
  messageRoutes,
  practitionerRoutes,
  templateRoutes,
  cycleRoutes,
  simulatorPmsRoutes,
  simulatorMessagingRoutes,
  simulatorVideoRoutes,
];

export interface ApiAppOptions {
  /** When set, every route but the health check needs `Authorization: Bearer <token>`. */
  token?: string;
  logger: Logger;
  /** Folder of the built reception app. @default dist/web of this package */
  webRoot?: string;
}

/** The health check and the reception app's files (which hold no data: the app asks the API for it). */
function isPublicRoute(method: string, routeUrl: string | undefined, url: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  return routeUrl === '/api/health' || (routeUrl === WEB_APP_ROUTE && !isApiPath(url));
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
    if (body === '') return done(null, null);
    defaultJsonParser(request, body as string, done);
  });

  const checkBearer = options.token ? createBearerCheck(options.token) : undefined;
  app.addHook('onRequest', async (request, reply) => {
    const refused = browserAttackReason({ host: request.headers.host, origin: request.headers.origin }, checkBearer !== undefined);
    if (refused) return reply.code(403).send({ error: refused });
    if (checkBearer && !isPublicRoute(request.method, request.routeOptions.url, request.url) && !checkBearer(request.headers.authorization)) {
      return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'missing or wrong bearer token (api.token)' });
    }
  });
  // Responses hold patient data: never cache them (the app's own files say otherwise themselves).
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
    registerWebApp(routes, options.webRoot);
  });
  return app;
}
