import { parentPort, workerData } from 'node:worker_threads';
import { SqliteEngine, type SqliteOptions } from './sqlite-engine.js';
import { INSERT_COLUMN_COUNT } from './insert-rows.js';

/*
 * Worker-thread side of the SQLite storage: owns the database connection and answers
 * `{ id, op, args }` requests with `{ id, result }` or `{ id, error }`, in arrival order.
 * A worker of its own so that a commit waiting for fsync never stalls the HTTP thread.
 *
 * Insert batches that queue up while a commit waits for the disk are merged into the next
 * transaction (one fsync for all of them); any other request first commits what is buffered,
 * so requests still take effect in the order they were sent.
 */

type Op =
  | 'insertRows'
  | 'lease'
  | 'ack'
  | 'take'
  | 'sweep'
  | 'putJoinLock'
  | 'deleteJoinLock'
  | 'claimJoinAttempt'
  | 'refundJoinAttempt'
  | 'sweepJoinLocks'
  | 'countPending'
  | 'ping'
  | 'close';
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

/** Insert requests waiting for the next transaction; `rows` is a flat insert batch (insert-rows.ts). */
let buffered: Array<{ id: number; rows: unknown[] }> = [];
let flushScheduled = false;

function flushInserts(): void {
  flushScheduled = false;
  const requests = buffered;
  buffered = [];
  if (requests.length === 0) return;
  try {
    const results = engine.insertRows(requests.length === 1 ? requests[0]!.rows : requests.flatMap((request) => request.rows));
    let offset = 0;
    for (const request of requests) {
      const count = request.rows.length / INSERT_COLUMN_COUNT;
      port.postMessage({ id: request.id, result: results.slice(offset, offset + count) });
      offset += count;
    }
  } catch (error) {
    for (const request of requests) port.postMessage({ id: request.id, error: (error as Error).message });
  }
}

port.on('message', (request: Request) => {
  if (request.op === 'insertRows') {
    buffered.push({ id: request.id, rows: request.args[0] as unknown[] });
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
