import type { ServerResponse } from 'node:http';

/*
 * Answers for the routes served on node:http directly (the webhooks, see webhook-routes.ts).
 * Same shapes as the fastify routes' sendError: `{ error, message }` JSON, Retry-After in
 * whole seconds. Each answer is one writeHead + end, so node sends it in one write.
 */

/** Retry-After in whole seconds (at least 1) for a wait in milliseconds. */
export function retryAfterSeconds(waitMs: number): string {
  return String(Math.max(1, Math.ceil(waitMs / 1000)));
}

/** Options of {@link replyError}. */
export interface ErrorReplyOptions {
  retryAfterMs?: number;
  /** Close the connection after answering (the rest of the request is not worth reading). */
  close?: boolean;
}

/** Answers `{ error, message }`; `error` is a stable code clients may branch on. */
export function replyError(response: ServerResponse, status: number, error: string, message: string, options: ErrorReplyOptions = {}): void {
  const body = JSON.stringify({ error, message });
  const headers = ['content-type', 'application/json; charset=utf-8', 'content-length', String(Buffer.byteLength(body))];
  if (options.retryAfterMs !== undefined) headers.push('retry-after', retryAfterSeconds(options.retryAfterMs));
  if (options.close) headers.push('connection', 'close');
  response.writeHead(status, headers).end(body);
}

/** Answers with a text body of the given content type. */
export function replyText(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, ['content-type', contentType, 'content-length', String(Buffer.byteLength(body))]).end(body);
}

/** Answers with no body (204 and the like). */
export function replyEmpty(response: ServerResponse, status: number): void {
  response.writeHead(status).end();
}
