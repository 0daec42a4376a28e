import { expect } from 'chai';
import { connect, type Socket } from 'node:net';
import { ACCOUNT, bearer, openStream, postWebhook, smsParams, startTestProxy, type TestProxy } from './support.js';

/*
 * Clients that hold the proxy open: bodies (and headers) trickling in a byte at a time, and
 * more connections than allowed. Raw node:net sockets, so nothing buffers or retries for us.
 */

/** A raw connection to the proxy, collecting what it receives; `closed` settles when it closes. */
interface RawClient {
  socket: Socket;
  received(): string;
  /** Resolves with milliseconds from connecting to close. */
  closed: Promise<number>;
  isClosed(): boolean;
}

function open(baseUrl: string, options: { localAddress?: string } = {}): Promise<RawClient> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ port: Number(url.port), host: url.hostname, localAddress: options.localAddress });
    let text = '';
    let closed = false;
    const started = Date.now();
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => void (text += chunk));
    const closedPromise = new Promise<number>((done) =>
      socket.once('close', () => {
        closed = true;
        done(Date.now() - started);
      }),
    );
    // Writes racing a close by the server fail with EPIPE/ECONNRESET: expected here.
    socket.on('error', (error) => {
      if (socket.connecting) reject(error);
    });
    socket.once('connect', () => resolve({ socket, received: () => text, closed: closedPromise, isClosed: () => closed }));
  });
}

/** Writes `text` one byte every `everyMs` until the socket closes or the text runs out. */
function trickle(client: RawClient, text: string, everyMs: number): void {
  let at = 0;
  const timer = setInterval(() => {
    if (client.isClosed() || at >= text.length) return clearInterval(timer);
    client.socket.write(text[at++]!);
  }, everyMs);
  client.socket.once('close', () => clearInterval(timer));
}

/** Sends one keep-alive request on a raw connection and resolves with the status of the answer. */
function rawRequest(client: RawClient, request: string): Promise<number> {
  const before = client.received().length;
  return new Promise((resolve, reject) => {
    const check = () => {
      const text = client.received().slice(before);
      const end = text.indexOf('\r\n\r\n');
      if (end === -1) return;
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end))?.[1] ?? 0);
      if (Buffer.byteLength(text.slice(end + 4)) < length) return;
      cleanup();
      resolve(Number(text.slice(9, 12)));
    };
    const onClose = () => {
      cleanup();
      reject(new Error(`connection closed before an answer; got ${JSON.stringify(client.received().slice(before))}`));
    };
    const cleanup = () => {
      client.socket.off('data', check);
      client.socket.off('close', onClose);
    };
    client.socket.on('data', check);
    client.socket.once('close', onClose);
    client.socket.write(request);
  });
}

/** A second loopback address (all of 127.0.0.0/8 on Linux; macOS has only 127.0.0.1 unless aliased): undefined where there is none. */
async function openFromSecondAddress(baseUrl: string): Promise<RawClient | undefined> {
  try {
    return await open(baseUrl, { localAddress: '127.0.0.2' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRNOTAVAIL') return undefined;
    throw error;
  }
}

const HEALTHZ = 'GET /healthz HTTP/1.1\r\nHost: proxy\r\n\r\n';
const SLOW_WEBHOOK_HEADERS = 'POST /twilio HTTP/1.1\r\nHost: proxy\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000\r\n\r\n';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function metric(proxy: TestProxy, line: RegExp): Promise<string | undefined> {
  const text = await (await fetch(`${proxy.url}/metrics`)).text();
  return text.split('\n').find((l) => line.test(l));
}

describe('proxy against slow clients: the whole-request deadline', function () {
  // Each slow client is closed about 1 s in; the rest is room for a loaded machine.
  this.timeout(30_000);
  let proxy: TestProxy;
  before(async () => {
    proxy = await startTestProxy({ config: { timeouts: { requestSeconds: 1 } } });
  });
  after(async () => {
    await proxy.destroy();
  });

  it('closes webhook requests whose body trickles in (20 of 20), with a 408, however steady the bytes', async () => {
    const clients = await Promise.all(Array.from({ length: 20 }, () => open(proxy.url)));
    for (const client of clients) {
      client.socket.write(SLOW_WEBHOOK_HEADERS);
      // A byte every 100 ms: never idle, never done (10 000 bytes would take 1000 s).
      trickle(client, 'a'.repeat(10_000), 100);
    }
    const closedAfter = await Promise.all(clients.map((client) => client.closed));
    for (const [i, ms] of closedAfter.entries()) {
      // The deadline (1 s), to within node's check interval (250 ms here) and a busy machine.
      expect(ms, `client ${i}`).to.be.within(900, 10_000);
      expect(clients[i]!.received()).to.match(/^HTTP\/1\.1 408 /);
      expect(clients[i]!.received()).to.include('"error":"request_timeout"');
    }
    expect((await postWebhook(proxy.url, '/twilio', smsParams(1))).status).to.equal(200);
    expect(await metric(proxy, /^ca_proxy_request_timeouts_total /)).to.match(/ (2\d|[3-9]\d)$/);
  });

  it('closes slow bodies on fastify routes too (POST /v1/inbox/ack)', async () => {
    const client = await open(proxy.url);
    client.socket.write(
      `POST /v1/inbox/ack HTTP/1.1\r\nHost: proxy\r\nAuthorization: ${bearer().authorization}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"ids":[`,
    );
    trickle(client, '"x",'.repeat(1000), 100);
    expect(await client.closed).to.be.within(900, 10_000);
    expect(client.received()).to.match(/^HTTP\/1\.1 408 /);
    expect((await fetch(`${proxy.url}/v1/inbox`, { headers: bearer() })).status).to.equal(200);
  });

  it('closes requests whose headers trickle in', async () => {
    const client = await open(proxy.url);
    trickle(client, `GET /v1/inbox HTTP/1.1\r\nHost: proxy\r\nX-Slow: ${'a'.repeat(1000)}\r\n\r\n`, 50);
    expect(await client.closed).to.be.within(900, 10_000);
    expect(client.received()).to.match(/^HTTP\/1\.1 408 /);
  });

  it("times each request on a keep-alive connection from its own start, not the connection's", async () => {
    const client = await open(proxy.url);
    try {
      expect(await rawRequest(client, HEALTHZ)).to.equal(200);
      await pause(1500); // longer than the deadline, between requests: not counted
      expect(await rawRequest(client, HEALTHZ)).to.equal(200);
      // A body sent a little slowly, but within the deadline, is fine.
      const body = new URLSearchParams(smsParams(2)).toString();
      client.socket.write(SLOW_WEBHOOK_HEADERS.replace('10000', String(body.length)) + body.slice(0, 10));
      await pause(400);
      expect(await rawRequest(client, body.slice(10))).to.equal(403); // unsigned, but received and answered
      expect(client.isClosed()).to.equal(false);
    } finally {
      client.socket.destroy();
    }
  });

  it('does not cut long responses: a stream and a long poll outlive the deadline', async () => {
    const stream = await openStream(proxy.url);
    try {
      expect(stream.response.status).to.equal(200);
      const poll = fetch(`${proxy.url}/v1/inbox?wait=3`, { headers: bearer() });
      await pause(2500);
      expect((await postWebhook(proxy.url, '/twilio', smsParams(3))).status).to.equal(200);
      const event = await stream.next();
      expect(JSON.parse(event.data)).to.include({ id: smsParams(3).MessageSid });
      const answer = await poll;
      expect(answer.status).to.equal(200);
      expect(((await answer.json()) as { messages: unknown[] }).messages).to.deep.equal([]);
    } finally {
      stream.close();
    }
  });
});

describe('proxy connection caps', function () {
  this.timeout(20_000);

  /** Opens `count` connections one after another, each proven accepted by an answered request. */
  async function openAccepted(proxy: TestProxy, count: number): Promise<RawClient[]> {
    const clients: RawClient[] = [];
    for (let i = 0; i < count; i++) {
      const client = await open(proxy.url);
      clients.push(client);
      expect(await rawRequest(client, HEALTHZ)).to.equal(200);
    }
    return clients;
  }

  /**
   * Resolves once the proxy has handled the close of a connection the test just ended: a request
   * answered on another open connection, sent after the close, is handled after it (on loopback
   * the FIN is queued at the server before the request is written).
   */
  async function untilCloseHandled(other: RawClient): Promise<void> {
    expect(await rawRequest(other, HEALTHZ)).to.equal(200);
  }

  it('closes connections beyond maxPerAddress from one address at once; the first ones stay, other addresses still get in', async () => {
    const proxy = await startTestProxy({ config: { connections: { maxPerAddress: 3 } } });
    const clients: RawClient[] = [];
    try {
      clients.push(...(await openAccepted(proxy, 3)));
      const extra = await open(proxy.url);
      clients.push(extra);
      expect(await extra.closed).to.be.below(2000);
      expect(extra.received()).to.equal('');
      // The first three are still open and still served.
      for (const client of clients.slice(0, 3)) {
        expect(client.isClosed()).to.equal(false);
        expect(await rawRequest(client, HEALTHZ)).to.equal(200);
      }
      // Another address has a cap of its own.
      const other = await openFromSecondAddress(proxy.url);
      if (other) {
        clients.push(other);
        expect(await rawRequest(other, HEALTHZ)).to.equal(200);
      }
      // A closed connection frees its place.
      clients[0]!.socket.destroy();
      await clients[0]!.closed;
      await untilCloseHandled(clients[1]!);
      clients.push(...(await openAccepted(proxy, 1)));
      clients.at(-1)!.socket.destroy();
      await clients.at(-1)!.closed;
      await untilCloseHandled(clients[1]!);
      expect(await metric(proxy, /^ca_proxy_connections_refused_total\{reason="address"\}/)).to.match(/ 1$/);
    } finally {
      for (const client of clients) client.socket.destroy();
      await proxy.destroy();
    }
  });

  it('closes connections beyond maxTotal at once', async () => {
    const proxy = await startTestProxy({ config: { connections: { maxTotal: 3, maxPerAddress: 10 } } });
    const clients: RawClient[] = [];
    try {
      clients.push(...(await openAccepted(proxy, 3)));
      const extra = await open(proxy.url).catch(() => undefined);
      if (extra) {
        clients.push(extra);
        expect(await extra.closed).to.be.below(2000);
        expect(extra.received()).to.equal('');
      }
      for (const client of clients.slice(0, 3)) expect(await rawRequest(client, HEALTHZ)).to.equal(200);
      clients[0]!.socket.destroy();
      await clients[0]!.closed;
      await untilCloseHandled(clients[1]!);
      expect(await metric(proxy, /^ca_proxy_connections_refused_total\{reason="total"\}/)).to.match(/ 1$/);
    } finally {
      for (const client of clients) client.socket.destroy();
      await proxy.destroy();
    }
  });

  it('slow clients from one address cannot take more than their share, and are cut at the deadline', async () => {
    const proxy = await startTestProxy({ config: { timeouts: { requestSeconds: 1 }, connections: { maxPerAddress: 5 } } });
    try {
      const slow = await Promise.all(Array.from({ length: 8 }, () => open(proxy.url)));
      for (const client of slow) {
        if (!client.isClosed()) client.socket.write(SLOW_WEBHOOK_HEADERS);
        trickle(client, 'a'.repeat(10_000), 100);
      }
      // While they hold this address's five places, another address is still served.
      const other = await openFromSecondAddress(proxy.url);
      if (other) {
        expect(await rawRequest(other, HEALTHZ)).to.equal(200);
        other.socket.destroy();
      }
      const outcomes = await Promise.all(slow.map(async (client) => ({ ms: await client.closed, text: client.received() })));
      // Three refused on arrival (no answer), five cut at the deadline with a 408.
      expect(outcomes.filter((o) => o.text === '').length).to.equal(3);
      expect(outcomes.filter((o) => /^HTTP\/1\.1 408 /.test(o.text)).length).to.equal(5);
      for (const outcome of outcomes.filter((o) => o.text !== '')) expect(outcome.ms).to.be.within(900, 10_000);
      // And this address is served again once they are gone.
      expect((await fetch(`${proxy.url}/v1/inbox`, { headers: bearer(ACCOUNT) })).status).to.equal(200);
    } finally {
      await proxy.destroy();
    }
  });
});
