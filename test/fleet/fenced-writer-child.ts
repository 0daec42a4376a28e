/*
 * A replica in a child process, for the SIGSTOP tests: takes a clinic's lease, prints
 * `token <n>`, then obeys lines on stdin:
 *   write <label>   BEGIN; fence; INSERT <label> into probe_writes; COMMIT
 *   begin <label>   BEGIN; fence; prints `fenced <label> <backend pid>` and holds the transaction open
 *   commit          INSERT the begun label; COMMIT
 * and prints `written|committed <label>`, `refused <label> <error name>: <message>` or `error <message>`.
 * Its pool is the store's (createPostgresPool), so the server ends a session left idle inside a
 * transaction for longer than <idle ms>.
 * Usage: fenced-writer-child.ts <postgres url> <schema> <clinic id> <replica id> <ttl seconds> <idle ms>
 */
import { createInterface } from 'node:readline';
import type pg from 'pg';
import { acquireLease, leaseFence, type LeaseFence } from '../../core/fleet/index.js';
import { createPostgresPool } from '../../core/store/postgres/index.js';

const [url, schema, clinicId, replicaId, ttl, idleMs] = process.argv.slice(2) as [string, string, string, string, string, string];
const pool = createPostgresPool(url, { max: 2, schema, idleInTransactionTimeoutMs: Number(idleMs) });
const say = (line: string) => process.stdout.write(`${line}\n`);

const token = await acquireLease(pool, clinicId, replicaId, Number(ttl));
if (token === undefined) throw new Error('the lease was not free');
const fence: LeaseFence = leaseFence(clinicId, token);
say(`token ${token}`);

let open: { client: pg.PoolClient; label: string } | undefined;

async function refused(label: string, client: pg.PoolClient, error: unknown): Promise<void> {
  await client.query('ROLLBACK');
  const e = error as Error;
  say(`refused ${label} ${e.name}: ${e.message}`);
}

async function obey(line: string): Promise<void> {
  const [command, label = ''] = line.trim().split(' ');
  if (command === 'write' || command === 'begin') {
    const client = await pool.connect();
    await client.query('BEGIN');
    try {
      await fence(client);
    } catch (error) {
      await refused(label, client, error);
      client.release();
      return;
    }
    if (command === 'begin') {
      // Held outside the pool's care: a session the server ends now errors here, not uncaught.
      client.on('error', () => undefined);
      const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      open = { client, label };
      say(`fenced ${label} ${pid}`);
      return;
    }
    await client.query('INSERT INTO probe_writes (writer) VALUES ($1)', [label]);
    await client.query('COMMIT');
    client.release();
    say(`written ${label}`);
  } else if (command === 'commit' && open) {
    const { client, label: begun } = open;
    open = undefined;
    await client.query('INSERT INTO probe_writes (writer) VALUES ($1)', [begun]);
    await client.query('COMMIT');
    client.release();
    say(`committed ${begun}`);
  } else if (command === 'exit') {
    await pool.end();
    process.exit(0);
  }
}

// One command at a time, in order.
let queue = Promise.resolve();
createInterface({ input: process.stdin }).on('line', (line) => {
  queue = queue.then(() => obey(line)).catch((error: unknown) => void say(`error ${(error as Error).message}`));
});
