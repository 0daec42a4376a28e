import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import type { Store } from './store.js';
import { describeStoreContract } from '../testing/store-contract.js';
import { expectRejection } from '@clinic-arrivals/plugin-kit/testing';
import { DuplicateSendError, StoreVersionError } from './errors.js';
import { applyMigrations, latestVersion, MIGRATIONS, type Migration } from './migrations.js';
import { openSqliteStore } from './sqlite-store.js';

describe('SqliteStore', () => {
  let dir: string;
  const paths = new WeakMap<Store, string>();
  let counter = 0;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ca-store-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  describeStoreContract({
    name: 'sqlite (file)',
    open: async () => {
      // A nested folder that does not exist yet: the store creates it.
      const path = join(dir, `case-${++counter}`, 'data', 'store.sqlite');
      const store = await openSqliteStore(path);
      paths.set(store, path);
      return store;
    },
    reopen: async (previous) => {
      const path = paths.get(previous)!;
      const store = await openSqliteStore(path);
      paths.set(store, path);
      return store;
    },
  });

  describeStoreContract({ name: 'sqlite (:memory:)', open: () => openSqliteStore(':memory:') });

  describe('file and schema', () => {
    const userVersion = (path: string) => {
      const db = new Database(path, { readonly: true });
      try {
        return db.pragma('user_version', { simple: true }) as number;
      } finally {
        db.close();
      }
    };

    it('creates a fresh file in WAL mode at the latest schema version', async () => {
      const path = join(dir, 'fresh', 'store.sqlite');
      const store = await openSqliteStore(path);
      await store.close();
      expect(existsSync(path)).to.equal(true);
      expect(userVersion(path)).to.equal(latestVersion());
      const db = new Database(path, { readonly: true });
      try {
        expect(db.pragma('journal_mode', { simple: true })).to.equal('wal');
        const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all();
        expect(tables).to.include.members(['appointment_progress', 'outbox', 'incoming', 'opt_outs', 'practitioners', 'template_overrides', 'plugin_state']);
      } finally {
        db.close();
      }
    });

    it('re-opens an up-to-date file without applying anything', async () => {
      const path = join(dir, 'reopen.sqlite');
      await (await openSqliteStore(path)).close();
      const db = new Database(path);
      try {
        expect(applyMigrations(db)).to.deep.equal([]);
        expect(db.pragma('user_version', { simple: true })).to.equal(latestVersion());
      } finally {
        db.close();
      }
    });

    it('refuses a file written by a newer version and leaves it untouched', async () => {
      const path = join(dir, 'newer.sqlite');
      await (await openSqliteStore(path)).close();
      const db = new Database(path);
      db.pragma(`user_version = ${latestVersion() + 1}`);
      db.close();
      const error = await expectRejection(() => openSqliteStore(path), StoreVersionError);
      expect(error.code).to.equal('CA_ERR_STORE_VERSION');
      expect(error.message)
        .to.contain(`schema version ${latestVersion() + 1}`)
        .and.contain('Upgrade clinic-arrivals');
      expect(userVersion(path)).to.equal(latestVersion() + 1);
    });

    it('applies later migrations to an older file, in order', async () => {
      const path = join(dir, 'upgrade.sqlite');
      await (await openSqliteStore(path)).close();
      const next: Migration = {
        version: MIGRATIONS.length + 1,
        description: 'test: add a column',
        up: (db) => db.exec('ALTER TABLE practitioners ADD COLUMN colour TEXT'),
      };
      const db = new Database(path);
      try {
        expect(applyMigrations(db, [...MIGRATIONS, next])).to.deep.equal([next.version]);
        expect(db.pragma('user_version', { simple: true })).to.equal(next.version);
        const columns = db.prepare(`SELECT name FROM pragma_table_info('practitioners')`).pluck().all();
        expect(columns).to.include('colour');
      } finally {
        db.close();
      }
    });

    it('rolls a failing migration back completely', async () => {
      const path = join(dir, 'failing.sqlite');
      await (await openSqliteStore(path)).close();
      const steps: Migration[] = [
        { version: MIGRATIONS.length + 1, description: 'fine', up: (db) => db.exec('CREATE TABLE extra (x)') },
        { version: MIGRATIONS.length + 2, description: 'broken', up: (db) => db.exec('CREATE TABLE broken (') },
      ];
      const db = new Database(path);
      try {
        expect(() => applyMigrations(db, [...MIGRATIONS, ...steps])).to.throw();
        expect(db.pragma('user_version', { simple: true })).to.equal(latestVersion());
        expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'extra'`).pluck().get()).to.equal(0);
      } finally {
        db.close();
      }
    });

    it('upgrades a version 1 file: its unknown sends stay, open for a person', async () => {
      const path = join(dir, 'v1.sqlite');
      const db = new Database(path);
      applyMigrations(db, MIGRATIONS.slice(0, 1));
      db.prepare(
        `INSERT INTO outbox (key, to_number, template, body, status, attempts, created_at, updated_at)
        VALUES ('old', '+61400000001', 'screening', 'hi', 'unknown', 1, 1, 2)`,
      ).run();
      db.close();
      const store = await openSqliteStore(path);
      try {
        expect(userVersion(path)).to.equal(latestVersion());
        const [entry] = await store.listUnknownSends();
        expect(entry).to.include({ key: 'old', status: 'unknown' });
        expect(entry).to.not.have.any.keys('resolution', 'lastCheck');
        const resolved = await store.resolveUnknownSend(entry!.id, { outcome: 'delivered', by: 'Sam' }, 3);
        expect(resolved.resolution).to.deep.equal({ outcome: 'delivered', at: 3, by: 'Sam' });
      } finally {
        await store.close();
      }
    });

    it('upgrades a version 10 file: its guest grants stay as they were, and reception can book guests', async () => {
      const path = join(dir, 'v10.sqlite');
      const db = new Database(path);
      applyMigrations(db, MIGRATIONS.slice(0, 10));
      db.prepare(
        `INSERT INTO guest_grants (grant_id, request_key, appointment_id, room_id, granted_by, display_name, state, expires_at, link_json, created_at, linked_at, sent_at)
        VALUES ('g1', 'SM1', 'a1', 'room-1', 'patient', 'Guest', 'sent', '2026-11-23T11:00:00.000Z', '{"grantId":"g1","link":"https://v/g1","expiresAt":"x"}', 1, 2, 3)`,
      ).run();
      db.close();
      const store = await openSqliteStore(path);
      try {
        expect(userVersion(path)).to.equal(latestVersion());
        const [grant] = await store.listGuestGrants('a1');
        expect(grant).to.deep.include({ grantId: 'g1', state: 'sent', grantedBy: 'patient', roomId: 'room-1', linkedAt: 2, sentAt: 3 });
        expect(grant).not.to.have.any.keys('kind', 'phone', 'bookedBy', 'patientToldAt');
        const booked = await store.bookGuest(
          {
            grantId: 'b1',
            requestKey: 'r1',
            appointmentId: 'a1',
            kind: 'clinician',
            displayName: 'Dr Patel',
            phone: '+61491570156',
            bookedBy: 'rita',
            expiresAt: 'x',
          },
          4,
        );
        expect(booked.state).to.equal('booked');
        expect(await store.countLiveGuestGrants()).to.deep.equal(new Map([['a1', 2]]));
      } finally {
        await store.close();
      }
    });

    it('throws a typed DuplicateSendError naming the key', async () => {
      const store = await openSqliteStore(':memory:');
      try {
        await store.beginSend({ key: 'k', to: '+61400000001', template: 't', body: 'b' }, 1);
        const error = await expectRejection(() => store.beginSend({ key: 'k', to: '+61400000001', template: 't', body: 'b' }, 2), DuplicateSendError);
        expect(error).to.include({ key: 'k', existingStatus: 'pending' });
      } finally {
        await store.close();
      }
    });

    it('keeps one send per key across two connections to the same file', async () => {
      const path = join(dir, 'race.sqlite');
      const [a, b] = [await openSqliteStore(path), await openSqliteStore(path)];
      try {
        const entry = { key: 'k', to: '+61400000001', template: 't', body: 'b' };
        const results = await Promise.allSettled([a.beginSend(entry, 1), b.beginSend(entry, 1)]);
        expect(results.map((r) => r.status).sort()).to.deep.equal(['fulfilled', 'rejected']);
        expect(await a.listOutbox()).to.have.length(1);
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
});
