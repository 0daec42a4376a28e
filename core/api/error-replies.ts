import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import { classify, CODES, describeError, type ErrorKind } from '@clinic-arrivals/plugin-kit';
import { ApiHttpError } from './http-errors.js';
import type { ErrorEnvelope } from './views.js';

/** Codes whose status says more than their kind (a conflict is retried inside the host, but to a caller it is a 409). */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  [CODES.TEMPLATE]: 422,
  [CODES.NOT_FOUND]: 404,
  [CODES.CONFLICT]: 409,
};

/** Other typed errors by kind: what may work later is 503 (try again later). */
const STATUS_BY_KIND: Readonly<Partial<Record<ErrorKind, number>>> = {
  'not-ready': 503,
};

/** Codes that mean a provider refused what we asked of it, when their kind gives no status: 502. */
const PROVIDER_REFUSALS: ReadonlySet<string> = new Set([CODES.SEND_FAILED]);

/** The status of a typed error, if the API answers it as such; untyped and other errors are 500s. */
function statusOfTyped(code: string, kind: ErrorKind): number | undefined {
  return STATUS_BY_CODE[code] ?? STATUS_BY_KIND[kind] ?? (PROVIDER_REFUSALS.has(code) ? 502 : undefined);
}

interface ErrorReply {
  status: number;
  body: ErrorEnvelope;
}

/**
 * Decides what a thrown error becomes on the wire. Our own typed errors are recognised by
 * `classify()` (code and kind, not instanceof), so copies of a module loaded twice still map correctly.
 */
export function replyForError(error: unknown): ErrorReply {
  if (error instanceof ApiHttpError) {
    return { status: error.statusCode, body: withCode(error.message, error.code) };
  }
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation) {
    return { status: 400, body: { error: fastifyError.message ?? 'invalid request', code: CODES.VALIDATION } };
  }
  const { code, kind } = classify(error);
  const typedStatus = code === undefined ? undefined : statusOfTyped(code, kind);
  if (code !== undefined && typedStatus !== undefined) {
    return { status: typedStatus, body: { error: (error as Error).message, code } };
  }
  // Fastify's own client errors: malformed JSON, body too large, unsupported media type…
  const status = fastifyError.statusCode;
  const fastifyCode = (error as { code?: unknown } | null)?.code;
  if (typeof fastifyCode === 'string' && fastifyCode.startsWith('FST_') && typeof status === 'number' && status >= 400 && status < 500) {
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
