import type { IncomingMessage } from 'node:http';

/** Why a body could not be read: over the limit, or the client went away mid-request. */
export type BodyFailure = 'too_large' | 'aborted';

/**
 * Reads a request body as UTF-8, up to `limitBytes`. A declared Content-Length over the limit
 * fails before any byte is read; a body that grows past it while streaming (chunked) fails
 * as soon as it does. `done` is called exactly once.
 */
export function readLimitedBody(request: IncomingMessage, limitBytes: number, done: (failure: BodyFailure | undefined, body: string) => void): void {
  const declared = request.headers['content-length'];
  if (declared !== undefined && Number(declared) > limitBytes) return done('too_large', '');
  let finished = false;
  let size = 0;
  let first: Buffer | undefined;
  let more: Buffer[] | undefined;
  const finish = (failure: BodyFailure | undefined, body: string) => {
    if (finished) return;
    finished = true;
    done(failure, body);
  };
  request.on('data', (chunk: Buffer) => {
    if (finished) return;
    size += chunk.length;
    if (size > limitBytes) return finish('too_large', '');
    if (first === undefined) first = chunk;
    else (more ??= [first]).push(chunk);
  });
  // Decoded once at the end, so a character split across chunks stays whole.
  request.on('end', () => finish(undefined, more ? Buffer.concat(more).toString('utf8') : (first?.toString('utf8') ?? '')));
  request.on('error', () => finish('aborted', ''));
  request.on('close', () => finish('aborted', ''));
}
