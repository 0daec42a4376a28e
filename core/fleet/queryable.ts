import type pg from 'pg';

/** Anything that runs one SQL statement: the pool (autocommit) or a client inside a transaction. */
export type Queryable = pg.Pool | pg.PoolClient;
