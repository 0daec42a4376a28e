import type { FastifyInstance } from 'fastify';
import { ApiHttpError } from '../http-errors.js';

/** Where `/metrics` comes from: the host's Prometheus registry. */
export interface MetricsSource {
  /** `text/plain; version=0.0.4; charset=utf-8` */
  readonly contentType: string;
  metrics(): Promise<string>;
}

/**
 * `GET /metrics` in the Prometheus text format. Counts only, no patient data; still, it needs
 * the same access as reception's pages once sign-in is required (see access.ts): Prometheus
 * sends `Authorization: Bearer <api.token>`.
 */
export function registerMetricsRoute(app: FastifyInstance, source: MetricsSource | undefined): void {
  app.get(
    '/metrics',
    {
      schema: {
        summary: 'host metrics in the Prometheus text format (for a local Prometheus)',
        response: { 200: { description: 'Prometheus text format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } } },
      },
    },
    async (_request, reply) => {
      if (!source) throw new ApiHttpError(404, 'metrics are not available without a running host');
      const text = await source.metrics();
      return reply.type(source.contentType).send(text);
    },
  );
}
