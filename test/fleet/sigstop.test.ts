import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect } from 'chai';
import type pg from 'pg';
import { acquireLease, leaseFence, readLeaseHolder } from '../../core/fleet/index.js';
import { fleetDatabase, until, type FleetDatabase } from './fleet-support.js';

/** A replica in a child process that we can pause with SIGSTOP (see fenced-writer-child.ts). */
class PausableReplica {
  private readonly lines: string[] = [];
  private readonly waiters: Array<() => void> = [];
  private constructor(readonly child: ChildProcessByStdio<Writable, Readable, null>) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      this.lines.push(line);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static start(db: FleetDatabase, clinicId: string, ttlSeconds: number, idleInTransactionMs = 500): PausableReplica {
    const script = join(import.meta.dirname, 'fenced-writer-child.ts');
    const args = [script, db.url, db.schema, clinicId, 'replica-child', String(ttlSeconds), String(idleInTransactionMs)];
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    return new PausableReplica(child);
  }

  /** The next printed line starting with `prefix` (lines are consumed in order). */
  async next(prefix: string): Promise<string> {
    for (;;) {
      const line = this.lines.shift();
      if (line !== undefined) {
        if (line.startsWith(prefix)) return line;
        throw new Error(`child said "${line}", expected "${prefix}…"`);
      }
      if (this.child.exitCode !== null) throw new Error(`child exited with ${this.child.exitCode}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  tell(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  pause(): void {
    this.child.kill('SIGSTOP');
  }

  resume(): void {
    this.child.kill('SIGCONT');
  }

  kill(): void {
    this.child.kill('SIGCONT');
    this.child.kill('SIGKILL');
  }
}

describe('fleet: a paused replica can never write again after a takeover (SIGSTOP, PostgreSQL)', function () {
  this.timeout(30_000);
  let db: FleetDatabase | undefined;
  let pool: pg.Pool;
  const children: PausableReplica[] = [];

  before(async function () {
    db = await fleetDatabase();
    if (!db) return this.skip();
    pool = db.pool(4);
    await pool.query('CREATE TABLE probe_writes (writer text NOT NULL)');
  });
  afterEach(() => children.splice(0).forEach((c) => c.kill()));
  after(async () => db?.destroy());

  const writers = async () => (await pool.query<{ writer: string }>('SELECT writer FROM probe_writes ORDER BY writer')).rows.map((r) => r.writer);
  const expired = (clinicId: string) =>
    until(`the lease of ${clinicId} to expire`, async () => ((await readLeaseHolder(pool, clinicId))?.free ? true : undefined));

  async function fencedWrite(clinicId: string, token: number, writer: string): Promise<void> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await leaseFence(clinicId, token)(client);
      await client.query('INSERT INTO probe_writes (writer) VALUES ($1)', [writer]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }

  it('refuses the write of a replica paused past its lease once another took the clinic over', async () => {
    const child = PausableReplica.start(db!, 'clinic-paused', 1);
    children.push(child);
    expect(await child.next('token ')).to.equal('token 1');
    child.tell('write child-while-holding');
    expect(await child.next('written')).to.equal('written child-while-holding');

    child.pause();
    await expired('clinic-paused');
    const token = await acquireLease(pool, 'clinic-paused', 'replica-b', 30);
    expect(token).to.equal(2);
    await fencedWrite('clinic-paused', token!, 'replica-b');

    child.resume();
    child.tell('write child-after-takeover');
    const refusal = await child.next('refused');
    expect(refusal).to.match(/^refused child-after-takeover LeaseLostError: write for clinic "clinic-paused" refused/);
    expect(await writers()).to.deep.equal(['child-while-holding', 'replica-b']);
  });

  it('a replica paused inside its transaction, after the fence, loses its session: the takeover goes through and its commit fails', async () => {
    await pool.query('TRUNCATE probe_writes');
    const child = PausableReplica.start(db!, 'clinic-racing', 1, 500);
    children.push(child);
    expect(await child.next('token ')).to.equal('token 1');
    child.tell('begin child-before-takeover');
    const childPid = Number((await child.next('fenced child-before-takeover')).split(' ')[2]);

    // Frozen while its fence's FOR SHARE lock on the lease row is held: without the server's
    // idle-in-transaction limit the takeover below would wait for as long as it stays frozen.
    child.pause();
    await expired('clinic-racing');
    const token = await acquireLease(pool, 'clinic-racing', 'replica-b', 30);
    expect(token).to.equal(2);
    // The takeover could only pass the lock once the server had ended the frozen session.
    const sessions = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1', [childPid]);
    expect(sessions.rows[0]!.n, 'the frozen session is gone').to.equal(0);
    await fencedWrite('clinic-racing', token!, 'replica-b');

    child.resume();
    child.tell('commit');
    expect(await child.next('error ')).to.match(/terminat|closed|not queryable|Connection/i);
    // Its next write, on a fresh connection, meets the fence.
    child.tell('write child-after-takeover');
    expect(await child.next('refused')).to.match(/^refused child-after-takeover LeaseLostError/);
    expect(await writers()).to.deep.equal(['replica-b']);
  });
});
