import { expect } from 'chai';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage } from '@clinic-arrivals/plugin-kit';
import { AuthError, ConfigError, NotReadyError } from '@clinic-arrivals/plugin-kit';
import { expectRejection } from '@clinic-arrivals/plugin-kit/testing';
import { waitFor } from '@clinic-arrivals/plugin-kit/testing';
import { ClientFactory, QUICK_PROXY, startTestProxy, textFrom, type TestProxy } from './test-harness.js';

/** A server that answers the stream with headers and then nothing, and counts stream requests. */
async function silentStreamServer(): Promise<{ url: string; streams: () => number; close(): Promise<void> }> {
  let streams = 0;
  const open = new Set<ServerResponse>();
  const server: Server = createServer((request, response) => {
    if (request.url?.startsWith('/v1/inbox/stream')) {
      streams += 1;
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(': connected\n\n');
      open.add(response);
      response.on('close', () => open.delete(response));
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"acked":0}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    streams: () => streams,
    close: async () => {
      for (const response of open) response.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('proxy-default client: connecting and reconnecting', function () {
  this.timeout(15_000);
  let proxy: TestProxy;
  let clients: ClientFactory;

  beforeEach(async () => {
    proxy = await startTestProxy({ config: QUICK_PROXY });
    clients = new ClientFactory(() => proxy.url);
  });
  afterEach(async () => {
    await clients.closeAll();
    await proxy.destroy();
  });

  /** Stops the proxy, waits for `whileDown` (the client noticing), starts it again on the same port and SQLite file. */
  async function restartOnSamePort(whileDown: () => Promise<unknown>): Promise<void> {
    const port = Number(new URL(proxy.url).port);
    await proxy.stop();
    await whileDown();
    proxy = await startTestProxy({ dir: proxy.dir, clock: proxy.clock, config: { ...QUICK_PROXY, listen: { host: '127.0.0.1', port } } });
  }

  for (const transport of ['stream', 'poll'] as const) {
    it(`reconnects with backoff when the proxy goes away and comes back (${transport})`, async () => {
      const client = await clients.client({ transport, pollWaitSeconds: 2 });
      await client.start();
      const controller = new AbortController();
      const seen: IncomingMessage[] = [];
      const reading = (async () => {
        for await (const message of client.inbox.messages(controller.signal)) {
          seen.push(message);
          await client.inbox.ack(message.id);
        }
      })();
      try {
        const before = await textFrom(proxy.url, '+61412345678', 'YES');
        await waitFor(() => seen.length === 1, { what: 'first message' });
        expect(client.health()).to.include({ status: 'ok' });

        // Down until the client has failed to reach it at least once: it must reconnect, not just carry on.
        await restartOnSamePort(() => waitFor(() => (client.health().data!.reconnects as number) >= 1, { what: 'a failed attempt while the proxy is down' }));
        const after = await textFrom(proxy.url, '+61412345679', 'arrived');
        await waitFor(() => seen.length === 2, { what: 'message after the restart' });
        expect(seen.map((m) => m.id)).to.deep.equal([before, after]);
        await waitFor(() => client.health().data!.state === 'connected', { what: 'connected again' });
        // Acks that failed while the proxy was down are retried with their own backoff: health
        // is degraded until they get through, which can be after the connection is back.
        await waitFor(() => client.health().status === 'ok', { what: 'health ok once the queued acks are through' });
        expect(client.health().data!.lastErrorCode).to.be.a('string');
      } finally {
        controller.abort();
        await reading;
      }
    });
  }

  it('shows a lost connection as degraded (reconnecting) in health, without throwing to the host', async () => {
    const client = await clients.client();
    const controller = new AbortController();
    let thrown: unknown;
    const reading = (async () => {
      for await (const message of client.inbox.messages(controller.signal)) void message;
    })().catch((error) => (thrown = error));
    await waitFor(() => client.health().data!.state === 'connected', { what: 'connected' });
    await proxy.stop();
    await waitFor(() => client.health().status === 'degraded', { what: 'degraded' });
    expect(client.health().data!.state).to.equal('reconnecting');
    expect(client.health().data!.lastErrorCode).to.equal('CA_ERR_UNREACHABLE');
    controller.abort();
    await reading;
    expect(thrown).to.equal(undefined);
  });

  it('start() accepts the right key, and fails with AuthError on a wrong one (health: down)', async () => {
    await (await clients.client()).start();
    const wrong = await clients.client({ clientKey: 'not-the-key-not-the-key-not-the-key' });
    await expectRejection(() => wrong.start(), AuthError);
    expect(wrong.health().status).to.equal('down');
  });

  it('messages() hands an AuthError to the host instead of retrying forever', async () => {
    const wrong = await clients.client({ clientKey: 'not-the-key-not-the-key-not-the-key' });
    await expectRejection(async () => {
      for await (const message of wrong.inbox.messages(new AbortController().signal)) void message;
    }, AuthError);
  });

  it('start() fails with NotReadyError while the proxy is unreachable (the host retries)', async () => {
    const client = await clients.client();
    await proxy.stop();
    await expectRejection(() => client.start(), NotReadyError);
    expect(client.health().status).to.equal('degraded');
  });

  it('start() fails with ConfigError when the URL is not a proxy with the client API', async () => {
    const client = await clients.client({ url: `${proxy.url}/not-here` });
    await expectRejection(() => client.start(), ConfigError);
  });

  it('reopens a stream that goes silent (no heartbeat) after the idle timeout', async () => {
    const silent = await silentStreamServer();
    try {
      const client = await clients.client({ url: silent.url }, { streamIdleMs: 150 });
      const controller = new AbortController();
      const reading = (async () => {
        for await (const message of client.inbox.messages(controller.signal)) void message;
      })();
      await waitFor(() => silent.streams() >= 3, { what: 'the stream reopened twice' });
      expect(client.health().data!.lastError).to.match(/silent/);
      controller.abort();
      await reading;
    } finally {
      await silent.close();
    }
  });

  it('stop() ends a running messages() promptly', async () => {
    const client = await clients.client();
    const reading = (async () => {
      for await (const message of client.inbox.messages(new AbortController().signal)) void message;
    })();
    await waitFor(() => client.health().data!.state === 'connected', { what: 'connected' });
    await client.stop();
    await reading;
    expect(client.health().data!.state).to.equal('stopped');
  });
});
