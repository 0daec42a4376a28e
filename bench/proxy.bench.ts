/**
 * Reply-proxy benchmark. Prints figures; asserts nothing.
 *
 * 1. Webhook ingest: requests per second of `POST /twilio` (each with its own MessageSid and a
 *    valid X-Twilio-Signature, stored durably in SQLite: WAL, synchronous=FULL) next to a bare
 *    node:http hello-world (`GET /`) measured in the same run on the same machine, and the
 *    ratio. Also shown: the bare server receiving the very same POSTs, and the proxy with
 *    synchronous=NORMAL. Servers run in this process; the load comes from another process:
 *    wrk when installed (a few microseconds of CPU per request), else autocannon, which on a
 *    machine with few cores costs as much CPU as the server it measures and caps every figure.
 *    The four configurations take turns for BENCH_ROUNDS short rounds, each proxy run right
 *    after the bare run it is compared with, so a busy neighbour on a shared machine slows
 *    both alike; ratios are per round, figures are medians.
 * 2. Delivery latency: webhook sent → message received by a client over the SSE stream,
 *    p50/p95 over 1,000 messages sent one after another.
 *
 * Run: npm run bench:proxy   (env: BENCH_SECONDS=3 BENCH_ROUNDS=6 BENCH_CONNECTIONS=100)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import { createServer, type Server } from 'node:http';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { createParser } from 'eventsource-parser';
import { createLogger } from '../core/runtime/logger.js';
import { proxyConfigFromObject } from '../plugins/proxy-default/server/config.js';
import { hashClientKey } from '../plugins/proxy-default/server/key-hash.js';
import { startProxyServer } from '../plugins/proxy-default/server/server.js';
import { runAutocannon } from './load/autocannon.js';
import type { LoadResult, LoadSpec } from './load/load-result.js';
import { BENCH_ACCOUNT, BENCH_AUTH_TOKEN, BENCH_PUBLIC_URL, signedWebhook, writeSignedWebhooks } from './load/signed-webhooks.js';
import { runWrk, wrkAvailable } from './load/wrk.js';

const CLIENT_KEY = 'bench-client-key-0123456789abcdef';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const LATENCY_MESSAGES = 1000;
/** Prepared webhooks per second of a run: more than any proxy here ingests, so a proxy run never repeats one. */
const WEBHOOKS_PER_SECOND = 60_000;
const TARGET_PERCENT = 40;

type Configuration = 'bare GET' | 'bare POST' | 'proxy full' | 'proxy normal';
/** Run order within a round: each proxy run right after the bare run it is compared with. */
const CONFIGURATIONS: readonly Configuration[] = ['bare GET', 'proxy full', 'bare POST', 'proxy normal'];
const DESCRIPTIONS: Record<Configuration, string> = {
  'bare GET': 'bare node:http hello-world, GET /',
  'bare POST': 'bare node:http hello-world, the same signed POSTs the proxy gets',
  'proxy full': 'proxy webhook ingest, SQLite synchronous=FULL (default: fsync per commit)',
  'proxy normal': 'proxy webhook ingest, SQLite synchronous=NORMAL (survives a proxy crash, not a power cut)',
};

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      resolve(`http://127.0.0.1:${address.port}`);
    }),
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function main(): Promise<void> {
  const prefix = Math.floor(Math.random() * 0xffffffff);
  const work = mkdtempSync(join(tmpdir(), 'ca-proxy-bench-'));
  const useWrk = wrkAvailable();
  console.log(`proxy bench: node ${process.version}, ${cpus().length} CPUs, ${ROUNDS} rounds of ${SECONDS} s per configuration, ${CONNECTIONS} connections`);
  let webhooksFile: string | undefined;
  if (useWrk) {
    webhooksFile = join(work, 'webhooks.tsv');
    writeSignedWebhooks(webhooksFile, WEBHOOKS_PER_SECOND * SECONDS, prefix);
    console.log('load generator: wrk, one thread, in its own process');
  } else {
    console.log('load generator: autocannon in a child process. wrk is not installed (apt install wrk): autocannon costs about as much CPU');
    console.log('  per request as the servers it measures, so on a machine with few cores these figures are partly its own.');
  }
  const load = (spec: LoadSpec) => (useWrk ? runWrk(spec, work, webhooksFile) : runAutocannon(spec, prefix));
  const run = (url: string, kind: LoadSpec['kind'], seconds = SECONDS) => load({ url, kind, seconds, connections: CONNECTIONS });

  // Reads the request body (as any server must) and answers without looking at it.
  const hello = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('hello world');
    });
  });
  const helloUrl = await listen(hello);
  const keyHash = await hashClientKey(CLIENT_KEY);
  const results = new Map<Configuration, LoadResult[]>(CONFIGURATIONS.map((c) => [c, []]));
  try {
    // Warm-up (JIT) of both servers' code; the proxy's on a database of its own.
    await run(helloUrl, 'get', 2);
    await withProxy('full', keyHash, (url) => run(url, 'webhook', 2));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const configuration of CONFIGURATIONS) {
        const result = configuration.startsWith('bare')
          ? await run(helloUrl, configuration === 'bare GET' ? 'get' : 'webhook')
          : // A fresh database per run: every MessageSid is new to it.
            await withProxy(configuration === 'proxy full' ? 'full' : 'normal', keyHash, (url) => run(url, 'webhook'));
        results.get(configuration)!.push(result);
      }
      console.log(`round ${round}: ${CONFIGURATIONS.map((c) => `${c} ${results.get(c)![round - 1]!.rps.toFixed(0)}`).join(', ')} req/s`);
    }
  } finally {
    await new Promise((resolve) => hello.close(resolve));
  }

  console.log('');
  for (const configuration of CONFIGURATIONS) {
    const runs = results.get(configuration)!;
    const rates = runs.map((r) => r.rps);
    const problems = runs.reduce((n, r) => n + r.non2xx + r.errors, 0);
    const wrapped =
      configuration.startsWith('proxy') && runs.some((r) => r.wrapped) ? ' (RAN OUT OF PREPARED WEBHOOKS: repeated MessageSids, figure invalid)' : '';
    console.log(
      `${DESCRIPTIONS[configuration]}: median ${median(rates).toFixed(0)} req/s (runs ${rates.map((r) => r.toFixed(0)).join(', ')}; p99 ${median(runs.map((r) => r.p99Ms)).toFixed(1)} ms; failed requests ${problems})${wrapped}`,
    );
  }
  const perRound = (configuration: Configuration, base: Configuration) => results.get(configuration)!.map((r, i) => (r.rps / results.get(base)![i]!.rps) * 100);
  for (const configuration of ['proxy full', 'proxy normal'] as const) {
    const ofGet = perRound(configuration, 'bare GET');
    const ofPost = perRound(configuration, 'bare POST');
    console.log(
      `${configuration}: ${median(ofGet).toFixed(1)}% of bare GET (target >= ${TARGET_PERCENT}%; rounds ${ofGet.map((p) => p.toFixed(1)).join(', ')}), ${median(ofPost).toFixed(1)}% of bare POST`,
    );
  }

  // A fresh proxy for latency: an inbox holding the ingest runs' hundred thousand messages is not a clinic's.
  await withProxy('full', keyHash, async (url) => {
    const latencies = await deliveryLatencies(url, (prefix ^ 2) >>> 0);
    latencies.sort((a, b) => a - b);
    console.log(
      `delivery latency webhook sent → event on the SSE stream, ${latencies.length} messages one at a time: p50 ${percentile(latencies, 50).toFixed(2)} ms, p95 ${percentile(latencies, 95).toFixed(2)} ms, max ${latencies[latencies.length - 1]!.toFixed(2)} ms`,
    );
  });
  rmSync(work, { recursive: true, force: true });
}

/** Runs `fn` against a proxy on a fresh SQLite file. */
async function withProxy<T>(synchronous: 'full' | 'normal', keyHash: string, fn: (url: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'ca-proxy-bench-'));
  const config = proxyConfigFromObject(
    {
      listen: { host: '127.0.0.1', port: 0 },
      publicUrl: BENCH_PUBLIC_URL,
      accounts: { [BENCH_ACCOUNT]: { authToken: BENCH_AUTH_TOKEN, clientKeyHash: keyHash } },
      storage: { synchronous },
      rateLimit: { perIp: { perSecond: 1e9, burst: 1e9 }, perAccount: { perSecond: 1e9, burst: 1e9 } },
      // All load comes from 127.0.0.1: let any BENCH_CONNECTIONS through.
      connections: { maxTotal: 100_000, maxPerAddress: 100_000 },
      logging: { level: 'info' },
    },
    { file: join(dir, 'proxy.yaml'), dir, env: {} },
  );
  // The production default level (info), so the bench pays for whatever production logs;
  // the lines are serialised and written to a stream that drops them, so they do not mix with the figures.
  const logSink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const proxy = await startProxyServer(config, { logger: createLogger({ level: 'info', destination: logSink }) });
  try {
    return await fn(proxy.url);
  } finally {
    await proxy.close();
    logSink.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Sends webhooks one at a time and times each until its SSE event arrives. */
async function deliveryLatencies(url: string, prefix: number): Promise<number[]> {
  const headers = { authorization: `Bearer ${BENCH_ACCOUNT}:${CLIENT_KEY}` };
  const controller = new AbortController();
  const response = await fetch(`${url}/v1/inbox/stream`, { headers, signal: controller.signal });
  const arrived = new Map<string, (at: number) => void>();
  const parser = createParser({ onEvent: (event) => arrived.get(event.id ?? '')?.(performance.now()) });
  const reading = (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
    } catch {
      // aborted at the end
    }
  })();
  const latencies: number[] = [];
  for (let n = 0; n < LATENCY_MESSAGES; n++) {
    const { body, signature, messageSid: sid } = signedWebhook(n, prefix);
    const received = new Promise<number>((resolve) => arrived.set(sid, resolve));
    const sentAt = performance.now();
    const posted = await fetch(`${url}/twilio`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body,
    });
    await posted.arrayBuffer();
    // A rejected webhook never reaches the stream: fail loudly instead of waiting forever.
    if (posted.status !== 200) throw new Error(`latency webhook ${n} was answered ${posted.status}`);
    const at = await received;
    arrived.delete(sid);
    latencies.push(at - sentAt);
    await fetch(`${url}/v1/inbox/ack`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ ids: [sid] }) });
  }
  controller.abort();
  // The stream also ends when the proxy closes; do not wait on it longer than a moment.
  await Promise.race([reading, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
  return latencies;
}

await main();
