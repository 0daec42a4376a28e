import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { waitFor } from '@clinic-arrivals/plugin-kit/testing';
import { createLogger } from '../../core/runtime/logger.js';
import { proxyConfigFromObject, type ProxyConfig } from '../../plugins/proxy-default/server/config.js';
import { hashClientKey } from '../../plugins/proxy-default/server/key-hash.js';
import { startProxyServer, type RunningProxy } from '../../plugins/proxy-default/server/server.js';
import type { ProxyStorage } from '../../plugins/proxy-default/server/storage/types.js';

export const ACCOUNT = 'AC' + '1'.repeat(32);
export const AUTH_TOKEN = 'f'.repeat(32);
export const CLIENT_KEY = 'client-key-for-tests-0123456789abcdef';
export const OTHER_ACCOUNT = 'AC' + '2'.repeat(32);
export const OTHER_TOKEN = 'e'.repeat(32);
export const OTHER_KEY = 'other-client-key-for-tests-0123456789';
export const PUBLIC_URL = 'https://replies.example.org';

let hashes: Promise<[string, string]> | undefined;
/** scrypt is slow on purpose: hash the test keys once per run. */
function keyHashes(): Promise<[string, string]> {
  hashes ??= Promise.all([hashClientKey(CLIENT_KEY), hashClientKey(OTHER_KEY)]);
  return hashes;
}

/** A proxy on 127.0.0.1:0 with a fresh SQLite file, a manual clock and captured logs. */
export interface TestProxy {
  proxy: RunningProxy;
  url: string;
  config: ProxyConfig;
  clock: ManualClock;
  /** Every JSON log line written. */
  logs: string[];
  dir: string;
  /** Stops the server (the tmp dir stays, for restarts). */
  stop(): Promise<void>;
  /** Starts a new server on the same SQLite file and clock. */
  restart(): Promise<TestProxy>;
  /** Stops and deletes the tmp dir. */
  destroy(): Promise<void>;
}

/** Options for {@link startTestProxy}: `config` is merged over the defaults. */
export async function startTestProxy(
  options: {
    config?: Record<string, unknown>;
    /** Settings added to ACCOUNT's entry under `accounts` (e.g. `requireNumbers`). */
    account?: Record<string, unknown>;
    dir?: string;
    clock?: ManualClock;
    storage?: ProxyStorage;
  } = {},
): Promise<TestProxy> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'ca-proxy-'));
  const clock = options.clock ?? new ManualClock('2026-11-23T08:00:00Z');
  const [hash, otherHash] = await keyHashes();
  const raw = {
    listen: { host: '127.0.0.1', port: 0 },
    publicUrl: PUBLIC_URL,
    accounts: {
      [ACCOUNT]: { authToken: AUTH_TOKEN, clientKeyHash: hash, ...options.account },
      [OTHER_ACCOUNT]: { authToken: OTHER_TOKEN, clientKeyHash: otherHash },
    },
    rateLimit: { perIp: { perSecond: 10_000, burst: 10_000 }, perAccount: { perSecond: 10_000, burst: 10_000 } },
    ...options.config,
  };
  const config = proxyConfigFromObject(raw, { file: join(dir, 'proxy.yaml'), dir, label: 'proxy.yaml', env: {} });
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void logs.push(line) } });
  const proxy = await startProxyServer(config, { logger, clock, storage: options.storage });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await proxy.close();
  };
  return {
    proxy,
    url: proxy.url,
    config,
    clock,
    logs,
    dir,
    stop,
    restart: async () => {
      await stop();
      return startTestProxy({ ...options, dir, clock });
    },
    destroy: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Resolves once `count` long polls wait at the proxy at `baseUrl` (its ca_proxy_waiting_polls
 * gauge, which rises after a poll's first look found nothing): a message stored from then on
 * has to wake the poll rather than be found by that first look.
 */
export async function untilPollsWait(baseUrl: string, count = 1): Promise<void> {
  await waitFor(
    async () => {
      const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
      const waiting = /^ca_proxy_waiting_polls (\d+)$/m.exec(metrics);
      return waiting !== null && Number(waiting[1]) >= count;
    },
    { what: `${count} long poll(s) waiting at ${baseUrl}` },
  );
}

/** Parameters of an incoming SMS webhook as Twilio posts them. */
export function smsParams(n: number, overrides: Record<string, string> = {}): Record<string, string> {
  const sid = 'SM' + n.toString(16).padStart(32, 'a');
  return {
    ToCountry: 'AU',
    SmsMessageSid: sid,
    NumMedia: '0',
    SmsSid: sid,
    SmsStatus: 'received',
    Body: `Yes & <thanks> ${n}`,
    To: '+61299990000',
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: ACCOUNT,
    From: '+61412345678',
    ApiVersion: '2010-04-01',
    ...overrides,
  };
}

/** Parameters of a status callback. */
export function statusParams(n: number, status: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    MessageSid: 'SM' + n.toString(16).padStart(32, 'b'),
    MessageStatus: status,
    SmsStatus: status,
    AccountSid: ACCOUNT,
    From: '+61299990000',
    To: '+61412345678',
    ApiVersion: '2010-04-01',
    ...overrides,
  };
}

/** Posts a webhook signed the way Twilio signs it (over the public URL, not the local one). */
export function postWebhook(
  baseUrl: string,
  path: string,
  params: Record<string, string>,
  options: { token?: string; signedUrl?: string; signature?: string | null; body?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const signedUrl = options.signedUrl ?? PUBLIC_URL + path;
  const signature = options.signature === undefined ? twilio.getExpectedTwilioSignature(options.token ?? AUTH_TOKEN, signedUrl, params) : options.signature;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...options.headers };
  if (signature !== null) headers['x-twilio-signature'] = signature;
  return fetch(baseUrl + path, { method: 'POST', headers, body: options.body ?? new URLSearchParams(params).toString() });
}

/** `Authorization` header of the client API. */
export function bearer(account = ACCOUNT, key = CLIENT_KEY): Record<string, string> {
  return { authorization: `Bearer ${account}:${key}` };
}

/** An open SSE stream whose events are collected; `next()` waits for the next event. */
export interface TestStream {
  response: Response;
  /** Raw text received so far (comments included). */
  raw: string;
  next(): Promise<EventSourceMessage>;
  close(): void;
}

/** Opens `GET /v1/inbox/stream` (with `search`, a query string without `?`) and parses events as they arrive. */
export async function openStream(baseUrl: string, headers: Record<string, string> = bearer(), search = ''): Promise<TestStream> {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/v1/inbox/stream${search ? `?${search}` : ''}`, { headers, signal: controller.signal });
  const queue: EventSourceMessage[] = [];
  const waiting: Array<(event: EventSourceMessage) => void> = [];
  const parser = createParser({
    onEvent: (event) => {
      const waiter = waiting.shift();
      if (waiter) waiter(event);
      else queue.push(event);
    },
  });
  const stream: TestStream = {
    response,
    raw: '',
    next: () =>
      new Promise((resolve) => {
        const queued = queue.shift();
        if (queued) resolve(queued);
        else waiting.push(resolve);
      }),
    close: () => controller.abort(),
  };
  if (response.ok && response.body) {
    void (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          const text = decoder.decode(chunk, { stream: true });
          stream.raw += text;
          parser.feed(text);
        }
      } catch {
        // aborted by close()
      }
    })();
  }
  return stream;
}
