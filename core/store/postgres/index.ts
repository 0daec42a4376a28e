/** The PostgreSQL store: many clinics in one database, each store scoped to one clinic (see ./README.md). */
export { createPostgresPool, type PostgresPoolOptions } from './pool.js';
export { openPostgresStore, type PostgresStoreOptions } from './postgres-store.js';
export { migratePostgres, latestPostgresVersion, POSTGRES_MIGRATIONS, MIGRATION_LOCK_KEY, type PostgresMigration } from './migrations.js';
export type { WriteFence } from './database.js';
