import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteJoinLocks } from './sqlite-join-locks.js';
import { migrateSqlite } from './sqlite-schema.js';
import { INSERT_COLUMN_COUNT, INSERT_COLUMNS } from './insert-rows.js';
import { CLINIC_NUMBER_SQL, inArrivalOrder, MESSAGE_COLUMNS, messageFromRow, type MessageRow } from './rows.js';
import type { InboxMessage, LeaseOptions, SweepResult, TakeOptions } from './types.js';

/** How hard a commit waits for the disk. */
export interface SqliteOptions {
  /**
   * `full`: every commit is fsynced before the webhook is answered (survives power loss).
   * `normal`: WAL commits reach the OS before the answer and are fsynced at checkpoints:
   * they survive a crash of the proxy, not of the machine; much faster on slow disks.
   * @default full
   */
  synchronous?: 'full' | 'normal';
}

/**
 * The synchronous SQLite side of the proxy storage. It runs inside a worker thread
 * (sqlite-worker.ts) so that commits, which wait for the disk, never block the HTTP thread.
 * WAL journal; `synchronous = FULL` by default, so an accepted webhook survives a power cut.
 */
export class SqliteEngine {
  private readonly db: Database.Database;
  private readonly s;
  /**
   * Stores a flat insert batch (insert-rows.ts) in one transaction; true for each message that
   * was new (neither pending nor acknowledged before).
   */
  readonly insertRows: (rows: readonly unknown[]) => boolean[];
  readonly lease: (accountSid: string, options: LeaseOptions) => InboxMessage[];
  readonly ack: (accountSid: string, ids: readonly string[]) => number;
  readonly take: (accountSid: string, options: TakeOptions) => InboxMessage[];
  readonly sweep: (olderThan: number) => SweepResult;
  /** The join gate's locks (sqlite-join-locks.ts), under the worker's op names. */
  readonly putJoinLock: SqliteJoinLocks['put'];
  readonly deleteJoinLock: SqliteJoinLocks['remove'];
  readonly claimJoinAttempt: SqliteJoinLocks['claim'];
  readonly refundJoinAttempt: SqliteJoinLocks['refund'];
  readonly sweepJoinLocks: SqliteJoinLocks['sweep'];

  constructor(path: string, options: SqliteOptions = {}) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = (this.db = new Database(path));
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    db.pragma('busy_timeout = 5000');
    migrateSqlite(db, path);

    const s = (this.s = {
      tombstoned: db.prepare('SELECT 1 FROM tombstones WHERE account_sid = ? AND id = ?').pluck(),
      // Positional parameters: better-sqlite3 binds them much faster than named ones. (Folding
      // the tombstone check into an INSERT … SELECT … WHERE NOT EXISTS measured slower.)
      insert: db.prepare(
        `INSERT INTO messages (${INSERT_COLUMNS}) VALUES (${Array(INSERT_COLUMN_COUNT).fill('?').join(', ')})
         ON CONFLICT (account_sid, id) DO NOTHING`,
      ),
      lease: db.prepare(
        `UPDATE messages SET leased_until = @until, deliveries = deliveries + 1
         WHERE seq IN (SELECT seq FROM messages WHERE account_sid = @accountSid AND leased_until <= @now ORDER BY seq LIMIT @limit)
         RETURNING ${MESSAGE_COLUMNS}`,
      ),
      // The numbers travel as one JSON array: a statement per list length is not worth it.
      leaseNumbers: db.prepare(
        `UPDATE messages SET leased_until = @until, deliveries = deliveries + 1
         WHERE seq IN (SELECT seq FROM messages WHERE account_sid = @accountSid AND ${CLINIC_NUMBER_SQL} IN (SELECT value FROM json_each(@numbers))
                       AND leased_until <= @now ORDER BY seq LIMIT @limit)
         RETURNING ${MESSAGE_COLUMNS}`,
      ),
      leaseKind: db.prepare(
        `UPDATE messages SET leased_until = @now, deliveries = deliveries + 1
         WHERE seq IN (SELECT seq FROM messages WHERE account_sid = @accountSid AND kind = @kind AND leased_until <= @now ORDER BY seq LIMIT @limit)
         RETURNING ${MESSAGE_COLUMNS}`,
      ),
      remove: db.prepare('DELETE FROM messages WHERE account_sid = ? AND id = ? RETURNING received_at').pluck(),
      tombstone: db.prepare('INSERT OR IGNORE INTO tombstones (account_sid, id, received_at) VALUES (?, ?, ?)'),
      sweepMessages: db.prepare('DELETE FROM messages WHERE received_at < ?'),
      sweepTombstones: db.prepare('DELETE FROM tombstones WHERE received_at < ?'),
      countPending: db.prepare('SELECT count(*) FROM messages').pluck(),
      ping: db.prepare('SELECT 1').pluck(),
    });

    this.insertRows = db.transaction((rows: readonly unknown[]) => {
      const stored: boolean[] = [];
      for (let at = 0; at < rows.length; at += INSERT_COLUMN_COUNT) {
        const r = (column: number) => rows[at + column];
        // A Twilio retry of an acknowledged message: only its tombstone is left.
        if (s.tombstoned.get(r(0), r(1))) {
          stored.push(false);
          continue;
        }
        // Spelled out: spreading a slice per row costs more than the insert's own binding.
        stored.push(s.insert.run(r(0), r(1), r(2), r(3), r(4), r(5), r(6), r(7), r(8), r(9)).changes === 1);
      }
      return stored;
    });
    this.ack = db.transaction((accountSid: string, ids: readonly string[]) => {
      let deleted = 0;
      for (const id of ids) {
        const receivedAt = s.remove.get(accountSid, id) as number | undefined;
        if (receivedAt === undefined) continue;
        s.tombstone.run(accountSid, id, receivedAt);
        deleted++;
      }
      return deleted;
    });
    this.lease = db.transaction((accountSid: string, options: LeaseOptions) => {
      const params = { accountSid, now: options.now, until: options.now + options.leaseMs, limit: options.limit };
      const rows = (
        options.numbers === undefined ? s.lease.all(params) : s.leaseNumbers.all({ ...params, numbers: JSON.stringify(options.numbers) })
      ) as MessageRow[];
      return inArrivalOrder(rows).map(messageFromRow);
    });
    this.take = db.transaction((accountSid: string, options: TakeOptions) => {
      const rows = s.leaseKind.all({ accountSid, now: options.now, kind: options.kind, limit: options.limit }) as MessageRow[];
      const taken = inArrivalOrder(rows).map(messageFromRow);
      this.ack(
        accountSid,
        taken.map((m) => m.id),
      );
      return taken;
    });
    this.sweep = db.transaction((olderThan: number): SweepResult => ({
      messages: s.sweepMessages.run(olderThan).changes,
      tombstones: s.sweepTombstones.run(olderThan).changes,
    }));
    const joinLocks = new SqliteJoinLocks(db);
    this.putJoinLock = joinLocks.put;
    this.deleteJoinLock = joinLocks.remove;
    this.claimJoinAttempt = joinLocks.claim;
    this.refundJoinAttempt = joinLocks.refund;
    this.sweepJoinLocks = joinLocks.sweep;
  }

  countPending(): number {
    return this.s.countPending.get() as number;
  }

  ping(): void {
    this.s.ping.get();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
