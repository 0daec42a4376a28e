/**
 * Reply-proxy benchmark. Prints figures; asserts nothing.
 *
 * 1. Webhook ingest: requests per second of `POST /twilio` (each with a fresh MessageSid and a
 *    valid X-Twilio-Signature, stored durably in SQLite: WAL, synchronous=FULL) next to a bare
 *    node:http hello-world measured in the same run on the same machine, and the ratio.
 *    Servers run in this process; the load comes from a child process (autocannon), so the
 *    load generator does not steal the server's event loop.
 * 2. Delivery latency: webhook sent → message received by a client over the SSE stream,
 *    p50/p95 over 1,000 messages sent one after another.
 *
 * Run: npx tsx bench/proxy.bench.ts   (env: BENCH_SECONDS=10 BENCH_CONNECTIONS=100)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import { createServer, type Server } from 'node:http';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import twilio from 'twilio';
import { createRequire } from 'node:module';
import { createParser } from 'eventsource-parser';
import { createLogger } from '../core/runtime/logger.js';
import { proxyConfigFromObject } from '../plugins/proxy-default/server/config.js';
import { hashClientKey } from '../plugins/proxy-default/server/key-hash.js';
import { startProxyServer } from '../plugins/proxy-default/server/server.js';

const ACCOUNT = 'AC' + '1'.repeat(32);
const AUTH_TOKEN = 'f'.repeat(32);
const CLIENT_KEY = 'bench-client-key-0123456789abcdef';
const PUBLIC_URL = 'https://replies.example.org';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const LATENCY_MESSAGES = 1000;
const PREPARED_WEBHOOKS = 200_000;

/** The part of autocannon's API used here (it ships no types). */
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests: Array<{ method: string; path: string; setupRequest?: (request: Record<string, unknown>) => Record<string, unknown> }>;
}) => Promise<{ requests: { average: number; total: number }; latency: { p99: number }; non2xx: number; errors: number }>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

interface LoadSpec {
  url: string;
  /** `get`: plain `GET /`; `webhook`: signed `POST /twilio` with a fresh MessageSid each. */
  kind: 'get' | 'webhook';
  seconds: number;
  connections: number;
  /** Makes MessageSids unique across runs against the same database. */
  prefix: number;
}

/** Signed form body of an incoming SMS with a MessageSid derived from `n`. */
function signedWebhook(n: number, prefix: number): { body: string; signature: string } {
  const sid = 'SM' + prefix.toString(16).padStart(8, '0') + n.toString(16).padStart(24, '0');
  const params = { AccountSid: ACCOUNT, MessageSid: sid, SmsSid: sid, From: '+61412345678', To: '+61299990000', Body: 'Yes', NumMedia: '0', ApiVersion: '2010-04-01' };
  return { body: new URLSearchParams(params).toString(), signature: twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/twilio`, params) };
}

/** Child-process side: runs autocannon and prints its result as JSON on stdout. */
async function runLoad(spec: LoadSpec): Promise<void> {
  let n = 0;
  // Signed ahead of time, so signing does not slow the load generator down.
  const prepared = spec.kind === 'webhook' ? Array.from({ length: PREPARED_WEBHOOKS }, (_, i) => signedWebhook(i, spec.prefix)) : [];
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
              const { body, signature } = n < prepared.length ? prepared[n]! : signedWebhook(n, spec.prefix);
              n++;
              return { ...request, body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature } };
            },
          },
    ],
  });
  process.stdout.write(JSON.stringify({ rps: result.requests.average, total: result.requests.total, non2xx: result.non2xx, errors: result.errors, p99: result.latency.p99 }));
}

/** Parent side: spawns the load generator and returns its figures. */
function measure(spec: LoadSpec): Promise<{ rps: number; total: number; non2xx: number; errors: number; p99: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--load', JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += String(chunk)));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load generator exited with ${code}`))));
  });
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const address = server.address() as { port: number };
    resolve(`http://127.0.0.1:${address.port}`);
  }));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const prefix = Math.floor(Math.random() * 0xffffffff);
  console.log(`proxy bench: node ${process.version}, ${cpus().length} CPUs, ${SECONDS}s per run, ${CONNECTIONS} connections`);

  // Reads the request body (as any server must) and answers without looking at it.
  const hello = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('hello world');
    });
  });
  const helloUrl = await listen(hello);
  await measure({ url: helloUrl, kind: 'get', seconds: 2, connections: CONNECTIONS, prefix }); // warm-up
  const bareGet = await measure({ url: helloUrl, kind: 'get', seconds: SECONDS, connections: CONNECTIONS, prefix });
  // The same signed POSTs the proxy gets: the load generator does identical work in both runs.
  const barePost = await measure({ url: helloUrl, kind: 'webhook', seconds: SECONDS, connections: CONNECTIONS, prefix: (prefix ^ 3) >>> 0 });
  await new Promise((resolve) => hello.close(resolve));
  console.log(`bare node:http hello-world, GET /: ${bareGet.rps.toFixed(0)} req/s (p99 ${bareGet.p99} ms)`);
  console.log(`bare node:http hello-world, the same signed POSTs as the proxy gets: ${barePost.rps.toFixed(0)} req/s (p99 ${barePost.p99} ms)`);
  const keyHash = await hashClientKey(CLIENT_KEY);
  for (const synchronous of ['full', 'normal'] as const) {
    await withProxy(synchronous, keyHash, async (url) => {
      await measure({ url, kind: 'webhook', seconds: 2, connections: CONNECTIONS, prefix: (prefix ^ 1) >>> 0 }); // warm-up
      const ingest = await measure({ url, kind: 'webhook', seconds: SECONDS, connections: CONNECTIONS, prefix });
      const label = synchronous === 'full' ? 'synchronous=full, the default: fsync per commit' : 'synchronous=normal: survives a proxy crash, not a power cut';
      console.log(`proxy webhook ingest (signed, SQLite ${label}): ${ingest.rps.toFixed(0)} req/s (p99 ${ingest.p99} ms, non-2xx ${ingest.non2xx}, errors ${ingest.errors})`);
      const percent = (base: number) => `${((ingest.rps / base) * 100).toFixed(1)}%`;
      console.log(`  ratio: ${percent(barePost.rps)} of bare node:http on the same POSTs (target >= 40%), ${percent(bareGet.rps)} of bare GET /`);
    });
  }
  // A fresh proxy for latency: an inbox holding the ingest runs' hundred thousand messages is not a clinic's.
  await withProxy('full', keyHash, async (url) => {
    const latencies = await deliveryLatencies(url, (prefix ^ 2) >>> 0);
    latencies.sort((a, b) => a - b);
    console.log(`delivery latency webhook sent → event on the SSE stream, ${latencies.length} messages one at a time: p50 ${percentile(latencies, 50).toFixed(2)} ms, p95 ${percentile(latencies, 95).toFixed(2)} ms, max ${latencies[latencies.length - 1]!.toFixed(2)} ms`);
  });
}

/** Runs `fn` against a proxy on a fresh SQLite file. */
async function withProxy(synchronous: 'full' | 'normal', keyHash: string, fn: (url: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ca-proxy-bench-'));
  const config = proxyConfigFromObject(
    {
      listen: { host: '127.0.0.1', port: 0 },
      publicUrl: PUBLIC_URL,
      accounts: { [ACCOUNT]: { authToken: AUTH_TOKEN, clientKeyHash: keyHash } },
      storage: { synchronous },
      rateLimit: { perIp: { perSecond: 1e9, burst: 1e9 }, perAccount: { perSecond: 1e9, burst: 1e9 } },
      logging: { level: 'info' },
    },
    { file: join(dir, 'proxy.yaml'), dir, env: {} },
  );
  // The production default level (info), so the bench pays for whatever production logs;
  // the lines are serialised and written to a stream that drops them, so they do not mix with the figures.
  const logSink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const proxy = await startProxyServer(config, { logger: createLogger({ level: 'info', destination: logSink }) });
  try {
    await fn(proxy.url);
  } finally {
    await proxy.close();
    logSink.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Sends webhooks one at a time and times each until its SSE event arrives. */
async function deliveryLatencies(url: string, prefix: number): Promise<number[]> {
  const headers = { authorization: `Bearer ${ACCOUNT}:${CLIENT_KEY}` };
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
    const { body, signature } = signedWebhook(n, prefix);
    const sid = new URLSearchParams(body).get('MessageSid')!;
    const received = new Promise<number>((resolve) => arrived.set(sid, resolve));
    const sentAt = performance.now();
    const posted = await fetch(`${url}/twilio`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body });
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

const loadIndex = process.argv.indexOf('--load');
if (loadIndex !== -1) await runLoad(JSON.parse(process.argv[loadIndex + 1]!) as LoadSpec);
else await main();
