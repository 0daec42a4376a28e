import { once } from 'node:events';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino, type DestinationStream } from 'pino';
import { PinoPretty } from 'pino-pretty';
import { ConfigError } from '@clinic-arrivals/plugin-kit';

/** A log file with rotation (written by the pino-roll transport in a worker thread). */
export interface LogFileOptions {
  /** Absolute path of the file; rotated files get a number before the extension (`host.3.log`). */
  path: string;
  /** Rotate when the file reaches this size: a number with `k`, `m` or `g`. @default 10m */
  size?: string;
  /** Also rotate once a day or an hour. @default only by size */
  frequency?: 'daily' | 'hourly';
  /** Rotated files kept besides the current one; older ones are deleted. @default 10 */
  keep?: number;
}

/** Where the log lines go. */
export interface LogOutput {
  /** Lines the logger writes (fan-out included). */
  stream: DestinationStream;
  /** Waits until the file transport (if any) has written everything and ended. */
  close(): Promise<void>;
}

const ROLL_TARGET = fileURLToPath(import.meta.resolve('pino-roll'));

/*
 * pino-roll creates the folder in its worker, where a failure is silent until a later write.
 * Checked here instead, so `start` refuses with the key named (exit 2).
 */
function prepareFolder(path: string): void {
  const folder = dirname(path);
  try {
    mkdirSync(folder, { recursive: true });
    accessSync(folder, constants.W_OK);
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'error';
    throw new ConfigError(`logging.file.path: cannot write log files in ${folder} (${code})`, 'logging.file.path', { cause: error });
  }
}

/**
 * Standard output (or `destination`), as JSON lines or, with `pretty`, pino-pretty's human
 * lines; plus, with `file`, the same JSON lines into a rotated file. Standard output stays
 * synchronous (a crash loses no line); the file is written by a transport in a worker thread,
 * which pino flushes when the process exits. If the file later cannot be written (disk full,
 * folder removed), that is said once on standard error and the log goes on on standard output:
 * the host must not stop over its log file.
 */
export function logOutput(options: { destination?: DestinationStream; pretty?: boolean; file?: LogFileOptions }): LogOutput {
  if (options.file) prepareFolder(options.file.path);
  const screen =
    options.destination ??
    (options.pretty
      ? PinoPretty({ destination: 1, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' })
      : pino.destination({ dest: 1, sync: true }));
  if (!options.file) return { stream: screen, close: async () => undefined };

  const { path, size = '10m', frequency, keep = 10 } = options.file;
  const file = pino.transport({
    target: ROLL_TARGET,
    options: { file: path, size, ...(frequency ? { frequency } : {}), limit: { count: keep } },
  });
  let state: 'open' | 'failed' | 'closed' = 'open';
  file.on('error', (error: Error) => {
    if (state === 'failed') return;
    state = 'failed';
    process.stderr.write(`clinic-arrivals: the log file ${path} cannot be written (${error.message}); logging to standard output only\n`);
  });
  // Lines after a failure or after close go nowhere rather than to a dead worker (which throws).
  const guarded = { write: (line: string) => void (state === 'open' && file.write(line)) };
  let closing: Promise<void> | undefined;
  return {
    // Every line reaches both: the logger has already applied the level.
    stream: pino.multistream([
      { level: 'trace', stream: screen },
      { level: 'trace', stream: guarded },
    ]),
    close: () =>
      (closing ??= (async () => {
        if (state !== 'open') return;
        state = 'closed';
        // The worker is unref'd: without a ref a process whose last work is this wait would exit first.
        (file as unknown as { ref(): void }).ref();
        const closed = once(file, 'close').catch(() => undefined);
        file.end();
        await closed;
      })()),
  };
}
