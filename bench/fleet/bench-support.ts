import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import pg from 'pg';

/** Where the benches find PostgreSQL (the project's test database). */
export const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const progress = (line: string) => process.stderr.write(`[bench:fleet] ${line}\n`);

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** A fresh schema for one run; the URL selects it for every connection. */
export async function freshSchema(label: string): Promise<{ schema: string; url: string; drop(): Promise<void> }> {
  const schema = `bench_${label}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.end();
  return {
    schema,
    url: `${POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}

/** Child processes of the run, killed on any exit of the bench (also on failure). */
const children = new Set<ChildProcess>();
const cleanups: Array<() => Promise<void>> = [];
/** Registers a clean-up for the end of the run (or a failure); returns it, made safe to call early as well. */
export function onCleanup(cleanup: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  const once = () => (done ??= cleanup());
  cleanups.push(once);
  return once;
}
export async function cleanUp(): Promise<void> {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error) => progress(`clean-up failed: ${String(error)}`));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Starts a Node child; each stdout line goes to `onLine`, stderr to ours (prefixed). */
export function startChild(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; label: string; onLine?: (line: string) => void }): ChildProcess {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...options.env }, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  if (options.onLine) createInterface({ input: child.stdout }).on('line', options.onLine);
  else child.stdout.resume();
  createInterface({ input: child.stderr }).on('line', (line) => process.stderr.write(`  [${options.label}] ${line}\n`));
  return child;
}

/** Runs a child to its end and returns the JSON object on its last stdout line. */
export async function runForJson<T>(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; label: string; timeoutMs: number; started?: (child: ChildProcess) => void },
): Promise<T> {
  let last = '';
  const child = startChild(args, { ...options, onLine: (line) => (last = line.trim() || last) });
  options.started?.(child);
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`${options.label} exited with ${code}`);
  return JSON.parse(last) as T;
}

/** Polls `check` every 50 ms until it returns a value other than undefined. */
export async function until<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
