import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { Store } from '../../store/store.js';
import { describeError } from '@clinic-arrivals/plugin-kit';
import type { ClinicInfo } from '@clinic-arrivals/plugin-kit';
import type { AlertVariables } from '../admin-notifier.js';
import type { PluginHealthFeed, PluginHealthState } from '../plugin-health-feed.js';
import { WATCHED_ROLES, type AlertSettings, type WatchedRole } from './alert-settings.js';
import { parseRoleAlertState, type AlertChannelName, type AlertNotice, type RoleAlertState } from './alert-state.js';
import { alertSendKey, alertSubject, alertVariables, templateOf } from './alert-text.js';
import { decideAlert } from './decide-alerts.js';
import type { AlertMailer } from './email-channel.js';

const MINUTE = 60_000;
/** Longest pause between delivery rounds of one notice. */
const MAX_RETRY_MS = 30 * MINUTE;
/** A notice no channel took within this long is dropped (with a warning): it is old news. */
export const GIVE_UP_AFTER_MS = 24 * 60 * MINUTE;

/** The admin's phone, as the watcher needs it (AdminNotifier). */
export interface AlertTexter {
  readonly enabled: boolean;
  sendAlert(template: 'AlertFailing' | 'AlertRecovered', key: string, vars: AlertVariables): Promise<'sent' | 'retry' | 'failed'>;
}

export interface AlertWatcherDeps {
  feed: PluginHealthFeed;
  store: Store;
  clock: Clock;
  logger: Logger;
  settings: AlertSettings;
  clinic: ClinicInfo;
  /** Texts the admin number; absent or disabled when there is none. */
  texter?: AlertTexter;
  /** Emails `alerts.email.to`; absent when not configured. */
  mailer?: AlertMailer;
  /** The alert templates as the clinic has them, for the email's text. */
  render(template: 'AlertFailing' | 'AlertRecovered', vars: AlertVariables): string | Promise<string>;
}

/**
 * Watches the plugin health feed for texting and the PMS and tells the clinic's admin, once,
 * when one has been failing for a while, and once when it works again (rules: decideAlert).
 * Decides on every health change and on each timed check (a window can pass with no change);
 * saves each role's state before delivering, and delivers each notice to every channel until
 * it takes it (text through the outbox, at most once per notice; email with backoff).
 */
export class AlertWatcher {
  private readonly states = new Map<WatchedRole, RoleAlertState>();
  private chain: Promise<void> = Promise.resolve();
  private unsubscribe?: () => void;
  private stopped = false;

  constructor(private readonly deps: AlertWatcherDeps) {}

  /** Reads the saved state, listens to the feed and checks once. */
  async start(): Promise<void> {
    const saved = await this.deps.store.listAlertStates();
    for (const role of WATCHED_ROLES) this.states.set(role, parseRoleAlertState(saved.get(role)));
    this.unsubscribe = this.deps.feed.subscribe((state) => this.heard(state));
    await this.check();
  }

  /** Decides and delivers for every watched role now. Runs one at a time; rejects when the store fails. */
  check(): Promise<void> {
    const run = this.chain.then(() => (this.stopped ? undefined : this.checkNow()));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Stops listening and waits for a check in progress. Idempotent. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.chain;
    this.deps.mailer?.close();
  }

  private heard(state: PluginHealthState): void {
    if (!(WATCHED_ROLES as readonly string[]).includes(state.role)) return;
    this.check().catch((error: unknown) => this.deps.logger.warn({ err: describeError(error) }, 'alert check failed'));
  }

  private async checkNow(): Promise<void> {
    const now = this.deps.clock.now();
    const health = new Map(this.deps.feed.current().map((state) => [state.role, state]));
    for (const role of WATCHED_ROLES) {
      const previous = this.states.get(role) ?? {};
      const decided = decideAlert(role, previous, health.get(role), now, this.deps.settings);
      const state = decided.state;
      if (decided.notice) {
        if (state.notice?.pending.length)
          this.deps.logger.warn({ role, kind: state.notice.kind }, 'an earlier alert never reached every channel; sending the newer one instead');
        state.notice = { ...decided.notice, pending: this.channels(), attempts: 0, nextAttemptAt: now };
        this.logNotice(decided.notice);
      }
      if (JSON.stringify(state) !== JSON.stringify(previous)) await this.save(role, state, now);
      if (state.notice) await this.deliver(role, state, now);
    }
  }

  private channels(): AlertChannelName[] {
    return [...(this.deps.texter?.enabled ? ['sms' as const] : []), ...(this.deps.mailer ? ['email' as const] : [])];
  }

  private logNotice(notice: AlertNotice): void {
    const fields = { role: notice.role, code: notice.code, failingSince: new Date(notice.failingSince).toISOString() };
    if (notice.kind === 'alert') this.deps.logger.warn(fields, 'alert: failing for longer than alerts.afterMinutes');
    else this.deps.logger.info(fields, 'alert: working again');
    if (this.channels().length === 0) this.deps.logger.warn('no workflow.adminNumber or alerts.email: this log line is the only alert');
  }

  /** One delivery round of the role's notice, when due; saves what is still to go. */
  private async deliver(role: WatchedRole, state: RoleAlertState, now: number): Promise<void> {
    const notice = state.notice!;
    if (notice.pending.length === 0 || now - notice.decidedAt > GIVE_UP_AFTER_MS) {
      if (notice.pending.length > 0) this.deps.logger.warn({ role, kind: notice.kind, channels: notice.pending }, 'alert not delivered within a day; dropped');
      delete state.notice;
      await this.save(role, state, now);
      return;
    }
    if (now < notice.nextAttemptAt) return;
    const vars = alertVariables(notice, this.deps.clinic);
    const left: AlertChannelName[] = [];
    // A notice saved before a restart may name a channel the config no longer has.
    const available = this.channels();
    for (const channel of notice.pending.filter((c) => available.includes(c))) {
      let result: 'sent' | 'retry' | 'failed';
      try {
        result =
          channel === 'sms'
            ? await this.deps.texter!.sendAlert(templateOf(notice), alertSendKey(notice), vars)
            : await this.deps.mailer!.send({ subject: alertSubject(notice, this.deps.clinic), text: await this.emailText(notice, vars) });
      } catch (error) {
        this.deps.logger.warn({ role, channel, err: describeError(error) }, 'alert delivery failed; will try again');
        result = 'retry';
      }
      if (result === 'retry') left.push(channel);
      else if (result === 'failed') this.deps.logger.warn({ role, channel, kind: notice.kind }, 'alert could not be delivered on this channel');
      else this.deps.logger.info({ role, channel, kind: notice.kind }, 'alert delivered');
    }
    notice.attempts += 1;
    notice.pending = left;
    notice.nextAttemptAt = now + Math.min(MINUTE * 2 ** (notice.attempts - 1), MAX_RETRY_MS);
    if (left.length === 0) delete state.notice;
    await this.save(role, state, now);
  }

  private async emailText(notice: AlertNotice, vars: AlertVariables): Promise<string> {
    try {
      return await this.deps.render(templateOf(notice), vars);
    } catch (error) {
      // The templates were checked on load; still, an alert must not be lost to its wording.
      this.deps.logger.warn({ template: templateOf(notice), err: describeError(error) }, 'alert template could not be rendered; plain text used');
      return `${alertSubject(notice, this.deps.clinic)}: has been failing since ${vars.since} (${vars.code}).`;
    }
  }

  private async save(role: WatchedRole, state: RoleAlertState, now: number): Promise<void> {
    this.states.set(role, state);
    await this.deps.store.saveAlertState(role, state, now);
  }
}
