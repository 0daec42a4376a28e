import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import type { OutboxEntry, Store } from '../../core/store/store.js';
import type { RunningHost } from '../../core/runtime/host.js';
import { backupStore, restoreStore } from '../../core/store/backup.js';
import { StoreVersionError } from '../../core/store/errors.js';
import { InstanceLockedError } from '../../core/store/instance-lock.js';
import { latestVersion } from '../../core/store/migrations.js';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import { describeStoreContract } from '../../core/testing/store-contract.js';
import { expectRejection } from '@clinic-arrivals/plugin-kit/testing';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { ApiClient, startSimulatorHost, tmpFolder } from '../e2e/simulator-host.js';

const sameEntry = (e: OutboxEntry) => ({ id: e.id, key: e.key, to: e.to, template: e.template, appointmentId: e.appointmentId, body: e.body });

async function outboxOf(path: string): Promise<OutboxEntry[]> {
  const store = await openSqliteStore(path);
  try {
    return (await store.listOutbox({ limit: 10_000 })).sort((a, b) => a.id - b.id);
  } finally {
    await store.close();
  }
}

describe('backup and restore of the store', function () {
  this.timeout(60_000);
  let folder: ReturnType<typeof tmpFolder>;
  let backupFile: string;
  let sourceOutbox: OutboxEntry[];

  before(async () => {
    folder = tmpFolder();
    const host: RunningHost = await startSimulatorHost(folder.dir, new ManualClock('2026-11-23T08:00:00+11:00'));
    const api = new ApiClient(host.apiUrl);
    backupFile = join(folder.dir, 'backups', 'copy.sqlite');
    // A busy run: the host books and texts patient after patient while the backup copies.
    let backupDone = false;
    let sent = 0;
    const sendOne = async () => {
      const n = ++sent;
      await api.post('/api/simulator/appointments', {
        id: `appt-${n}`,
        start: '2026-11-23T10:00:00+11:00',
        status: 'booked',
        isVideo: false,
        patient: { id: `pat-${n}`, name: `Patient ${n}`, firstName: 'Pat', mobile: `04${String(10_000_000 + n).padStart(8, '0')}` },
        practitioner: { id: 'prac-lee', name: 'Dr Lee' },
      });
      await host.runTodayCycle();
    };
    for (let i = 0; i < 3; i++) await sendOne();
    const busy = (async () => {
      while (!backupDone) await sendOne();
    })();
    try {
      await backupStore(join(folder.dir, 'store.sqlite'), backupFile);
    } finally {
      backupDone = true;
      await busy;
      await host.stop();
    }
    sourceOutbox = await outboxOf(join(folder.dir, 'store.sqlite'));
  });
  after(() => folder.remove());

  it('restores a copy holding the outbox as it was: every entry up to the copy, none missing, none altered', async () => {
    const target = join(folder.dir, 'restored', 'store.sqlite');
    await restoreStore(backupFile, target);
    const restored = await outboxOf(target);
    expect(restored.length).to.be.greaterThan(0);
    // The copy is a moment of the source: the first N entries of the final outbox, exactly.
    expect(restored.map(sameEntry)).to.deep.equal(sourceOutbox.slice(0, restored.length).map(sameEntry));
    expect(restored.map((e) => e.id)).to.deep.equal(restored.map((_, i) => i + 1));
  });

  it('refuses to restore while a host holds the store, and changes nothing', async () => {
    const dir = join(folder.dir, 'running');
    mkdirSync(dir, { recursive: true });
    const host = await startSimulatorHost(dir, new ManualClock('2026-11-23T08:00:00+11:00'));
    try {
      const error = await expectRejection(() => restoreStore(backupFile, join(dir, 'store.sqlite')), InstanceLockedError);
      expect(error.message).to.contain(`process ${process.pid}`);
      expect(await host.control.status()).to.be.an('object');
    } finally {
      await host.stop();
    }
    expect(await outboxOf(join(dir, 'store.sqlite'))).to.deep.equal([]);
  });

  it('refuses a backup from a newer version before replacing anything', async () => {
    const newer = join(folder.dir, 'newer.sqlite');
    copyFileSync(backupFile, newer);
    const db = new Database(newer);
    db.pragma(`user_version = ${latestVersion() + 1}`);
    db.close();
    const target = join(folder.dir, 'kept', 'store.sqlite');
    await restoreStore(backupFile, target);
    await expectRejection(() => restoreStore(newer, target), StoreVersionError);
    expect((await outboxOf(target)).length).to.be.greaterThan(0);
    expect(existsSync(`${target}.restoring`)).to.equal(false);
  });

  describe('the restored store', () => {
    let counter = 0;
    describeStoreContract({
      name: 'schema restored from a backup taken during a busy run',
      open: async (): Promise<Store> => {
        const path = join(folder.dir, `contract-${++counter}`, 'store.sqlite');
        await restoreStore(backupFile, path);
        // The suite wants an empty store: keep the restored schema (tables, indexes, version),
        // drop the rows (the outbox test above checks those).
        const db = new Database(path);
        const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
        db.pragma('foreign_keys = OFF');
        for (const table of tables) db.exec(`DELETE FROM "${table}"`);
        db.close();
        return openSqliteStore(path);
      },
    });
  });
});
