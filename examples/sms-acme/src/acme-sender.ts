import {
  AuthError,
  InvalidNumberError,
  OptedOutError,
  RateLimitedError,
  UnavailableError,
  type MessageSender,
  type OutgoingMessage,
  type SendReceipt,
  type SentMessageMatch,
  type SentMessageQuery,
} from '@clinic-arrivals/plugin-kit';
import type { AcmeSmsOptions } from './options.js';

/** A message as the Acme API lists it. */
interface AcmeMessage {
  id: string;
  to: string;
  text: string;
  /** Epoch ms. */
  createdAt: number;
  status: 'queued' | 'sent' | 'delivered' | 'failed';
}

/**
 * Sends texts with the Acme SMS API: `POST /v1/messages` to send, `GET /v1/messages?to=` to
 * look a message up. Acme's error codes map onto the kit's typed errors, which tell the host
 * whether to retry.
 */
export class AcmeMessageSender implements MessageSender {
  constructor(
    private readonly options: AcmeSmsOptions,
    private readonly signal?: AbortSignal,
  ) {}

  async send(message: OutgoingMessage): Promise<SendReceipt> {
    const response = await this.request('POST', '/v1/messages', { from: this.options.from, to: message.to, text: message.body });
    const { id } = (await response.json()) as { id: string };
    return { providerId: id };
  }

  async findSent(query: SentMessageQuery): Promise<SentMessageMatch[]> {
    const params = new URLSearchParams({ to: query.to, since: String(query.after), until: String(query.before) });
    const response = await this.request('GET', `/v1/messages?${params}`);
    const { messages } = (await response.json()) as { messages: AcmeMessage[] };
    return messages
      .filter((m) => m.text === query.body)
      .map((m) => ({ providerId: m.id, state: m.status === 'queued' ? 'accepted' : m.status, providerStatus: m.status }));
  }

  private async request(method: string, path: string, body?: unknown): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.options.baseUrl), {
        method,
        headers: { authorization: `Bearer ${this.options.apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: this.signal,
      });
    } catch (error) {
      // Refused: Acme never saw the request. Anything else: it may have taken the message.
      const refused = (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
      throw new UnavailableError(`Acme SMS: ${method} ${path.split('?')[0]} failed`, { cause: error, outcomeUnknown: method === 'POST' && !refused });
    }
    if (response.ok) return response;
    throw await this.errorFor(response);
  }

  private async errorFor(response: Response): Promise<Error> {
    const code = ((await response.json().catch(() => ({}))) as { error?: { code?: string } }).error?.code;
    const what = `Acme SMS answered ${response.status}${code ? ` ${code}` : ''}`;
    if (response.status === 401 || (response.status === 403 && code !== 'opted_out')) return new AuthError(what);
    if (code === 'opted_out') return new OptedOutError(what);
    if (code === 'invalid_number') return new InvalidNumberError(what);
    if (response.status === 429) {
      const seconds = Number(response.headers.get('retry-after'));
      return new RateLimitedError(what, { retryAfterMs: Number.isFinite(seconds) ? seconds * 1000 : undefined });
    }
    return new UnavailableError(what);
  }
}
