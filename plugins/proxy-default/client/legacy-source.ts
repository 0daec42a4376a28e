import type { Clock } from '@clinic-arrivals/plugin-kit';
import { ClinicArrivalsError } from '@clinic-arrivals/plugin-kit';
import type { ConnectionTracker, MessageSource } from './connection.js';
import type { ProxyEndpoint } from './endpoint.js';
import { errorForFailure, errorForResponse, PROXY_ERROR_CODES, withTimeout } from './http.js';
import type { LegacyJournal } from './legacy-journal.js';
import { fromLegacy, parseLegacyAnswer, type WireMessage } from './wire.js';

/** Settings of {@link LegacySource}. */
export interface LegacySourceOptions {
  intervalMs: number;
  requestTimeoutMs: number;
  /** A journal entry handed out and not acknowledged is handed out again after this long. */
  redeliverMs: number;
  clock: Clock;
  onMalformed(count: number): void;
}

/**
 * `GET /twilio?AccountSid=…` of an original-style proxy: `{ messages: [{ from, date, body }] }`.
 * There is no key and no acknowledgement: the proxy forgets a message once it has handed it
 * out, so delivery is at most once. Fetched messages go to the journal before the host sees
 * them, and carry ids made from sender, date and text (see legacyMessageId).
 */
export class LegacySource implements MessageSource {
  /** When this stream last handed out each journal entry. */
  private readonly handedOut = new Map<string, number>();

  constructor(
    private readonly endpoint: ProxyEndpoint,
    private readonly journal: LegacyJournal,
    private readonly options: LegacySourceOptions,
  ) {}

  pauseAfterCleanEnd(): number {
    return this.options.intervalMs;
  }

  /** A new `messages()` stream: everything the journal holds is due again. */
  restart(): void {
    this.handedOut.clear();
  }

  async *attempt(signal: AbortSignal, connection: ConnectionTracker): AsyncGenerator<WireMessage[]> {
    // What the journal holds goes first, even while the server cannot be reached.
    const held = await this.due();
    if (held.length > 0) yield held;
    await this.fetchOnce(signal);
    connection.connected();
    yield await this.due();
  }

  /**
   * Journal entries not handed out by this stream yet, or handed out over `redeliverMs` ago
   * and still not acknowledged (the host could not store them): at least once from here on.
   */
  private async due(): Promise<WireMessage[]> {
    const now = this.options.clock.now();
    const pending = await this.journal.pending();
    const ids = new Set(pending.map((m) => m.id));
    for (const id of this.handedOut.keys()) if (!ids.has(id)) this.handedOut.delete(id);
    return pending.filter((m) => {
      const last = this.handedOut.get(m.id);
      if (last !== undefined && now - last < this.options.redeliverMs) return false;
      this.handedOut.set(m.id, now);
      return true;
    });
  }

  /** One fetch; resolves with the messages new to the journal, once they are in it. Throws typed errors. */
  async fetchOnce(signal: AbortSignal): Promise<WireMessage[]> {
    const label = { what: 'legacy fetch' };
    let body: unknown;
    try {
      const response = await fetch(this.endpoint.url(`/twilio?AccountSid=${encodeURIComponent(this.endpoint.accountSid)}`), {
        headers: { accept: 'application/json' },
        signal: withTimeout(signal, this.options.requestTimeoutMs),
      });
      if (!response.ok) throw await errorForResponse(response, label);
      body = await response.json().catch(() => undefined);
    } catch (error) {
      throw errorForFailure(error, label, signal);
    }
    const parsed = parseLegacyAnswer(body);
    if (!parsed)
      throw new ClinicArrivalsError(PROXY_ERROR_CODES.protocol, 'the legacy proxy answered with something other than { messages }', { retryable: true });
    if (parsed.malformed > 0) this.options.onMalformed(parsed.malformed);
    const messages = parsed.messages.map((m) => fromLegacy(m, this.options.clock.now()));
    return this.journal.add(messages);
  }
}
