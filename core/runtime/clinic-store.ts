import { resolve } from 'node:path';
import type { Clock, Logger } from '@clinic-arrivals/plugin-kit';
import type { HostConfig } from '../config/types.js';
import { acquireInstanceLock } from '../store/instance-lock.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';

/** A clinic's store as the host opened it, with what must be undone when it closes. */
export interface OpenedClinicStore {
  store: Store;
  /** Closes the store and releases its lock. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens a one-clinic host's store: its SQLite file, taking the file's single-instance lock first
 * (a second host on the same file would share its outbox), or its rows in PostgreSQL under the
 * clinic's lease.
 */
export async function openClinicStore(config: HostConfig, clock: Clock, logger: Logger): Promise<OpenedClinicStore> {
  if (config.store.use === 'postgres') {
    const { openPostgresClinicStore } = await import('./postgres-clinic-store.js');
    return openPostgresClinicStore(config, clock, logger);
  }
  const storePath = config.store.path === ':memory:' ? ':memory:' : resolve(config.source.dir, config.store.path);
  const lock = storePath === ':memory:' ? undefined : acquireInstanceLock(storePath);
  let store: Store;
  try {
    store = await openSqliteStore(storePath, { clock });
  } catch (error) {
    lock?.release();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    store,
    close: () =>
      (closing ??= (async () => {
        try {
          await store.close();
        } finally {
          lock?.release();
        }
      })()),
  };
}
