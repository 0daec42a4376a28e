import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ClinicArrivalsError } from '@clinic-arrivals/plugin-kit';

/** Who holds a store's instance lock, as written beside the lock when it was taken. */
export interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

/** Another process holds the store's instance lock: two hosts must never share one outbox. */
export class InstanceLockedError extends ClinicArrivalsError {
  constructor(
    readonly storePath: string,
    readonly owner: LockOwner | undefined,
  ) {
    const who = owner ? `process ${owner.pid} on ${owner.host}, started ${owner.startedAt}` : 'another process (its details could not be read)';
    super('CA_ERR_INSTANCE_LOCKED', `store ${storePath} is in use by ${who}. Stop that host first; only one host may use a store.`);
  }
}

/** A held instance lock; `release()` lets the next host in. */
export interface InstanceLock {
  release(): void;
}

export const lockPathOf = (storePath: string) => `${storePath}.lock`;
const ownerPathOf = (storePath: string) => `${storePath}.lock.owner`;

/**
 * Takes the store's instance lock: an exclusive SQLite lock on the sidecar `<store>.lock`, held
 * by an open connection for the life of the host. The kernel drops it when the process dies,
 * so a crash cannot leave the store stuck. The owner is also written to `<store>.lock.owner`
 * (plain JSON) because a locked SQLite file cannot be read by the process it refuses.
 *
 * @throws InstanceLockedError when another process (or another host in this one) holds it.
 */
export function acquireInstanceLock(storePath: string): InstanceLock {
  mkdirSync(dirname(storePath), { recursive: true });
  const db = new Database(lockPathOf(storePath));
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    // In exclusive locking mode the first write keeps the write lock until the connection closes.
    db.exec('CREATE TABLE IF NOT EXISTS owner (pid INTEGER, host TEXT, started_at TEXT)');
    const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
    db.transaction(() => {
      db.exec('DELETE FROM owner');
      db.prepare('INSERT INTO owner (pid, host, started_at) VALUES (?, ?, ?)').run(owner.pid, owner.host, owner.startedAt);
    })();
    writeFileSync(ownerPathOf(storePath), `${JSON.stringify(owner)}\n`);
  } catch (error) {
    db.close();
    if (isBusy(error)) throw new InstanceLockedError(storePath, readOwner(storePath));
    throw error;
  }
  let released = false;
  return {
    release: () => {
      if (released) return;
      released = true;
      rmSync(ownerPathOf(storePath), { force: true });
      db.close();
    },
  };
}

/**
 * Throws InstanceLockedError when a host holds the store's lock (for commands such as restore
 * that must not run beside one); otherwise returns without holding anything.
 */
export function assertNotLocked(storePath: string): void {
  acquireInstanceLock(storePath).release();
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

function readOwner(storePath: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(readFileSync(ownerPathOf(storePath), 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.startedAt === 'string') {
      return { pid: parsed.pid, host: parsed.host, startedAt: parsed.startedAt };
    }
  } catch {
    // Missing or half-written: the refusal still stands, without the details.
  }
  return undefined;
}
