import pg from 'pg';

/** Options of {@link createPostgresPool}. */
export interface PostgresPoolOptions {
  /**
   * Connections the pool may open. Every clinic's store on this pool shares them.
   * @default 10
   */
  max?: number;
  /**
   * Schema the store's tables live in (the connection's `search_path`). Lower-case letters, digits and `_` (PostgreSQL folds unquoted names to lower case).
   * @default the server's search_path (normally `public`)
   * @example 'clinic_arrivals'
   */
  schema?: string;
  /**
   * Told when an idle connection breaks (the server restarted, a proxy cut it). The pool drops
   * that connection and the next query opens another; without a listener the error is ignored.
   */
  onIdleError?: (error: Error) => void;
  /**
   * A query that has not answered after this long fails: a replica cut off from the database
   * must notice (its leases lapse) rather than wait forever.
   * @default 30000
   */
  queryTimeoutMs?: number;
  /**
   * The server ends a session that sits this long inside a transaction without a query. A
   * process frozen mid-write (SIGSTOP, a paused VM) would otherwise keep its locks, the lease
   * row's among them, and hold up the takeover of its clinics for as long as it stays frozen.
   * Keep it below the lease period. Every store transaction is database work only, so a healthy
   * process never comes near it.
   * @default 5000
   */
  idleInTransactionTimeoutMs?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A pg 8 pool for the PostgreSQL store. One pool serves every clinic's store of a host.
 * The URL is never logged.
 *
 * @example
 * const pool = createPostgresPool('postgres://arrivals@db.internal:5432/arrivals', { max: 20 });
 * await migratePostgres(pool);
 * const store = await openPostgresStore({ pool, clinicId: 'northside', clock });
 */
export function createPostgresPool(url: string, options: PostgresPoolOptions = {}): pg.Pool {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new TypeError(`schema must be lower-case letters, digits and _ (not starting with a digit), got ${JSON.stringify(options.schema)}`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    query_timeout: options.queryTimeoutMs ?? 30_000,
    idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? 5_000,
    ...(options.schema !== undefined ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle connection's error is emitted on the pool; unheard, it would end the process.
  pool.on('error', (error) => options.onIdleError?.(error));
  return pool;
}
