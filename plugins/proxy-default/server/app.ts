import { createServer } from 'node:http';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { trustProxyRule } from './client-address.js';
import { capConnections, clientErrorHandler, requestDeadlineOptions } from './connection-limits.js';
import { sendError, type ProxyContext } from './context.js';
import { registerInboxRoutes } from './inbox-routes.js';
import { registerJoinLockRoutes } from './join-lock-routes.js';
import { registerLegacyRoute } from './legacy-route.js';
import { registerOpsRoutes } from './ops-routes.js';
import { registerVerifyRoutes } from './verify-routes.js';
import { createWebhookRoutes } from './webhook-routes.js';
// The proxy is the only public server, so it serves the static video join page too.
import { registerJoinPage } from '../../video-openvidu/join-page/index.js';

/**
 * The proxy's app (not listening yet). Public-facing: small body limits, a deadline for
 * receiving each whole request and an idle timeout, caps on open connections (in total and
 * per address), a per-address token bucket before any parsing, JSON errors that never echo
 * input, and no request logging (bodies hold patients' texts).
 *
 * The two Twilio webhook routes are served on node:http directly (webhook-routes.ts, the hot
 * path); every other request goes to fastify.
 */
export function buildProxyApp(ctx: ProxyContext): FastifyInstance {
  const { config } = ctx;
  const webhooks = createWebhookRoutes(ctx);
  const app = Fastify({
    logger: false,
    trustProxy: trustProxyRule(config.trustProxy),
    bodyLimit: config.bodyLimitBytes,
    // Fastify leaves the server's timeouts to whoever creates it: set here. The request
    // deadline must be given to createServer() itself (see connection-limits.ts).
    serverFactory: (fastifyHandler) => {
      const server = createServer(requestDeadlineOptions(config), (request, response) => {
        if (!webhooks(request, response)) fastifyHandler(request, response);
      });
      server.keepAliveTimeout = config.timeouts.keepAliveSeconds * 1000;
      server.setTimeout(config.timeouts.idleSeconds * 1000);
      capConnections(server, config.connections, ctx.metrics);
      return server;
    },
    // The request deadline and unparsable requests, for the webhook routes and fastify's alike.
    clientErrorHandler: clientErrorHandler(ctx.metrics),
    routerOptions: { maxParamLength: 100 },
    return503OnClosing: true,
    forceCloseConnections: true,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  });

  // Callback style rather than async: this runs for every request, a promise each adds up.
  app.addHook('onRequest', (request, reply, done) => {
    const waitMs = request.url === '/healthz' ? 0 : ctx.limits.perIp.take(request.ip);
    if (waitMs === 0) return done();
    ctx.metrics.rateLimited.inc({ scope: 'ip' });
    sendError(reply, 429, 'rate_limited', 'too many requests from this address', waitMs);
  });

  // End waiting polls and open streams first, so close() does not wait for them.
  app.addHook('preClose', async () => {
    ctx.closing = true;
    for (const session of [...ctx.sessions]) session.end();
  });

  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, 'not_found', 'no such route'));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (error.validation) return sendError(reply, 400, 'invalid_request', error.message);
    if (status === 413) return sendError(reply, 413, 'too_large', 'request body is too large');
    if (status >= 400 && status < 500) {
      return sendError(reply, status, status === 415 ? 'unsupported_media_type' : 'bad_request', 'the request could not be read');
    }
    ctx.logger.error({ route: request.routeOptions.url, err: { message: error.message, code: error.code } }, 'request failed');
    return sendError(reply, 500, 'internal', 'internal error');
  });

  registerInboxRoutes(app, ctx);
  if (config.legacyEndpoint) registerLegacyRoute(app, ctx);
  if (config.joinPage.enabled) registerJoinPage(app, { basePath: config.joinPage.path });
  if (config.joinGate.enabled) {
    registerJoinLockRoutes(app, ctx);
    registerVerifyRoutes(app, ctx);
  }
  registerOpsRoutes(app, ctx);
  return app;
}
