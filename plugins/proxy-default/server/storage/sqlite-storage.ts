import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { clinicNumberOf } from '../route-numbers.js';
import { appendInsertRow } from './insert-rows.js';
import type { SqliteOptions } from './sqlite-engine.js';
import type {
  InboxMessage,
  JoinAttemptClaim,
  JoinLockRecord,
  LeaseOptions,
  NewInboxMessage,
  ProxyStorage,
  StoredListener,
  SweepResult,
  TakeOptions,
} from './types.js';

interface Pending {
  resolve: (value: any) => void;
  reject: (error: Error) => void;
}

interface QueuedInsert {
  message: NewInboxMessage;
  resolve: (stored: boolean) => void;
  reject: (error: Error) => void;
}

/**
 * Starts the worker thread. Compiled, it is sqlite-worker.js next to this file. Run from
 * TypeScript sources (tsx: tests, benches), a worker does not inherit tsx's loader, so a small
 * bootstrap registers it first and then imports sqlite-worker.ts.
 */
function startWorker(workerData: { path: string; options: SqliteOptions }): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./sqlite-worker.js', import.meta.url), { workerData });
  // The ESM build of tsx's API (require.resolve finds its CommonJS twin next to it).
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const entry = new URL('./sqlite-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/**
 * Opens (creating and migrating when needed) the proxy's SQLite database in a worker thread.
 * `:memory:` works for tests.
 *
 * Inserts arriving in the same event-loop turn go to the worker as one batch and are
 * committed in one transaction (group commit): one fsync for a burst of webhooks, and every
 * caller still resolves only after its row is on disk. While the worker waits for the disk,
 * the HTTP thread keeps serving and the next batch grows.
 *
 * One process per file: "stored" notifications do not cross processes (use PostgreSQL for that).
 */
export async function openSqliteProxyStorage(path: string, options: SqliteOptions = {}): Promise<ProxyStorage> {
  const worker = startWorker({ path, options });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', (message: { ready: boolean; error?: string }) => {
      if (message.ready) resolve();
      else reject(new Error(message.error ?? 'could not open the proxy database'));
    });
    worker.once('error', reject);
  });
  return new SqliteProxyStorage(worker);
}

/** One batch committing in the worker, one waiting there (see SqliteProxyStorage.flush). */
const MAX_BATCHES_IN_FLIGHT = 2;

class SqliteProxyStorage implements ProxyStorage {
  readonly kind = 'sqlite' as const;
  private readonly events = new EventEmitter().setMaxListeners(0);
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private queue: QueuedInsert[] = [];
  private flushScheduled = false;
  /** Insert batches with the worker (see flush). */
  private inFlight = 0;
  private failure: Error | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly worker: Worker) {
    worker.on('message', (message: { id: number; result?: unknown; error?: string }) => {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (message.error !== undefined) pending.reject(new Error(message.error));
      else pending.resolve(message.result);
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', () => this.fail(new Error('the proxy database worker stopped')));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  private call<T>(op: string, ...args: unknown[]): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing && op !== 'close') return Promise.reject(new Error('proxy storage is closed'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, args });
    });
  }

  insert(message: NewInboxMessage): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * Sends the queued inserts as one batch. At most two batches are with the worker: one
   * committing (usually waiting for fsync) and one ready, so the worker starts the next commit
   * without waiting for a round trip to this thread. Beyond that, inserts only grow the next
   * batch here: fewer, larger batches mean fewer thread messages and transactions, and no
   * caller waits longer, since the worker commits one batch at a time anyway.
   * `force` (close) sends regardless, in order.
   */
  private flush(force = false): void {
    this.flushScheduled = false;
    if (this.inFlight >= MAX_BATCHES_IN_FLIGHT && !force) return;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    this.inFlight++;
    const rows: unknown[] = [];
    for (const queued of batch) appendInsertRow(rows, queued.message);
    const sent = this.call<boolean[]>('insertRows', rows);
    sent.then(
      () => this.sendNext(),
      () => this.sendNext(),
    );
    sent.then(
      (results) => {
        // One announcement per account and clinic number, however many arrived for it.
        const stored = new Map<string, [string, string]>();
        batch.forEach((queued, index) => {
          const { message } = queued;
          if (results[index]) {
            const number = clinicNumberOf(message);
            stored.set(`${message.accountSid} ${number}`, [message.accountSid, number]);
          }
          queued.resolve(results[index]!);
        });
        for (const [account, number] of stored.values()) this.events.emit('stored', account, number);
      },
      (error: Error) => {
        for (const queued of batch) queued.reject(error);
      },
    );
  }

  private sendNext(): void {
    this.inFlight--;
    if (this.queue.length > 0 && !this.flushScheduled) this.flush();
  }

  lease(accountSid: string, options: LeaseOptions): Promise<InboxMessage[]> {
    return this.call('lease', accountSid, options);
  }

  ack(accountSid: string, ids: readonly string[]): Promise<number> {
    return this.call('ack', accountSid, [...ids]);
  }

  take(accountSid: string, options: TakeOptions): Promise<InboxMessage[]> {
    return this.call('take', accountSid, options);
  }

  sweep(olderThan: number): Promise<SweepResult> {
    return this.call('sweep', olderThan);
  }

  putJoinLock(lock: JoinLockRecord, now: number): Promise<boolean> {
    return this.call('putJoinLock', lock, now);
  }

  deleteJoinLock(accountSid: string, lockId: string): Promise<void> {
    return this.call('deleteJoinLock', accountSid, lockId);
  }

  claimJoinAttempt(lockId: string, options: { now: number; maxWrong: number }): Promise<JoinAttemptClaim> {
    return this.call('claimJoinAttempt', lockId, options);
  }

  refundJoinAttempt(lockId: string, version: number): Promise<void> {
    return this.call('refundJoinAttempt', lockId, version);
  }

  sweepJoinLocks(now: number, publishedBefore: number): Promise<number> {
    return this.call('sweepJoinLocks', now, publishedBefore);
  }

  countPending(): Promise<number> {
    return this.call('countPending');
  }

  onStored(listener: StoredListener): () => void {
    this.events.on('stored', listener);
    return () => this.events.off('stored', listener);
  }

  async ping(): Promise<void> {
    await this.call('ping');
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.flush(true);
      try {
        await this.call('close');
      } catch {
        // already failed or stopped: nothing left to close
      }
      this.events.removeAllListeners();
      await this.worker.terminate();
    })();
    return this.closing;
  }
}
