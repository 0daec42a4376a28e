import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { LoadResult, LoadSpec } from './load-result.js';
import { signedWebhook } from './signed-webhooks.js';

/*
 * autocannon as the load generator, when wrk is not installed. It runs in a child process
 * (this file, with --autocannon), so it does not share the server's event loop. It costs
 * about as much CPU per request as the server it measures, so on a machine with few cores it
 * caps the figures of every server alike.
 */

/** The part of autocannon's API used here (it ships no types). */
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests: Array<{ method: string; path: string; setupRequest?: (request: Record<string, unknown>) => Record<string, unknown> }>;
}) => Promise<{ requests: { average: number; total: number }; latency: { p99: number }; non2xx: number; errors: number; timeouts: number }>;

/** Signed ahead of time, so signing does not slow the load generator down. */
const PREPARED_WEBHOOKS = 200_000;

async function runInChild(spec: LoadSpec, prefix: number): Promise<void> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const prepared = spec.kind === 'webhook' ? Array.from({ length: PREPARED_WEBHOOKS }, (_, i) => signedWebhook(i, prefix)) : [];
  let n = 0;
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    requests: [
      spec.kind === 'get'
        ? { method: 'GET', path: '/' }
        : {
            method: 'POST',
            path: '/twilio',
            setupRequest: (request) => {
              const { body, signature } = n < prepared.length ? prepared[n]! : signedWebhook(n, prefix);
              n++;
              return { ...request, body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature } };
            },
          },
    ],
  });
  const summary: LoadResult = {
    rps: result.requests.average,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    p99Ms: result.latency.p99,
    wrapped: false,
  };
  process.stdout.write(JSON.stringify(summary));
}

/** Runs autocannon in a child process; `prefix` makes the MessageSids unique to this run. */
export function runAutocannon(spec: LoadSpec, prefix: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--autocannon', JSON.stringify({ spec, prefix })];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += String(chunk)));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as LoadResult) : reject(new Error(`autocannon exited with ${code}`))));
  });
}

const childIndex = process.argv.indexOf('--autocannon');
if (childIndex !== -1 && process.argv[1] === fileURLToPath(import.meta.url)) {
  const { spec, prefix } = JSON.parse(process.argv[childIndex + 1]!) as { spec: LoadSpec; prefix: number };
  await runInChild(spec, prefix);
}
