import pg from 'pg';
import type { Pool, PoolClient, QueryResultRow } from 'pg';

/** Called first in every write transaction, on its client; throwing refuses the write (see PostgresStoreOptions.fence). */
export type WriteFence = (client: PoolClient) => Promise<void>;

/** What a statement gave back: its rows and how many rows it touched. */
export interface SqlResult<R> {
  rows: R[];
  rowCount: number;
}

/** Runs one statement: on the pool for a read, on the transaction's client inside a write. */
export interface Sql {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values: readonly unknown[]): Promise<SqlResult<R>>;
}

const INT8_OID = 20;

/**
 * The store keeps times and ids as JavaScript numbers (epoch ms stay far below 2^53), so int8
 * columns and counts are parsed to numbers for the store's own queries only: the pool's other
 * users keep pg's default (strings).
 */
const STORE_TYPES = {
  getTypeParser: (oid: number, format?: 'text' | 'binary'): ((value: string) => unknown) =>
    oid === INT8_OID ? (value: string) => Number(value) : (pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown),
};

async function run<R extends QueryResultRow>(on: Pool | PoolClient, text: string, values: readonly unknown[]): Promise<SqlResult<R>> {
  const result = await on.query<R>({ text, values: [...values], types: STORE_TYPES } as pg.QueryConfig);
  return { rows: result.rows, rowCount: result.rowCount ?? 0 };
}

/**
 * One clinic's view of the shared pool. Every statement of the store goes through here: reads
 * straight on the pool, writes in a transaction that calls the fence first when there is one.
 * `$1` of every statement is the clinic id (see {@link PostgresDb.clinicId}).
 */
export class PostgresDb implements Sql {
  private closed = false;

  /** {@link write} in the shape of a transaction's `tx`, for code that runs either way. */
  readonly writes: Sql = { query: (text, values) => this.write(text, values) };

  constructor(
    private readonly pool: Pool,
    readonly clinicId: string,
    private readonly fence?: WriteFence,
  ) {}

  /** A read (or, inside {@link transaction}, use the `tx` given there instead). */
  async query<R extends QueryResultRow = QueryResultRow>(text: string, values: readonly unknown[]): Promise<SqlResult<R>> {
    this.assertOpen();
    return run<R>(this.pool, text, values);
  }

  /** A write of one statement: atomic on its own, so a transaction only when the fence must run first. */
  async write<R extends QueryResultRow = QueryResultRow>(text: string, values: readonly unknown[]): Promise<SqlResult<R>> {
    if (this.fence === undefined) return this.query<R>(text, values);
    return this.transaction((tx) => tx.query<R>(text, values));
  }

  /**
   * Runs `work` in one transaction on one client: BEGIN, the fence, `work`, COMMIT. Anything
   * thrown (the fence's refusal included) rolls everything back and is rethrown.
   */
  async transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    this.assertOpen();
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // The pool listens for errors only while a client is idle. A session the server ends while
    // this one holds it (e.g. idle in transaction too long) would otherwise throw uncaught.
    const onError = (error: Error) => (broken ??= error);
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      if (this.fence !== undefined) await this.fence(client);
      const result = await work({ query: (text, values) => run(client, text, values) });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A connection that cannot even roll back is dropped instead of going back to the pool.
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  /** Refuses every later call; the pool stays open (it belongs to whoever made it). */
  close(): void {
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`the PostgreSQL store of clinic ${this.clinicId} is closed`);
  }
}

/** SQL's "no limit" is a NULL limit; the same checks as the SQLite store otherwise. */
export function pgLimit(limit: number | undefined): number | null {
  if (limit === undefined) return null;
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
  return limit;
}
