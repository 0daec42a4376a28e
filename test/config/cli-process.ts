import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './helpers.js';

/** The CLI entry, run from its TypeScript source. */
export const CLI_MAIN = join(REPO_ROOT, 'core', 'cli', 'main.ts');

// Resolved here: `--import tsx` alone would be looked up from the (temporary) working folder.
const TSX_LOADER = import.meta.resolve('tsx');

/** `node` arguments that run the CLI under tsx from any folder. */
export function cliArgs(...args: string[]): string[] {
  return ['--import', TSX_LOADER, CLI_MAIN, ...args];
}

/** Environment for a CLI child: tsx must use the project's tsconfig (decorators) whatever the cwd. */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NODE_NO_WARNINGS: '1', TSX_TSCONFIG_PATH: join(REPO_ROOT, 'tsconfig.json'), ...extra };
}

/** How a CLI run ended. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a process in `cwd` with `input` on its standard input (not a terminal). */
export function runCliWithInput(cwd: string, input: string, ...args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cliArgs(...args), { cwd, env: cliEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(input);
  });
}
