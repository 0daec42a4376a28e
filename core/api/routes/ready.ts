import type { FastifyInstance } from 'fastify';

/** The host's answer to "can you do your work now?"; reasons are log-safe (role names and error codes). */
export interface ReadinessCheck {
  check(): Promise<{ ready: boolean; reasons: string[] }>;
}

export const readyReply = {
  type: 'object',
  properties: {
    ready: { type: 'boolean' },
    reasons: { type: 'array', items: { type: 'string' }, description: 'Why not ready, e.g. "store: unusable", "pms: down (CA_ERR_AUTH)"; empty when ready.' },
  },
  required: ['ready', 'reasons'],
} as const;

/**
 * Readiness: 200 while the host can work, 503 while the store is unusable or the PMS or SMS
 * plugin is down (liveness is `/api/health`). Needs no sign-in, like the health check: it
 * says only which part is failing. Without a host behind the API it is never ready.
 */
export function registerReadyRoute(app: FastifyInstance, readiness: ReadinessCheck | undefined): void {
  app.get(
    '/api/ready',
    {
      schema: {
        summary: 'readiness check: 503 while the store or the PMS/SMS plugin cannot work (no token needed)',
        response: { 200: readyReply, 503: readyReply },
      },
    },
    async (_request, reply) => {
      const answer = readiness ? await readiness.check() : { ready: false, reasons: ['host: not running'] };
      return reply.code(answer.ready ? 200 : 503).send(answer);
    },
  );
}
