import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { sendError, type ProxyContext } from './context.js';
import { registerInboxRoutes } from './inbox-routes.js';
import { registerLegacyRoute } from './legacy-route.js';
import { registerOpsRoutes } from './ops-routes.js';
import { parseForm } from './twilio-params.js';
import { registerWebhookRoutes, WEBHOOK_PATHS } from './webhook-routes.js';
// The proxy is the only public server, so it serves the static video join page too.
import { registerJoinPage } from '../../video-openvidu/join-page/index.js';

const WEBHOOK_KIND: Record<string, 'sms' | 'status'> = { [WEBHOOK_PATHS.sms]: 'sms', [WEBHOOK_PATHS.status]: 'status' };

/**
 * The proxy's fastify app (not listening yet). Public-facing: small body limits, request and
 * idle timeouts, a per-address token bucket before any parsing, JSON errors that never echo
 * input, and no request logging (bodies hold patients' texts).
 */
export function buildProxyApp(ctx: ProxyContext): FastifyInstance {
  const { config } = ctx;
  const app = Fastify({
    logger: false,
    // A hop count means "trust that many reverse proxies in front of us".
    trustProxy: typeof config.trustProxy === 'number' ? (_address: string, hop: number) => hop < (config.trustProxy as number) : config.trustProxy,
    bodyLimit: config.bodyLimitBytes,
    connectionTimeout: config.timeouts.idleSeconds * 1000,
    keepAliveTimeout: config.timeouts.keepAliveSeconds * 1000,
    requestTimeout: config.timeouts.requestSeconds * 1000,
    routerOptions: { maxParamLength: 100 },
    return503OnClosing: true,
    forceCloseConnections: true,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  });

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    const params = parseForm(body as string);
    if (params) return done(null, params);
    const error = new Error('malformed form body') as FastifyError;
    error.statusCode = 400;
    error.code = 'CA_PROXY_MALFORMED_FORM';
    done(error, undefined);
  });

  // Callback style rather than async: this runs for every request, a promise each adds up.
  app.addHook('onRequest', (request, reply, done) => {
    const waitMs = request.url === '/healthz' ? 0 : ctx.limits.perIp.take(request.ip);
    if (waitMs === 0) return done();
    ctx.metrics.rateLimited.inc({ scope: 'ip' });
    const kind = request.method === 'POST' ? WEBHOOK_KIND[request.url.split('?')[0]!] : undefined;
    if (kind) ctx.metrics.webhooks.inc({ kind, outcome: 'rate_limited' });
    sendError(reply, 429, 'rate_limited', 'too many requests from this address', waitMs);
  });

  // End waiting polls and open streams first, so close() does not wait for them.
  app.addHook('preClose', async () => {
    for (const session of [...ctx.sessions]) session.end();
  });

  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, 'not_found', 'no such route'));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const kind = request.method === 'POST' ? WEBHOOK_KIND[request.routeOptions.url ?? ''] : undefined;
    const status = error.statusCode ?? 500;
    if (error.validation) return sendError(reply, 400, 'invalid_request', error.message);
    if (status === 413) {
      if (kind) ctx.metrics.webhooks.inc({ kind, outcome: 'too_large' });
      return sendError(reply, 413, 'too_large', 'request body is too large');
    }
    if (status >= 400 && status < 500) {
      // Twilio only ever sends form bodies: anything else on a webhook is simply malformed.
      if (kind) {
        ctx.metrics.webhooks.inc({ kind, outcome: 'malformed' });
        return sendError(reply, 400, 'malformed', 'expected an application/x-www-form-urlencoded body');
      }
      return sendError(reply, status, status === 415 ? 'unsupported_media_type' : 'bad_request', 'the request could not be read');
    }
    ctx.logger.error({ route: request.routeOptions.url, err: { message: error.message, code: error.code } }, 'request failed');
    return sendError(reply, 500, 'internal', 'internal error');
  });

  registerWebhookRoutes(app, ctx);
  registerInboxRoutes(app, ctx);
  if (config.legacyEndpoint) registerLegacyRoute(app, ctx);
  if (config.joinPage.enabled) registerJoinPage(app, { basePath: config.joinPage.path });
  registerOpsRoutes(app, ctx);
  return app;
}
