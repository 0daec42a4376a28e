import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/*
 * A replica as a real process: `npx tsx core/cli/main.ts start --config <fleet file>`, its JSON
 * log lines read from stdout as they come. It runs in a process group of its own, so a signal
 * reaches the host's node process and not only npx in front of it (npx and tsx each start a
 * child): SIGKILL, SIGSTOP and SIGCONT go to the whole group.
 */

const REPO = join(import.meta.dirname, '..', '..');

/** One JSON log line of a replica (pino's fields plus the host's). */
export interface LogLine {
  /** ISO time by the replica's clock (the machine's: every replica and the test share it). */
  time: string;
  level: number;
  msg: string;
  replica?: string;
  /** Set on the lines of a clinic's cell and of the fleet host. */
  clinic?: string;
  /** Set on the lease keeper's own lines. */
  clinicId?: string;
  [field: string]: unknown;
}

/** Every replica started and not yet ended, killed when the test process exits. */
const alive = new Set<ReplicaProcess>();
process.once('exit', () => {
  for (const replica of alive) replica.signal('SIGKILL');
});

export class ReplicaProcess {
  readonly lines: LogLine[] = [];
  /** Whatever was not a JSON line (stderr, a crash), for the failure report. */
  readonly otherOutput: string[] = [];
  readonly exited: Promise<number | null>;
  private readonly waiters = new Set<() => void>();
  private exitCode: number | null | undefined;

  private constructor(
    readonly id: string,
    private readonly child: ChildProcess,
  ) {
    alive.add(this);
    createInterface({ input: child.stdout! }).on('line', (line) => this.take(line));
    createInterface({ input: child.stderr! }).on('line', (line) => {
      this.otherOutput.push(line);
      this.wake();
    });
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        alive.delete(this);
        this.exitCode = code;
        this.wake();
        resolve(code);
      }),
    );
  }

  /** Starts `start --config <configFile>` with REPLICA_ID set to `id` and debug JSON logs. */
  static start(id: string, configFile: string, env: Record<string, string> = {}): ReplicaProcess {
    const child = spawn('npx', ['tsx', 'core/cli/main.ts', 'start', '--config', configFile], {
      cwd: REPO,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env, REPLICA_ID: id, LOG_LEVEL: 'debug', LOG_FORMAT: 'json' },
    });
    return new ReplicaProcess(id, child);
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** The first line from line number `fromLine` on (seen already or still to come) that `match` accepts. */
  async waitFor(what: string, match: (line: LogLine) => boolean, { fromLine = 0, timeoutMs = 20_000 } = {}): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.slice(fromLine).find(match);
      if (found) return found;
      if (!this.running) throw new Error(`replica ${this.id} exited (${this.exitCode}) before ${what}\n${this.tail()}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what} on replica ${this.id}\n${this.tail()}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
  }

  /** Sends a signal to the replica's whole process group (npx, tsx and the host). */
  signal(signal: NodeJS.Signals): void {
    if (!this.running || this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // Already gone.
    }
  }

  /** SIGKILL: no shutdown of any kind, as a crash or the OOM killer. Resolves once it is gone. */
  async kill(): Promise<void> {
    this.signal('SIGCONT');
    this.signal('SIGKILL');
    await this.exited;
  }

  /** Stops it cleanly (SIGTERM: clinics stopped, leases released), or kills it after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.signal('SIGCONT');
    // To the host alone: tsx passes a signal on to its child, and a second SIGTERM means "exit now" to the host.
    const hostPid = this.lines.find((line) => typeof line.pid === 'number')?.pid as number | undefined;
    if (hostPid === undefined) this.signal('SIGKILL');
    else process.kill(hostPid, 'SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** The fleet API's base URL, once the replica has printed it. */
  apiUrl(): string | undefined {
    for (const line of this.otherOutput) {
      const found = /fleet view at (http:\/\/[^/\s]+)/.exec(line)?.[1];
      if (found) return found;
    }
    return undefined;
  }

  /** The last lines, for a failure message. */
  tail(count = 15): string {
    const json = this.lines.slice(-count).map((line) => JSON.stringify(line));
    return [...this.otherOutput.slice(-count), ...json].join('\n');
  }

  private take(raw: string): void {
    let line: LogLine;
    try {
      line = JSON.parse(raw) as LogLine;
    } catch {
      this.otherOutput.push(raw);
      return;
    }
    this.lines.push(line);
    this.wake();
  }

  private wake(): void {
    for (const wake of [...this.waiters]) wake();
  }
}
