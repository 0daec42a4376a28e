import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { MessageSender } from '@clinic-arrivals/plugin-kit';
import type { AppointmentProgress } from '../engine/progress.js';
import type { OutboxEntry, SendResult, Store } from '../store/store.js';
import type { VideoRoom } from '@clinic-arrivals/plugin-kit';
import type { Effect, EngineAppointment, JoinLockTerms } from '../engine/decisions.js';
import { classify, CODES, describeError } from '@clinic-arrivals/plugin-kit';
import { DONE, type EffectOutcome } from './effect-outcome.js';
import type { ExecutionSink } from './execution-sink.js';
import type { MessageRenderer, RenderVariables } from './message-renderer.js';
import { SEND_MAX_ATTEMPTS, nextSendAttemptAt } from './send-backoff.js';

type SendEffect = Extract<Effect, { type: 'send' }>;

/** What the provider call needs to know about a text, whether the engine decided it or a person. */
interface TextToSend {
  key: string;
  to: string;
  template: string;
  appointmentId?: string;
}

/** Outbox statuses after which a key is never sent again. */
const SETTLED: ReadonlySet<OutboxEntry['status']> = new Set(['sent', 'pending', 'unknown', 'failed']);

/**
 * Sends one message at most once per idempotency key: the intent is stored before the
 * provider is called and the result after, so a crash in between leaves a `pending` entry
 * that start-up turns into `unknown`: kept for the provider check or a person to resolve,
 * never re-sent without a person's decision (core/runtime/unknown-sends.ts).
 */
export class OutboxSender {
  /** Provider Retry-After hints per key (epoch ms); the derived backoff applies without one. */
  private readonly retryHints = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly sender: MessageSender,
    private readonly renderer: MessageRenderer,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly sink: ExecutionSink,
    /**
     * The patient link for a text that carries one (the room's, or a rejoin link; with `joinLock`
     * the join gate's link in front of it). Needed by `send` only.
     */
    private readonly patientLink?: (appointment: EngineAppointment, room: VideoRoom, rejoin: boolean, joinLock?: JoinLockTerms) => Promise<string>,
    /** The guest link of the grant made for a request (GuestLink texts). Needed by `send` only. */
    private readonly guestLink?: (requestKey: string) => Promise<string>,
    /** The current join code of an appointment's lock (JoinCode texts). Needed by `send` only. */
    private readonly joinCode?: (appointmentId: string) => Promise<string>,
  ) {}

  async send(effect: SendEffect, progress: AppointmentProgress | undefined): Promise<EffectOutcome> {
    const existing = await this.store.findOutbox(effect.key);
    if (existing && SETTLED.has(existing.status)) {
      // sent / pending / unknown count as done: never risk a second copy. failed stays failed.
      return existing.status === 'failed' ? { kind: 'deferred', why: 'failed earlier' } : DONE;
    }
    if (existing?.status === 'retry') {
      if (existing.attempts >= SEND_MAX_ATTEMPTS) return { kind: 'deferred', why: 'retries exhausted' };
      if (this.clock.now() < nextSendAttemptAt(existing, this.retryHints.get(effect.key))) {
        return { kind: 'deferred', why: 'waiting to retry' };
      }
    }

    let body: string;
    try {
      body = await this.render(effect, progress);
    } catch (error) {
      return { kind: 'failed', error: `render ${effect.template}: ${describeError(error)}` };
    }

    const entry = await this.store.beginSend(
      {
        key: effect.key,
        appointmentId: effect.appointment?.id,
        to: effect.to,
        template: effect.template,
        body,
      },
      this.clock.now(),
    );

    const text: TextToSend = { key: effect.key, to: effect.to, template: effect.template, appointmentId: effect.appointment?.id };
    const result = await this.callProvider(text, body);
    await this.store.finishSend(entry.id, result, this.clock.now());
    if (result.status === 'sent' || result.status === 'unknown') {
      // `unknown` may well have been delivered: go on as if sent rather than ask the patient twice.
      this.retryHints.delete(effect.key);
      return DONE;
    }
    if (result.status === 'retry') {
      this.sink.recordError(whereOf(text), result.error);
      if (entry.attempts >= SEND_MAX_ATTEMPTS) {
        this.logger.warn(
          { ...logFieldsOf(text), code: codeOf(result.error), attempts: entry.attempts },
          'send retried out: no more tries (the text is not sent)',
        );
      }
      return { kind: 'deferred', why: `will retry: ${result.error}` };
    }
    return { kind: 'failed', error: result.error };
  }

  /**
   * Sends the stored text of `original` again under `key`, because a person decided so (see
   * core/runtime/unknown-sends.ts), with the same bookkeeping: intent first, result after, a
   * key waiting for a retry reused. `lastToday` appends the daily-cap notice unless the text
   * already ends with it. Returns the new entry as it ended (`sent`, `unknown`, `retry`, `failed`).
   */
  async sendAgain(original: OutboxEntry & { body: string }, key: string, options: { lastToday?: boolean } = {}): Promise<OutboxEntry> {
    const notice = this.renderer.lastMessageNotice;
    const body = options.lastToday && !original.body.endsWith(notice) ? `${original.body}${notice}` : original.body;
    const text: TextToSend = { key, to: original.to, template: original.template, appointmentId: original.appointmentId };
    const entry = await this.store.beginSend({ ...text, body }, this.clock.now());
    const result = await this.callProvider(text, body);
    await this.store.finishSend(entry.id, result, this.clock.now());
    if (result.status !== 'retry') this.retryHints.delete(key);
    return (await this.store.getOutboxEntry(entry.id))!;
  }

  private async render(effect: SendEffect, progress: AppointmentProgress | undefined): Promise<string> {
    const variables: RenderVariables = { ...effect.vars, appointment: effect.appointment };
    if (effect.times) variables.times = effect.times;
    if (effect.language) variables.language = effect.language;
    if (effect.withVideoUrl) {
      const room = progress?.room;
      if (!room || !effect.appointment) throw new Error('the message needs the video link but the appointment has no room');
      if (!this.patientLink) throw new Error('the message needs the video link but this sender has no link source');
      variables.url = await this.patientLink(effect.appointment, room, effect.rejoinVideoUrl === true, effect.joinLock);
    }
    if (effect.joinCodeOf !== undefined) {
      if (!this.joinCode) throw new Error('the message needs a join code but this sender has no code source');
      // Only in the rendered body: never in the effect, the reply plan or a log line.
      variables.code = await this.joinCode(effect.joinCodeOf);
    }
    if (effect.guestRequestKey !== undefined) {
      if (!this.guestLink) throw new Error('the message needs a guest link but this sender has no link source');
      variables.url = await this.guestLink(effect.guestRequestKey);
    }
    const text = await this.renderer.render(effect.template, variables);
    return effect.lastToday ? `${text}${this.renderer.lastMessageNotice}` : text;
  }

  /** Calls the provider and turns its typed errors into the outbox result (plus side records). */
  private async callProvider(effect: TextToSend, body: string): Promise<SendResult> {
    try {
      const receipt = await this.sender.send({ to: effect.to, body });
      this.sink.markPluginRecovered('sms');
      return { status: 'sent', providerId: receipt.providerId };
    } catch (error) {
      return this.failedSend(effect, error);
    }
  }

  /**
   * What a provider's failure means for the outbox, decided by its kind alone (see ERRORS.md):
   * an outcome-unknown send is never sent again, whatever else the error says.
   */
  private async failedSend(effect: TextToSend, error: unknown): Promise<SendResult> {
    const described = describeError(error);
    const { kind, code, retryAfterMs } = classify(error);
    // Loud, and log-safe: the code, the outbox key and the appointment; never the number or the text.
    const fields = { ...logFieldsOf(effect), code: code ?? CODES.SEND };
    switch (kind) {
      case 'outcome-unknown':
        // The text may already be on the patient's phone: a second copy is worse than a report.
        this.logger.warn(fields, 'send outcome unknown: not sent again on its own (listed at /api/messages/unknown)');
        this.sink.recordError(whereOf(effect), `outcome unknown, not re-sent: ${described}`);
        return { status: 'unknown', error: described };
      case 'not-ready':
        this.logger.warn(fields, 'send failed; will retry');
        if (retryAfterMs !== undefined) this.retryHints.set(effect.key, this.clock.now() + retryAfterMs);
        return { status: 'retry', error: described };
      case 'auth':
        this.logger.warn(fields, 'send failed');
        this.sink.markPluginDown('sms', described);
        return { status: 'failed', error: described };
      default:
        // permanent or config; an untyped error is a plugin bug and whether the text went out is unknown, so no retry.
        this.logger.warn(fields, 'send failed');
        if (code === CODES.OPTED_OUT) await this.store.setOptedOut(effect.to, true, this.clock.now());
        return { status: 'failed', error: described };
    }
  }
}

/** What a send's log lines say about it: key, template and appointment, never the number or the text. */
function logFieldsOf(text: TextToSend): { key: string; template: string; appointmentId?: string } {
  return { key: text.key, template: text.template, ...(text.appointmentId !== undefined ? { appointmentId: text.appointmentId } : {}) };
}

/** The `CA_ERR_…` code a described error starts with. */
function codeOf(described: string): string {
  return /^(CA_ERR_[A-Z0-9_]+)/.exec(described)?.[1] ?? CODES.SEND;
}

/** Where a send failed, for the status page: template and appointment, never the number. */
function whereOf(text: TextToSend): string {
  return `send ${text.template}${text.appointmentId ? ` (${text.appointmentId})` : ''}`;
}
