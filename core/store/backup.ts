import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { ClinicArrivalsError } from '@clinic-arrivals/plugin-kit';
import { StoreVersionError } from './errors.js';
import { acquireInstanceLock } from './instance-lock.js';
import { latestVersion } from './migrations.js';

/** A backup or restore asked for something it cannot do safely; nothing was changed. */
export class StoreCopyError extends ClinicArrivalsError {
  constructor(message: string) {
    super('CA_ERR_STORE_COPY', message);
  }
}

/**
 * Copies the store at `storePath` to `destination` with SQLite's online backup, so the copy is
 * consistent even while a host writes to the store (no instance lock needed).
 * Refuses to overwrite an existing file.
 */
export async function backupStore(storePath: string, destination: string): Promise<void> {
  const target = resolve(destination);
  if (!existsSync(storePath)) throw new StoreCopyError(`store ${storePath} does not exist; nothing to back up`);
  if (existsSync(target)) throw new StoreCopyError(`${target} already exists; choose a new file name for the backup`);
  mkdirSync(dirname(target), { recursive: true });
  const db = new Database(storePath, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(target);
  } catch (error) {
    rmSync(target, { force: true });
    throw error;
  } finally {
    db.close();
  }
}

/**
 * Replaces the store at `storePath` with the backup at `backupPath`. Refused before anything is
 * replaced when a host holds the store (InstanceLockedError), when the file is not a readable
 * store, or when it comes from a newer clinic-arrivals (StoreVersionError). The store it
 * replaces is kept beside it as `<store>.before-restore-<time>`.
 *
 * @returns where the replaced store was kept, if there was one.
 */
export async function restoreStore(backupPath: string, storePath: string, now = new Date()): Promise<string | undefined> {
  const source = resolve(backupPath);
  checkBackup(source);
  mkdirSync(dirname(storePath), { recursive: true });
  // Held throughout: no host may start on the store while it is being swapped.
  const lock = acquireInstanceLock(storePath);
  try {
    const incoming = `${storePath}.restoring`;
    rmSync(incoming, { force: true });
    const from = new Database(source, { readonly: true, fileMustExist: true });
    try {
      await from.backup(incoming);
    } finally {
      from.close();
    }
    let kept: string | undefined;
    if (existsSync(storePath)) {
      kept = `${storePath}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
      // Fold the old store's WAL into its file so the kept copy is whole on its own.
      const old = new Database(storePath, { fileMustExist: true });
      try {
        old.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        old.close();
      }
      renameSync(storePath, kept);
    }
    for (const suffix of ['-wal', '-shm']) rmSync(storePath + suffix, { force: true });
    renameSync(incoming, storePath);
    return kept;
  } finally {
    lock.release();
  }
}

function checkBackup(source: string): void {
  if (!existsSync(source)) throw new StoreCopyError(`backup ${source} does not exist`);
  let version: number;
  try {
    const db = new Database(source, { readonly: true, fileMustExist: true });
    try {
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new StoreCopyError(`backup ${source} is damaged (quick_check: ${String(check)})`);
      version = db.pragma('user_version', { simple: true }) as number;
    } finally {
      db.close();
    }
  } catch (error) {
    if (error instanceof StoreCopyError) throw error;
    throw new StoreCopyError(`backup ${source} is not a clinic-arrivals store: ${(error as Error).message}`);
  }
  if (version > latestVersion()) throw new StoreVersionError(version, latestVersion(), source);
  if (version === 0) throw new StoreCopyError(`backup ${source} is not a clinic-arrivals store (no schema version)`);
}
