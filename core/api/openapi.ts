import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';

/** Version of the HTTP API's shape (not the package's): bumped when a route changes incompatibly. */
export const API_DOCUMENT_VERSION = '1.0.0';

/** A clinic's own API (one-clinic host, or a fleet's `/c/<id>/`). */
const CLINIC_API_INFO = {
  title: 'clinic-arrivals local API',
  description: 'JSON in and out. Send "Authorization: Bearer <api.token>" when a token is configured.',
};

/**
 * Publishes the local API's OpenAPI 3 document at `GET /api/openapi.json`, built by
 * @fastify/swagger from the routes' own schemas, so it cannot drift from what they accept.
 * The reception app's types (web/src/api/schema.d.ts) are generated from it; a fleet's root
 * publishes its own (`info`), from which web/src/api/fleet-schema.d.ts is generated.
 * Must be registered before the routes it describes.
 */
export function registerOpenApi(app: FastifyInstance, info: { title: string; description: string } = CLINIC_API_INFO): void {
  app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { ...info, version: API_DOCUMENT_VERSION },
    },
  });
  app.get('/api/openapi.json', { schema: { summary: 'this API as an OpenAPI 3 document', hide: true } }, async () => app.swagger());
}
