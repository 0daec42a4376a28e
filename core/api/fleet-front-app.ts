import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import { API_BODY_LIMIT } from './app.js';
import { browserAttackReason, createBearerCheck } from './access.js';
import { createErrorHandler } from './error-replies.js';
import { FLEET_METRICS_CONTENT_TYPE } from './fleet-metrics.js';
import type { FleetClinicView, FleetView } from './fleet-view.js';
import { fleetClinicsReply, fleetTokenRefused } from './fleet-schemas.js';
import { ApiHttpError } from './http-errors.js';
import { registerOpenApi } from './openapi.js';
import { okReply } from './response-schemas.js';
import { readyReply } from './routes/ready.js';
import { registerWebApp } from './web-assets.js';

/** The `<meta name>` on the fleet root's index.html: the web app shows the fleet page there. */
export const FLEET_PAGE_MARKER = 'clinic-arrivals-fleet';

export interface FleetFrontOptions {
  /** The vendor admin's bearer token; without it the vendor routes are open (loopback only, see fleet-server.ts). */
  token?: string;
  logger: Logger;
  /** Folder of the built web app. @default dist/web of this package */
  webRoot?: string;
}

const FLEET_API_INFO = {
  title: 'clinic-arrivals fleet API',
  description:
    'The routes of a fleet host (one process, many clinics) outside the clinics: each clinic\'s own API is under /c/<id>/api/ (its document at /c/<id>/api/openapi.json). Send "Authorization: Bearer <api.token>" (the vendor admin\'s) when a token is configured.',
};

/** States in which a clinic is where it should be; failed and stopped clinics are shown, not waited for. */
const SETTLED: ReadonlySet<FleetClinicView['state']> = new Set(['running', 'standby', 'failed', 'stopped']);

/** Why the fleet is not ready (clinic ids and states only), empty when it is. */
export function fleetNotReadyReasons(clinics: readonly FleetClinicView[]): string[] {
  return clinics.filter((clinic) => !SETTLED.has(clinic.state)).map((clinic) => `${clinic.id}: ${clinic.state}`);
}

/**
 * The fleet host's own routes, outside every clinic's `/c/<id>/`: liveness, readiness, the
 * clinic list and the merged metrics for the vendor, and the web app (its fleet page) at `/`.
 * Built like a clinic's app (body limit, JSON errors, no caching) and handed requests by the
 * fleet server; not listening itself.
 */
export function buildFleetFrontApp(view: FleetView, options: FleetFrontOptions): FastifyInstance {
  const { logger, token } = options;
  const app = Fastify({ logger: false, bodyLimit: API_BODY_LIMIT });
  // As on a clinic's API: response schemas document the routes, they never drop a field.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  registerOpenApi(app, FLEET_API_INFO);
  const checkBearer = token ? createBearerCheck(token) : undefined;
  const vendorOnly = async (authorization: string | undefined, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (!checkBearer || checkBearer(authorization)) return undefined;
    return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'missing or wrong bearer token (the fleet token)' });
  };

  app.addHook('onRequest', async (request, reply) => {
    // Without a token the fleet trusts its loopback interface, so a foreign Host or Origin
    // (DNS rebinding, a cross-site page) is refused as on a clinic's own API.
    const refused = browserAttackReason({ host: request.headers.host, origin: request.headers.origin }, token !== undefined);
    if (refused) return reply.code(403).send({ error: refused });
  });
  app.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
  });
  app.setErrorHandler(createErrorHandler(logger));
  app.setNotFoundHandler(async (request) => {
    throw new ApiHttpError(404, `no route ${request.method} ${request.url.split('?')[0]}`);
  });

  // In a plugin of its own, so the OpenAPI plugin (loaded first) sees these routes.
  app.register(async (routes) => {
    routes.get('/api/health', { schema: { summary: 'liveness check (no token needed)', response: { 200: okReply } } }, async () => ({ ok: true }));

    const readySummary = 'readiness: 503 while a clinic is still starting (failed and stopped clinics are shown, not waited for; no token needed)';
    routes.get('/api/ready', { schema: { summary: readySummary, response: { 200: readyReply, 503: readyReply } } }, async (_request, reply) => {
      let reasons: string[];
      try {
        reasons = fleetNotReadyReasons(await view.list());
      } catch {
        reasons = ['fleet: the clinic list cannot be read'];
      }
      return reply.code(reasons.length === 0 ? 200 : 503).send({ ready: reasons.length === 0, reasons });
    });

    // For the vendor's admin only: clinic staff sign in at their own clinic's /c/<id>/ and never get the fleet token.
    const clinicsSummary = 'every clinic of the fleet with its state, health, last poll, texts today and failures (fleet token)';
    routes.get(
      '/api/clinics',
      { schema: { summary: clinicsSummary, response: { 200: fleetClinicsReply, 401: fleetTokenRefused } } },
      async (request, reply) => {
        const refused = await vendorOnly(request.headers.authorization, reply);
        if (refused) return refused;
        return { clinics: await view.list() };
      },
    );

    // Like a clinic's /metrics once a token is set: Prometheus sends the (fleet) token.
    const metricsSummary = 'Prometheus text of every clinic served here, each series labelled with its clinic (fleet token)';
    routes.get('/metrics', { schema: { summary: metricsSummary, produces: ['text/plain'] } }, async (request, reply) => {
      const refused = await vendorOnly(request.headers.authorization, reply);
      if (refused) return refused;
      return reply.type(FLEET_METRICS_CONTENT_TYPE).send(await view.metrics());
    });
  });

  registerWebApp(app, options.webRoot, { marker: FLEET_PAGE_MARKER });
  return app;
}
