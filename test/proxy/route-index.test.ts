import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createLogger } from '../../core/runtime/logger.js';
import { openPostgresProxyStorage } from '../../plugins/proxy-default/server/storage/postgres-storage.js';
import { CLINIC_NUMBER_SQL } from '../../plugins/proxy-default/server/storage/rows.js';
import { migrateSqlite, SQLITE_SCHEMA_VERSION } from '../../plugins/proxy-default/server/storage/sqlite-schema.js';
import { openSqliteProxyStorage } from '../../plugins/proxy-default/server/storage/sqlite-storage.js';
import { dropSchema, testPostgresUrl, uniqueSchemaName } from './postgres-support.js';

/*
 * Routing by number must stay an index search as an account's backlog grows (many clinics on
 * one account): both databases plan the filtered pick with messages_by_number, whose
 * expression the queries spell through CLINIC_NUMBER_SQL.
 */

const ACCOUNT = 'AC' + '1'.repeat(32);
const CLINICS = 40;
const ROWS = 4000;

describe('proxy storage: routing by number uses the messages_by_number index', function () {
  this.timeout(20_000);

  it('SQLite', () => {
    const db = new Database(':memory:');
    try {
      migrateSqlite(db, ':memory:');
      const insert = db.prepare(
        `INSERT INTO messages (account_sid, id, kind, message_sid, from_number, to_number, body, received_at, leased_until)
         VALUES (?, ?, 'sms', ?, '+61400000000', ?, 'x', 0, ?)`,
      );
      db.transaction(() => {
        for (let n = 0; n < ROWS; n++) insert.run(ACCOUNT, `SM${n}`, `SM${n}`, `+612999900${n % CLINICS}`, n % 2);
      })();
      db.exec('ANALYZE');
      const plan = db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT seq FROM messages WHERE account_sid = ? AND ${CLINIC_NUMBER_SQL} IN (SELECT value FROM json_each(?))
           AND leased_until <= ? ORDER BY seq LIMIT ?`,
        )
        .all(ACCOUNT, JSON.stringify(['+61299990001']), 0, 100) as Array<{ detail: string }>;
      expect(plan.map((row) => row.detail).join('\n')).to.match(/SEARCH messages USING (COVERING )?INDEX messages_by_number \(account_sid=\? AND <expr>=\?/);
    } finally {
      db.close();
    }
  });

  it('PostgreSQL', async function () {
    const url = await testPostgresUrl();
    if (!url) return this.skip();
    const schema = uniqueSchemaName();
    const storage = await openPostgresProxyStorage({ connectionString: url, schema, logger: createLogger({ level: 'silent' }), poolSize: 1 });
    await storage.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO "${schema}".messages (account_sid, id, kind, message_sid, from_number, to_number, body, received_at, leased_until)
         SELECT $1, 'SM' || n, 'sms', 'SM' || n, '+61400000000', '+612999900' || (n % ${CLINICS}), 'x', 0, n % 2
         FROM generate_series(1, ${ROWS}) AS n`,
        [ACCOUNT],
      );
      await client.query(`ANALYZE "${schema}".messages`);
      const plan = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT seq FROM "${schema}".messages WHERE account_sid = $1 AND ${CLINIC_NUMBER_SQL} = ANY($2::text[])
         AND leased_until <= $3 ORDER BY seq LIMIT 100 FOR UPDATE SKIP LOCKED`,
        [ACCOUNT, ['+61299990001'], 0],
      );
      expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).to.match(/messages_by_number/);
    } finally {
      await client.end();
      await dropSchema(url, schema);
    }
  });

  it('a version 2 SQLite file is upgraded, and its waiting messages are routed by number', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ca-proxy-upgrade-'));
    const file = join(dir, 'proxy.sqlite');
    try {
      // A file as version 2 left it: no messages_by_number yet, two replies waiting.
      const db = new Database(file);
      migrateSqlite(db, file);
      db.exec('DROP INDEX messages_by_number');
      db.pragma('user_version = 2');
      const insert = db.prepare(
        `INSERT INTO messages (account_sid, id, kind, message_sid, from_number, to_number, body, received_at) VALUES (?, ?, 'sms', ?, '+61400000000', ?, 'x', 0)`,
      );
      insert.run(ACCOUNT, 'SM1', 'SM1', '+61299990001');
      insert.run(ACCOUNT, 'SM2', 'SM2', '+61299990002');
      db.close();

      const storage = await openSqliteProxyStorage(file);
      try {
        const leased = await storage.lease(ACCOUNT, { now: 1, leaseMs: 60_000, limit: 10, numbers: ['+61299990002'] });
        expect(leased.map((m) => m.id)).to.deep.equal(['SM2']);
      } finally {
        await storage.close();
      }
      const reopened = new Database(file);
      try {
        expect(reopened.pragma('user_version', { simple: true })).to.equal(SQLITE_SCHEMA_VERSION);
        expect(reopened.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'messages_by_number'`).pluck().get()).to.equal(
          'messages_by_number',
        );
      } finally {
        reopened.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
