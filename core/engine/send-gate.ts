import type { Effect, EngineSettings, EngineState } from './decisions.js';

export type SendEffect = Extract<Effect, { type: 'send' }>;
export type SuppressedEffect = Extract<Effect, { type: 'suppressed' }>;

/**
 * The policies every outgoing text passes, in this order: whitelist (test mode), opt-out,
 * daily cap per number. One gate lives for one pass, so sends decided earlier in the same
 * pass count against the cap before the executor has recorded them.
 */
export class SendGate {
  private readonly decidedThisPass = new Map<string, number>();

  constructor(
    private readonly state: Pick<EngineState, 'sentToday' | 'optedOut'>,
    private readonly settings: Pick<EngineSettings, 'whitelist' | 'workflow'>,
  ) {}

  /**
   * The send as it may go out (flagged `lastToday` when it reaches the cap), or the
   * `suppressed` effect that replaces it. Only sends that pass are counted.
   */
  check(send: SendEffect): SendEffect | SuppressedEffect {
    const { to } = send;
    if (this.settings.whitelist.size > 0 && !this.settings.whitelist.has(to)) return suppress(send, 'whitelist');
    if (this.state.optedOut.has(to)) return suppress(send, 'opted-out');
    const cap = this.settings.workflow.dailyCapPerNumber;
    const decided = this.decidedThisPass.get(to) ?? 0;
    const already = (this.state.sentToday.get(to) ?? 0) + decided;
    if (cap > 0 && already >= cap) return suppress(send, 'daily-cap');
    this.decidedThisPass.set(to, decided + 1);
    return cap > 0 && already + 1 === cap ? { ...send, lastToday: true } : send;
  }
}

function suppress(send: SendEffect, reason: SuppressedEffect['reason']): SuppressedEffect {
  const appointmentId = send.appointment?.id;
  return appointmentId === undefined ? { type: 'suppressed', reason, key: send.key } : { type: 'suppressed', reason, key: send.key, appointmentId };
}
