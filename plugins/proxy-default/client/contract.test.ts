import { describeInboxContract } from '@clinic-arrivals/plugin-kit/testing';
import { bearer } from '../../../test/proxy/support.js';
import type { ProxyTransport } from '../options.js';
import { ClientFactory, QUICK_PROXY, startTestProxy, textFrom, type TestProxy } from './test-harness.js';

/*
 * The shared inbox suite against the real proxy server (SQLite file, 127.0.0.1), once per
 * transport. "Reconnect" is a new client, as after a host restart; the proxy's clock moves
 * past the lease so what the old client left unacknowledged is handed out again at once.
 * One proxy serves all tests of a transport (starting one costs a few hundred ms); each
 * teardown acknowledges whatever a test left, so the next starts with an empty inbox.
 */

/** Hands out and acknowledges everything pending, leased or not. */
async function emptyInbox(proxy: TestProxy): Promise<void> {
  proxy.clock.advance((QUICK_PROXY.leaseSeconds + 1) * 1000);
  for (;;) {
    const { messages } = (await (await fetch(`${proxy.url}/v1/inbox?limit=100`, { headers: bearer() })).json()) as { messages: Array<{ id: string }> };
    if (messages.length === 0) return;
    await fetch(`${proxy.url}/v1/inbox/ack`, {
      method: 'POST',
      headers: { ...bearer(), 'content-type': 'application/json' },
      body: JSON.stringify({ ids: messages.map((m) => m.id) }),
    });
  }
}

for (const transport of ['stream', 'poll'] satisfies ProxyTransport[]) {
  describe(`proxy-default client (${transport}) against the real proxy`, function () {
    let proxy: TestProxy;
    before(async () => {
      proxy = await startTestProxy({ config: QUICK_PROXY });
    });
    after(async () => {
      await proxy.destroy();
    });

    describeInboxContract({
      name: `proxy-default (${transport})`,
      waitMs: 4000,
      setup: async () => {
        const clients = new ClientFactory(() => proxy.url);
        const first = await clients.client({ transport, pollWaitSeconds: 5 });
        await first.start();
        return {
          inbox: first.inbox,
          inject: ({ from, body }) => textFrom(proxy.url, from, body),
          reconnect: async () => {
            proxy.clock.advance((QUICK_PROXY.leaseSeconds + 1) * 1000);
            const next = await clients.client({ transport, pollWaitSeconds: 5 });
            await next.start();
            return next.inbox;
          },
          teardown: async () => {
            await clients.closeAll();
            await emptyInbox(proxy);
          },
        };
      },
    });
  });
}
