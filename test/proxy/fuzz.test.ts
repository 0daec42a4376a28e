import { expect } from 'chai';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { ACCOUNT, bearer, smsParams, startTestProxy, type TestProxy } from './support.js';

/** Small deterministic PRNG, so a failing run can be replayed with the same seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REQUESTS = 3000;
const CONCURRENCY = 16;
const TIME_BUDGET_MS = 15_000;
const SEED = 20261123;

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

function makeRequest(random: () => number): FuzzRequest {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
  const text = (n: number) => bytes(n).toString('latin1');
  const method = pick(['GET', 'POST', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'FUZZ']);
  const path = pick([
    '/twilio',
    '/twilio',
    '/twilio/status',
    '/v1/inbox',
    '/v1/inbox?wait=0',
    '/v1/inbox?wait=-1&limit=x',
    '/v1/inbox/ack',
    '/v1/inbox/stream',
    '/healthz',
    '/metrics',
    `/twilio?AccountSid=${ACCOUNT}`,
    '/%',
    '/..%2f..%2fetc/passwd',
    '/twilio/../v1/inbox',
    '/' + 'a'.repeat(3000),
    `/${encodeURIComponent(text(20))}`,
    '/twilio?' + encodeURIComponent(text(30)),
    '/v1/inbox?__proto__[x]=1',
  ]);
  const headers: Record<string, string> = {};
  if (random() < 0.8) {
    headers['content-type'] = pick([
      'application/x-www-form-urlencoded',
      'application/x-www-form-urlencoded; charset=utf-8',
      'application/json',
      'text/plain',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded;;;',
      '*/*',
      text(10).replace(/[^\x20-\x7e]/g, 'x'),
    ]);
  }
  if (random() < 0.6) headers['x-twilio-signature'] = pick([bytes(20).toString('base64'), '', 'x'.repeat(500), bytes(28).toString('base64')]);
  if (random() < 0.4) {
    headers.authorization = pick([
      bearer(ACCOUNT, bytes(24).toString('base64url')).authorization!,
      `Bearer ${ACCOUNT}`,
      'Bearer :',
      `Basic ${bytes(10).toString('base64')}`,
      `Bearer ${bytes(40).toString('base64')}`,
    ]);
  }
  if (random() < 0.2) headers['x-forwarded-for'] = `${Math.floor(random() * 256)}.1.2.3`;
  let body: Buffer | undefined;
  if (method !== 'GET' && method !== 'HEAD' && random() < 0.9) {
    const params = smsParams(Math.floor(random() * 1e9));
    body = pick([
      () => Buffer.from(new URLSearchParams(params).toString()),
      () => Buffer.from(new URLSearchParams({ ...params, Body: text(200) }).toString()),
      () => Buffer.from(`${new URLSearchParams(params)}&AccountSid=${ACCOUNT}`),
      () => Buffer.from('__proto__[polluted]=1&constructor[prototype][x]=1&' + new URLSearchParams(params).toString()),
      () => Buffer.from(JSON.stringify(params)),
      () => Buffer.from('{"ids":' + '['.repeat(500) + ']'.repeat(500) + '}'),
      () => Buffer.from('{"__proto__":{"admin":true},"ids":["x"]}'),
      () => bytes(Math.floor(random() * 2000)),
      () => bytes(20_000),
      () => Buffer.from('%'.repeat(300) + '&=&&==&'),
      () => Buffer.alloc(0),
    ])();
  }
  return { method, path, headers, body };
}

function send(url: URL, fuzz: FuzzRequest): Promise<number> {
  return new Promise((resolve) => {
    const request = httpRequest(
      { host: url.hostname, port: url.port, method: fuzz.method, path: fuzz.path, headers: fuzz.headers, timeout: 5000 },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', () => resolve(-1));
        // Streams that did open (they should not without a key) are cut short.
        if (response.headers['content-type']?.startsWith('text/event-stream')) request.destroy();
      },
    );
    request.on('socket', (socket) => socket.setNoDelay(true));
    request.on('error', () => resolve(-1));
    request.on('timeout', () => request.destroy());
    request.end(fuzz.body);
  });
}

function rawSocket(url: URL, payload: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.end(payload));
    socket.setTimeout(3000, () => socket.destroy());
    socket.on('data', () => undefined);
    socket.on('close', () => resolve());
    socket.on('error', () => resolve());
  });
}

describe('proxy under hostile input', function () {
  this.timeout(TIME_BUDGET_MS + 15_000);
  let proxy: TestProxy;
  before(async () => {
    proxy = await startTestProxy({ config: { timeouts: { requestSeconds: 2 } } });
  });
  after(async () => {
    await proxy.destroy();
  });

  it(`${REQUESTS} random requests never crash the server, never get a 5xx, and store nothing`, async () => {
    const random = mulberry32(SEED);
    const url = new URL(proxy.url);
    const statuses = new Map<number, number>();
    const deadline = Date.now() + TIME_BUDGET_MS;
    let sent = 0;
    const worker = async () => {
      while (sent < REQUESTS && Date.now() < deadline) {
        sent++;
        const fuzz = makeRequest(random);
        const status = await send(url, fuzz);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    for (const payload of [
      'GET / HTTP/1.1\r\n\r\n',
      'POST /twilio HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n',
      'POST /twilio HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      'GARBAGE\r\n\r\n',
      `GET /v1/inbox HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`,
      'POST /twilio HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc',
    ]) {
      await rawSocket(url, payload);
    }
    const serverErrors = [...statuses].filter(([status]) => status >= 500).reduce((n, [, count]) => n + count, 0);
    expect(sent).to.be.greaterThan(REQUESTS / 10);
    expect(serverErrors, JSON.stringify([...statuses])).to.equal(0);
    const health = await fetch(`${proxy.url}/healthz`);
    expect(health.status).to.equal(200);
    const metrics = await (await fetch(`${proxy.url}/metrics`)).text();
    expect(metrics).to.include('ca_proxy_messages_pending 0');
    expect(metrics).not.to.match(/outcome="accepted"/);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });
});
