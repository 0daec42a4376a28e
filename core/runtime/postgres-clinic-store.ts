import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { ConfigError, type Clock, type Logger } from '@clinic-arrivals/plugin-kit';
import type { HostConfig } from '../config/types.js';
import { acquireLease, ensureLeaseSchema, leaseFence, releaseLease, renewLease } from '../fleet/index.js';
import { createPostgresPool, migratePostgres, openPostgresStore } from '../store/postgres/index.js';
import type { OpenedClinicStore } from './clinic-store.js';

/** A one-clinic host's lease: long enough to ride out a slow query, renewed three times per period. */
const LEASE_SECONDS = 30;

/** Without `clinic.id`, a one-clinic host's rows are under this id. */
export const DEFAULT_CLINIC_ID = 'default';

/**
 * A one-clinic host's store in PostgreSQL. It holds the clinic's lease (as a fleet replica
 * would), so a second host started on the same clinic and database is refused, and writes are
 * fenced by the lease's token.
 */
export async function openPostgresClinicStore(config: HostConfig, clock: Clock, logger: Logger): Promise<OpenedClinicStore> {
  const clinicId = config.clinic.id ?? DEFAULT_CLINIC_ID;
  const replicaId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const pool = createPostgresPool(config.store.url!, {
    max: config.store.poolMax,
    onIdleError: (error) => logger.warn({ err: error.message }, 'a PostgreSQL connection broke while idle; the pool opens another'),
  });
  let renewal: NodeJS.Timeout | undefined;
  try {
    await migratePostgres(pool);
    await ensureLeaseSchema(pool);
    const token = await acquireLease(pool, clinicId, replicaId, LEASE_SECONDS);
    if (token === undefined) {
      throw new ConfigError(`another host is working clinic "${clinicId}" on this database; stop it first, or give this clinic its own clinic.id`, 'clinic.id');
    }
    renewal = setInterval(
      () => {
        renewLease(pool, clinicId, replicaId, token, LEASE_SECONDS).then(
          (kept) => {
            if (!kept) logger.error({ clinic: clinicId }, 'this host lost its lease on the clinic: its writes are refused; restart it');
          },
          (error: unknown) => logger.warn({ err: String(error) }, 'could not renew the lease on the clinic; trying again'),
        );
      },
      (LEASE_SECONDS * 1000) / 3,
    );
    renewal.unref();
    const store = await openPostgresStore({ pool, clinicId, clock, fence: leaseFence(clinicId, token) });
    let closing: Promise<void> | undefined;
    return {
      store,
      close: () =>
        (closing ??= (async () => {
          clearInterval(renewal);
          await store.close();
          await releaseLease(pool, clinicId, replicaId, token).catch(() => undefined);
          await pool.end();
        })()),
    };
  } catch (error) {
    clearInterval(renewal);
    await pool.end().catch(() => undefined);
    throw error;
  }
}
