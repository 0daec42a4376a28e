import { parentPort, workerData } from 'node:worker_threads';
import { SqliteEngine, type SqliteOptions } from './sqlite-engine.js';
import type { NewInboxMessage } from './types.js';

/*
 * Worker-thread side of the SQLite storage: owns the database connection and answers
 * `{ id, op, args }` requests with `{ id, result }` or `{ id, error }`, in arrival order.
 * A worker of its own so that a commit waiting for fsync never stalls the HTTP thread.
 *
 * Insert batches that queue up while a commit waits for the disk are merged into the next
 * transaction (one fsync for all of them); any other request first commits what is buffered,
 * so requests still take effect in the order they were sent.
 */

type Op = 'insertBatch' | 'lease' | 'ack' | 'take' | 'sweep' | 'countPending' | 'ping' | 'close';
interface Request {
  id: number;
  op: Op;
  args: unknown[];
}

const port = parentPort!;
let engine: SqliteEngine;
try {
  const { path, options } = workerData as { path: string; options: SqliteOptions };
  engine = new SqliteEngine(path, options);
  port.postMessage({ ready: true });
} catch (error) {
  port.postMessage({ ready: false, error: (error as Error).message });
  process.exit(0);
}

let buffered: Array<{ id: number; messages: NewInboxMessage[] }> = [];
let flushScheduled = false;

function flushInserts(): void {
  flushScheduled = false;
  const requests = buffered;
  buffered = [];
  if (requests.length === 0) return;
  try {
    const results = engine.insertBatch(requests.flatMap((request) => request.messages));
    let offset = 0;
    for (const request of requests) {
      port.postMessage({ id: request.id, result: results.slice(offset, offset + request.messages.length) });
      offset += request.messages.length;
    }
  } catch (error) {
    for (const request of requests) port.postMessage({ id: request.id, error: (error as Error).message });
  }
}

port.on('message', (request: Request) => {
  if (request.op === 'insertBatch') {
    buffered.push({ id: request.id, messages: request.args[0] as NewInboxMessage[] });
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flushInserts);
    }
    return;
  }
  flushInserts();
  try {
    const method = engine[request.op] as (...args: unknown[]) => unknown;
    const result = method.apply(engine, request.args);
    port.postMessage({ id: request.id, result });
    if (request.op === 'close') port.close();
  } catch (error) {
    port.postMessage({ id: request.id, error: (error as Error).message });
  }
});
