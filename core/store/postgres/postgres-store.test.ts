import { SystemClock } from '@clinic-arrivals/plugin-kit';
import type pg from 'pg';
import { describeStoreContract } from '../../testing/store-contract.js';
import type { Store } from '../store.js';
import { migratePostgres } from './migrations.js';
import { openPostgresStore, type PostgresStoreOptions } from './postgres-store.js';
import { useTestSchema } from './test-support.js';

/** The Store contract on PostgreSQL: every test gets a clinic id of its own on one shared, migrated schema. */
describe('PostgresStore', () => {
  const schema = useTestSchema();
  let pool: pg.Pool;
  let counter = 0;
  const clinics = new WeakMap<Store, string>();

  before(async () => {
    pool = schema().pool(10);
    await migratePostgres(pool);
  });

  const opener = (extra: Partial<PostgresStoreOptions> = {}) => {
    const open = async (clinicId: string) => {
      const store = await openPostgresStore({ pool, clinicId, clock: new SystemClock(), ...extra });
      clinics.set(store, clinicId);
      return store;
    };
    return { open: () => open(`clinic-${++counter}`), reopen: (previous: Store) => open(clinics.get(previous)!) };
  };

  describeStoreContract({ name: 'postgres', ...opener() });

  // Every write then runs in a transaction of its own that calls the fence first.
  describeStoreContract({ name: 'postgres with a fence', ...opener({ fence: async (client) => void (await client.query('SELECT 1')) }) });
});
