import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';

/** Version of the HTTP API's shape (not the package's): bumped when a route changes incompatibly. */
export const API_DOCUMENT_VERSION = '1.0.0';

/**
 * Publishes the local API's OpenAPI 3 document at `GET /api/openapi.json`, built by
 * @fastify/swagger from the routes' own schemas, so it cannot drift from what they accept.
 * The reception app's types (web/src/api/schema.d.ts) are generated from it.
 * Must be registered before the routes it describes.
 */
export function registerOpenApi(app: FastifyInstance): void {
  app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'clinic-arrivals local API',
        version: API_DOCUMENT_VERSION,
        description: 'JSON in and out. Send "Authorization: Bearer <api.token>" when a token is configured.',
      },
    },
  });
  app.get('/api/openapi.json', { schema: { summary: 'this API as an OpenAPI 3 document', hide: true } }, async () => app.swagger());
}
