import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import { describeError } from '@clinic-arrivals/plugin-kit';
import { ApiHttpError } from './http-errors.js';
import type { ErrorEnvelope } from './views.js';

/** Codes from core/plugin/errors and core/templates that map to a client-facing status. */
const STATUS_BY_CODE: Record<string, number> = {
  CA_ERR_TEMPLATE: 422,
  CA_ERR_NOT_FOUND: 404,
  CA_ERR_CONFLICT: 409,
};

interface ErrorReply {
  status: number;
  body: ErrorEnvelope;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Decides what a thrown error becomes on the wire. Our own typed errors are detected by their
 * stable `code` (not instanceof), so copies of a module loaded twice still map correctly.
 */
export function replyForError(error: unknown): ErrorReply {
  if (error instanceof ApiHttpError) {
    return { status: error.statusCode, body: withCode(error.message, error.code) };
  }
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation) {
    return { status: 400, body: { error: fastifyError.message ?? 'invalid request', code: 'CA_ERR_VALIDATION' } };
  }
  const code = codeOf(error);
  if (code && STATUS_BY_CODE[code]) {
    return { status: STATUS_BY_CODE[code], body: { error: (error as Error).message, code } };
  }
  // Fastify's own client errors: malformed JSON, body too large, unsupported media type…
  const status = fastifyError.statusCode;
  if (code?.startsWith('FST_') && typeof status === 'number' && status >= 400 && status < 500) {
    return { status, body: { error: fastifyError.message ?? 'bad request' } };
  }
  return { status: 500, body: { error: 'internal error; see the host log' } };
}

function withCode(message: string, code: string | undefined): ErrorEnvelope {
  return code ? { error: message, code } : { error: message };
}

/** Fastify error handler: JSON envelope for every error, detail of 500s in our log only. */
export function createErrorHandler(logger: Logger) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const { status, body } = replyForError(error);
    if (status >= 500) {
      logger.error({ route: request.routeOptions.url, method: request.method, error: describeError(error) }, 'api request failed');
    }
    return reply.code(status).send(body);
  };
}
