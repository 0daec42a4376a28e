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

  static start(db: FleetDatabase, clinicId: string, ttlSeconds: number): PausableReplica {
    const script = join(import.meta.dirname, 'fenced-writer-child.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script, db.url, db.schema, clinicId, 'replica-child', String(ttlSeconds)], {
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

  it('a replica paused inside its transaction, after the fence, blocks the takeover until it commits', async () => {
    await pool.query('TRUNCATE probe_writes');
    const events: string[] = [];
    const child = PausableReplica.start(db!, 'clinic-racing', 1);
    children.push(child);
    expect(await child.next('token ')).to.equal('token 1');
    child.tell('begin child-before-takeover');
    const childPid = Number((await child.next('fenced child-before-takeover')).split(' ')[2]);
    events.push('child passed the fence');

    child.pause();
    await expired('clinic-racing');
    events.push('lease expired');
    const taker = await pool.connect();
    const takerPid = (await taker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    let takeoverDone = false;
    const takeover = acquireLease(taker, 'clinic-racing', 'replica-b', 30).then((t) => {
      takeoverDone = true;
      events.push('takeover done');
      return t;
    });
    const blockedBy = () =>
      pool
        .query<{ blockers: number[] }>('SELECT pg_blocking_pids($1) AS blockers', [takerPid])
        .then((r) => (r.rows[0]!.blockers.length ? r.rows[0]!.blockers : undefined));
    expect(await until('the takeover to wait on a lock', blockedBy)).to.deep.equal([childPid]);
    events.push('takeover blocked by the child');

    child.resume();
    // Running again but still inside its transaction: the takeover still waits.
    expect(await blockedBy()).to.deep.equal([childPid]);
    expect(takeoverDone).to.equal(false);
    events.push('child committing');
    child.tell('commit');
    expect(await child.next('committed')).to.equal('committed child-before-takeover');
    const token = await takeover;
    taker.release();
    expect(token).to.equal(2);
    expect(events.slice(0, 4)).to.deep.equal(['child passed the fence', 'lease expired', 'takeover blocked by the child', 'child committing']);
    expect(events).to.include('takeover done');

    // The write made before the takeover stands; none after it.
    child.tell('write child-after-takeover');
    expect(await child.next('refused')).to.match(/^refused child-after-takeover LeaseLostError/);
    expect(await writers()).to.deep.equal(['child-before-takeover']);
  });
});
