import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { IncomingMessage } from '@clinic-arrivals/plugin-kit';
import type { Store } from '../../../core/store/store.js';
import { pluginStateIn } from '../../../core/plugin-host/plugin-state.js';
import { openSqliteStore } from '../../../core/store/sqlite-store.js';
import { createSilentLogger } from '@clinic-arrivals/plugin-kit/testing';
import { resolvePluginOptions } from '@clinic-arrivals/plugin-kit/testing';
import { atLeast, readInbox } from '@clinic-arrivals/plugin-kit/testing';
import { ACCOUNT, CLIENT_KEY, postWebhook, smsParams, startTestProxy, type TestProxy } from '../../../test/proxy/support.js';
import plugin, { createProxyInboxInstance } from '../index.js';
import type { ProxyInboxOptions } from '../options.js';
import { PROXY_DEFAULT_ID, type ProxyInbox, type ProxyInboxSeams } from './proxy-inbox.js';

/*
 * Shared by the client's tests: the real proxy server (F2's test helper: 127.0.0.1, port 0,
 * tmp SQLite file, manual clock) and clients of it built the way the host builds them.
 */

export { ACCOUNT, CLIENT_KEY, postWebhook, smsParams, startTestProxy, type TestProxy };

/** Proxy settings that keep tests quick: a short lease, 1 s heartbeats, a 100 ms reconnect hint. */
export const QUICK_PROXY = { leaseSeconds: 5, stream: { heartbeatSeconds: 1, retryMs: 100 } };
/** Client reconnect pauses for tests. */
export const QUICK_RECONNECT = { minDelayMs: 20, maxDelayMs: 200 };

/** A client instance plus what a test needs to drive and clean it up. */
export interface TestClient {
  inbox: ProxyInbox;
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): ReturnType<ProxyInbox['health']>;
}

/** Builds clients of one proxy; `closeAll()` stops every client it made and closes its store. */
export class ClientFactory {
  private readonly made: TestClient[] = [];
  private storePromise: Promise<Store> | undefined;

  constructor(
    private readonly urlOf: () => string,
    private readonly storePath = ':memory:',
    private readonly clock: Clock = { now: () => Date.now() },
  ) {}

  /** A client with the proxy's URL and test key; `overrides` are validated like host config. */
  async client(overrides: Partial<ProxyInboxOptions> = {}, seams: ProxyInboxSeams = {}): Promise<TestClient> {
    const options = resolvePluginOptions(plugin, {
      url: this.urlOf(),
      accountSid: ACCOUNT,
      clientKey: CLIENT_KEY,
      reconnect: QUICK_RECONNECT,
      ...overrides,
    });
    const store = await (this.storePromise ??= openSqliteStore(this.storePath));
    const instance = createProxyInboxInstance(
      options,
      { logger: createSilentLogger(), clock: this.clock, state: pluginStateIn(store, PROXY_DEFAULT_ID) },
      seams,
    );
    const client: TestClient = {
      inbox: instance.service,
      start: () => instance.start!(),
      stop: () => instance.stop!(),
      health: () => instance.service.health(),
    };
    this.made.push(client);
    return client;
  }

  /** The store clients share (the host's store; the legacy journal lives there). */
  async store(): Promise<Store> {
    return (this.storePromise ??= openSqliteStore(this.storePath));
  }

  async closeAll(): Promise<void> {
    for (const client of this.made.splice(0)) await client.stop();
    if (this.storePromise) await (await this.storePromise).close();
    this.storePromise = undefined;
  }
}

let sequence = 0;
/** Posts a signed incoming SMS webhook and returns its MessageSid. */
export async function textFrom(proxyUrl: string, from: string, body: string, sid?: string): Promise<string> {
  const params = smsParams(++sequence + 0x10000, { From: from, Body: body, ...(sid ? { MessageSid: sid, SmsSid: sid, SmsMessageSid: sid } : {}) });
  const response = await postWebhook(proxyUrl, '/twilio', params);
  if (response.status !== 200) throw new Error(`webhook refused: ${response.status} ${await response.text()}`);
  return params.MessageSid!;
}

/**
 * Reads `messages()` until `count` messages came (or `waitMs` passed: then it returns what it
 * has, so a test can assert that nothing more came). Aborts the stream afterwards.
 */
export function readMessages(inbox: ProxyInbox, count: number, waitMs = 5000): Promise<IncomingMessage[]> {
  return readInbox(inbox, atLeast(count), waitMs);
}
