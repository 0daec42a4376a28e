/** The host's local store: SQLite behind the Store contract (./store.ts). */
export { openSqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
export { DuplicateSendError, StoreVersionError } from './errors.js';
export { MIGRATIONS, applyMigrations, latestVersion, type Migration } from './migrations.js';
export { acquireInstanceLock, assertNotLocked, InstanceLockedError, type InstanceLock, type LockOwner } from './instance-lock.js';
export { backupStore, restoreStore, StoreCopyError } from './backup.js';
