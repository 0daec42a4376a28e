import { AsyncLocalStorage } from 'node:async_hooks';
import twilio from 'twilio';
import { basicCredentials, type TwilioConnectionOptions } from './credentials.js';

/** The official client, as the plugins use it. */
export type TwilioClient = ReturnType<typeof twilio>;

/** What the last HTTP answer inside a {@link withExchange} call looked like (for Retry-After). */
export interface TwilioExchange {
  status?: number;
  headers?: Record<string, unknown>;
}

const exchanges = new AsyncLocalStorage<TwilioExchange>();

type RequestOptions = Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0];

/**
 * The library's own HTTP client, with two additions: every request's origin is replaced by
 * `apiBaseUrl` (all Twilio domains, including absolute next-page URLs), and the status and
 * headers of each answer are kept for the caller, because the library's RestException drops
 * headers such as Retry-After.
 */
class RebasingRequestClient extends twilio.RequestClient {
  constructor(
    private readonly base: URL | undefined,
    options: ConstructorParameters<typeof twilio.RequestClient>[0],
  ) {
    super(options);
  }

  override async request<TData>(opts: RequestOptions & { data?: TData }) {
    const uri = this.base ? rebase(opts.uri, this.base) : opts.uri;
    const response = await super.request<TData>({ ...opts, uri });
    const exchange = exchanges.getStore();
    if (exchange) {
      exchange.status = response.statusCode;
      exchange.headers = response.headers as Record<string, unknown>;
    }
    return response;
  }
}

/** `https://api.twilio.com/2010-04-01/…?x` on `http://127.0.0.1:4000/prefix` → `http://127.0.0.1:4000/prefix/2010-04-01/…?x`. */
export function rebase(uri: string, base: URL): string {
  const original = new URL(uri);
  const prefix = base.pathname.replace(/\/+$/, '');
  return `${base.origin}${prefix}${original.pathname}${original.search}`;
}

/**
 * Builds the official Twilio client for these options. No I/O: the first request is made by
 * the caller. The library's own retry on 429 stays off; the plugins decide about retries.
 */
export function createTwilioClient(options: TwilioConnectionOptions): TwilioClient {
  const { username, password } = basicCredentials(options);
  const httpClient = new RebasingRequestClient(options.apiBaseUrl ? new URL(options.apiBaseUrl) : undefined, {
    timeout: options.timeoutMs,
    keepAlive: false,
    autoRetry: false,
  });
  // logLevel pinned: TWILIO_LOG_LEVEL=debug would make the library print request bodies
  // (patients' numbers and texts) to stdout.
  return twilio(username, password, { accountSid: options.accountSid, httpClient, autoRetry: false, logLevel: 'info' });
}

/**
 * Runs `call` and records the last HTTP answer it received, so error mapping can read headers.
 * Concurrent calls each get their own record.
 */
export async function withExchange<T>(call: () => Promise<T>): Promise<{ value: T } | { error: unknown; exchange: TwilioExchange }> {
  const exchange: TwilioExchange = {};
  try {
    return { value: await exchanges.run(exchange, call) };
  } catch (error) {
    return { error, exchange };
  }
}
