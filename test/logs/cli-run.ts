import { spawn, type ChildProcess } from 'node:child_process';
import { cliArgs, cliEnv } from '../config/cli-process.js';

/** A running CLI child: its output so far, a wait for a pattern, and its exit. */
export interface CliRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in `stream`; rejects if the child exits first. */
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr'): Promise<RegExpExecArray>;
  exited: Promise<number | null>;
}

/** Environment of a CLI child with the logging variables unset unless given. */
export function logEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return cliEnv({ LOG_LEVEL: '', LOG_FORMAT: '', CLINIC_ARRIVALS_CONFIG: '', ...extra });
}

function watch(child: ChildProcess): CliRun {
  const out = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => (out.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out.stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => {
      if (signal) out.stderr += `\n(killed by ${signal})`;
      resolve(code);
    }),
  );
  const waitFor = (pattern: RegExp, stream: 'stdout' | 'stderr' = 'stderr') =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(out[stream]);
        if (!match) return false;
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        resolve(match);
        return true;
      };
      const onData = () => void setImmediate(check);
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      if (check()) return;
      void exited.then((code) => {
        if (!check()) reject(new Error(`exited with ${code} before printing ${pattern}; stdout: ${out.stdout}\nstderr: ${out.stderr}`));
      });
    });
  return { child, stdout: () => out.stdout, stderr: () => out.stderr, waitFor, exited };
}

/** Runs `clinic-arrivals <args>` with pipes for stdout and stderr (not a terminal). */
export function runCli(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): CliRun {
  return watch(spawn(process.execPath, cliArgs(...args), { cwd, env }));
}

/**
 * Runs `clinic-arrivals <args>` on a pseudo-terminal (`script`): stdout and stderr both reach
 * the terminal and come back merged as the run's stdout. The CLI's own process id is written
 * to `pidFile` (the shell execs node), so a test can send it a signal.
 */
export function runCliOnTerminal(cwd: string, env: NodeJS.ProcessEnv, pidFile: string, ...args: string[]): CliRun {
  const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;
  const command = `echo $$ > ${quote(pidFile)}; exec ${[process.execPath, ...cliArgs(...args)].map(quote).join(' ')}`;
  return watch(spawn('/usr/bin/script', ['-qfec', `sh -c ${quote(command)}`, '/dev/null'], { cwd, env }));
}
