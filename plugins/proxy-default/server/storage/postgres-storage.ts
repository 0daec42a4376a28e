import { EventEmitter } from 'node:events';
import pg from 'pg';
import { Backoff } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import { PostgresJoinLocks } from './postgres-join-locks.js';
import { migratePostgres, quoteIdent } from './postgres-schema.js';
import { CLINIC_NUMBER_SQL, inArrivalOrder, MESSAGE_COLUMNS, messageFromRow, type MessageRow } from './rows.js';
import type {
  InboxMessage,
  JoinAttemptClaim,
  JoinLockRecord,
  LeaseOptions,
  TakeOptions,
  NewInboxMessage,
  ProxyStorage,
  StoredListener,
  SweepResult,
} from './types.js';

/** Options of {@link openPostgresProxyStorage}. */
export interface PostgresStorageOptions {
  /** `postgres://user:password@host:5432/database`; never logged. */
  connectionString: string;
  /** Schema holding the proxy's tables (created when missing). @default public */
  schema: string;
  /** Pool size per instance. @default 10 */
  poolSize?: number;
  logger: Logger;
}

/**
 * PostgreSQL storage, for several proxy instances behind a load balancer sharing one database.
 * A webhook stored by any instance is announced with NOTIFY on a channel named after the
 * schema; every instance LISTENs on a dedicated connection (reconnected with backoff), so a
 * stream held by instance B hears a message that arrived at instance A. Leases use
 * `FOR UPDATE SKIP LOCKED`, so two instances never hand out the same message at once.
 */
export async function openPostgresProxyStorage(options: PostgresStorageOptions): Promise<ProxyStorage> {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
  // An idle client losing its connection must not crash the proxy; the next query reconnects.
  pool.on('error', (error) => options.logger.warn({ err: { message: error.message } }, 'postgres pool connection lost'));
  try {
    const client = await pool.connect();
    try {
      await migratePostgres(client, options.schema);
    } finally {
      client.release();
    }
    const storage = new PostgresProxyStorage(pool, options);
    await storage.listen();
    return storage;
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}

/** The lease statement; `filter` narrows the pick (same spelling as the index, see rows.ts). */
function leaseSql(s: string, filter: string): string {
  return `UPDATE ${s}.messages m SET leased_until = $3, deliveries = m.deliveries + 1
        FROM (SELECT seq FROM ${s}.messages WHERE account_sid = $1 ${filter} AND leased_until <= $2
              ORDER BY seq LIMIT $4 FOR UPDATE SKIP LOCKED) pick
        WHERE m.seq = pick.seq
        RETURNING ${MESSAGE_COLUMNS.split(', ')
          .map((c) => `m.${c}`)
          .join(', ')}`;
}

/**
 * A NOTIFY payload: `<AccountSid> <clinic number>` (an AccountSid has no space), or the
 * AccountSid alone as instances before routing by number sent it (then: any number).
 */
function parseStoredPayload(payload: string): [string, string | undefined] {
  const space = payload.indexOf(' ');
  return space === -1 ? [payload, undefined] : [payload.slice(0, space), payload.slice(space + 1)];
}

class PostgresProxyStorage implements ProxyStorage {
  readonly kind = 'postgres' as const;
  private readonly events = new EventEmitter().setMaxListeners(0);
  private readonly channel: string;
  private readonly sql;
  private readonly joinLocks: PostgresJoinLocks;
  private listener: pg.Client | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly backoff = new Backoff({ minDelayMs: 250, maxDelayMs: 15_000 });
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: PostgresStorageOptions,
  ) {
    const s = `${quoteIdent(options.schema)}`;
    this.channel = `ca_proxy_${options.schema}`;
    this.joinLocks = new PostgresJoinLocks(pool, s);
    this.sql = {
      insert: `WITH ins AS (
          INSERT INTO ${s}.messages (account_sid, id, kind, message_sid, from_number, to_number, body, status, error_code, received_at)
          SELECT $1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::text, $10::bigint
          WHERE NOT EXISTS (SELECT 1 FROM ${s}.tombstones WHERE account_sid = $1 AND id = $2)
          ON CONFLICT (account_sid, id) DO NOTHING
          RETURNING account_sid, ${CLINIC_NUMBER_SQL} AS clinic_number)
        SELECT pg_notify($11, account_sid || ' ' || clinic_number) FROM ins`,
      lease: leaseSql(s, ''),
      leaseNumbers: leaseSql(s, `AND ${CLINIC_NUMBER_SQL} = ANY($5::text[])`),
      ack: `WITH gone AS (
          DELETE FROM ${s}.messages WHERE account_sid = $1 AND id = ANY($2::text[]) RETURNING account_sid, id, received_at),
        kept AS (INSERT INTO ${s}.tombstones (account_sid, id, received_at) SELECT account_sid, id, received_at FROM gone ON CONFLICT DO NOTHING)
        SELECT count(*)::int AS n FROM gone`,
      take: `WITH pick AS (
          SELECT seq FROM ${s}.messages WHERE account_sid = $1 AND kind = $4 AND leased_until <= $2 ORDER BY seq LIMIT $3 FOR UPDATE SKIP LOCKED),
        gone AS (DELETE FROM ${s}.messages m USING pick WHERE m.seq = pick.seq RETURNING m.*),
        kept AS (INSERT INTO ${s}.tombstones (account_sid, id, received_at) SELECT account_sid, id, received_at FROM gone ON CONFLICT DO NOTHING)
        SELECT ${MESSAGE_COLUMNS} FROM gone`,
      sweepMessages: `DELETE FROM ${s}.messages WHERE received_at < $1`,
      sweepTombstones: `DELETE FROM ${s}.tombstones WHERE received_at < $1`,
      countPending: `SELECT count(*)::int AS n FROM ${s}.messages`,
    };
  }

  /** Opens the LISTEN connection; later failures reconnect in the background. */
  async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.connectionString });
    client.on('notification', (note) => {
      if (note.channel === this.channel && note.payload) this.events.emit('stored', ...parseStoredPayload(note.payload));
    });
    client.on('error', (error) => this.listenerLost(client, error));
    client.on('end', () => this.listenerLost(client, new Error('connection ended')));
    await client.connect();
    await client.query(`LISTEN ${quoteIdent(this.channel)}`);
    this.listener = client;
    this.backoff.reset();
  }

  private listenerLost(client: pg.Client, error: Error): void {
    if (this.closed || this.listener !== client) return;
    this.listener = undefined;
    client.end().catch(() => undefined);
    this.options.logger.warn({ err: { message: error.message } }, 'postgres LISTEN connection lost; reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    this.reconnectTimer = setTimeout(() => {
      this.listen().then(
        // Notifications sent while disconnected are lost: wake every waiter to look again.
        () => this.events.emit('stored', undefined),
        () => this.scheduleReconnect(),
      );
    }, this.backoff.next());
    this.reconnectTimer.unref();
  }

  async insert(m: NewInboxMessage): Promise<boolean> {
    const result = await this.pool.query(this.sql.insert, [
      m.accountSid,
      m.id,
      m.kind,
      m.messageSid,
      m.from,
      m.to,
      m.body,
      m.status ?? null,
      m.errorCode ?? null,
      m.receivedAt,
      this.channel,
    ]);
    return result.rowCount === 1;
  }

  async lease(accountSid: string, options: LeaseOptions): Promise<InboxMessage[]> {
    const params = [accountSid, options.now, options.now + options.leaseMs, options.limit];
    const result =
      options.numbers === undefined
        ? await this.pool.query<MessageRow>(this.sql.lease, params)
        : await this.pool.query<MessageRow>(this.sql.leaseNumbers, [...params, [...options.numbers]]);
    return inArrivalOrder(result.rows).map(messageFromRow);
  }

  async ack(accountSid: string, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.pool.query<{ n: number }>(this.sql.ack, [accountSid, [...ids]]);
    return result.rows[0]?.n ?? 0;
  }

  async take(accountSid: string, options: TakeOptions): Promise<InboxMessage[]> {
    const result = await this.pool.query<MessageRow>(this.sql.take, [accountSid, options.now, options.limit, options.kind]);
    return inArrivalOrder(result.rows).map((row) => ({ ...messageFromRow(row), deliveries: Number(row.deliveries) + 1 }));
  }

  async sweep(olderThan: number): Promise<SweepResult> {
    const messages = await this.pool.query(this.sql.sweepMessages, [olderThan]);
    const tombstones = await this.pool.query(this.sql.sweepTombstones, [olderThan]);
    return { messages: messages.rowCount ?? 0, tombstones: tombstones.rowCount ?? 0 };
  }

  putJoinLock(lock: JoinLockRecord, now: number): Promise<boolean> {
    return this.joinLocks.put(lock, now);
  }

  deleteJoinLock(accountSid: string, lockId: string): Promise<void> {
    return this.joinLocks.remove(accountSid, lockId);
  }

  claimJoinAttempt(lockId: string, options: { now: number; maxWrong: number }): Promise<JoinAttemptClaim> {
    return this.joinLocks.claim(lockId, options);
  }

  refundJoinAttempt(lockId: string, version: number): Promise<void> {
    return this.joinLocks.refund(lockId, version);
  }

  sweepJoinLocks(now: number, publishedBefore: number): Promise<number> {
    return this.joinLocks.sweep(now, publishedBefore);
  }

  async countPending(): Promise<number> {
    const result = await this.pool.query<{ n: number }>(this.sql.countPending);
    return result.rows[0]?.n ?? 0;
  }

  onStored(listener: StoredListener): () => void {
    this.events.on('stored', listener);
    return () => this.events.off('stored', listener);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
    if (!this.listener) throw new Error('postgres LISTEN connection is down (reconnecting)');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.events.removeAllListeners();
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.pool.end();
  }
}
