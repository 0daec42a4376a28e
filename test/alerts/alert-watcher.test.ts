import { expect } from 'chai';
import type { Store } from '../../core/store/store.js';
import { AlertWatcher, alertSettingsOf, type AlertMailer, type AlertEmail, type AlertTexter } from '../../core/runtime/alerts/index.js';
import type { AlertVariables } from '../../core/runtime/admin-notifier.js';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { createSilentLogger } from '@clinic-arrivals/plugin-kit/testing';
import { CLINIC, tmpFolder } from '../e2e/simulator-host.js';
import { TestHealthFeed } from './test-health-feed.js';

/*
 * The alert rules through the real watcher: a hand-driven health feed, the manual clock, a
 * real SQLite store (the state a restart reads back), and channels that record what they were
 * asked to deliver (delivery over the wire is test/alerts/alert-delivery.test.ts).
 */

const MINUTE = 60_000;
const T0 = Date.parse('2026-11-23T08:00:00+11:00');

class RecordingTexter implements AlertTexter {
  readonly enabled = true;
  readonly sent: Array<{ template: string; key: string; vars: AlertVariables }> = [];
  /** Answers to give, oldest first; `sent` once they run out. */
  readonly answers: Array<'sent' | 'retry' | 'failed'> = [];
  async sendAlert(template: 'AlertFailing' | 'AlertRecovered', key: string, vars: AlertVariables) {
    const answer = this.answers.shift() ?? 'sent';
    if (answer === 'sent') this.sent.push({ template, key, vars });
    return answer;
  }
  get templates(): string[] {
    return this.sent.map((s) => s.template);
  }
}

class RecordingMailer implements AlertMailer {
  readonly sent: AlertEmail[] = [];
  failing = false;
  attempts = 0;
  async send(email: AlertEmail) {
    this.attempts += 1;
    if (this.failing) return 'retry' as const;
    this.sent.push(email);
    return 'sent' as const;
  }
  close(): void {}
}

describe('alerts: when the admin is told', function () {
  let folder: ReturnType<typeof tmpFolder>;
  let store: Store;
  let clock: ManualClock;
  let feed: TestHealthFeed;
  let texter: RecordingTexter;
  let mailer: RecordingMailer;
  const watchers: AlertWatcher[] = [];

  async function startWatcher(config: Record<string, unknown> = {}, withMailer = false): Promise<AlertWatcher> {
    const watcher = new AlertWatcher({
      feed,
      store,
      clock,
      texter,
      logger: createSilentLogger(),
      settings: alertSettingsOf(config),
      clinic: CLINIC,
      mailer: withMailer ? mailer : undefined,
      render: (template, vars) => `${template}: ${vars.system} since ${vars.since} (${vars.code})`,
    });
    watchers.push(watcher);
    await watcher.start();
    return watcher;
  }

  /** Moves the clock on by `minutes`, checking every minute as the timed loop would. */
  async function minutesPass(watcher: AlertWatcher, minutes: number): Promise<void> {
    for (let i = 0; i < minutes; i++) {
      clock.advance(MINUTE);
      await watcher.check();
    }
  }

  /** Sets the role and lets the watcher hear it (the feed's listener starts a check). */
  async function health(watcher: AlertWatcher, role: 'sms' | 'pms' | 'inbox', status: 'ok' | 'degraded' | 'down', code?: string) {
    feed.set(role, status, clock.now(), code);
    await watcher.check();
  }

  beforeEach(async () => {
    folder = tmpFolder();
    clock = new ManualClock(T0);
    store = await openSqliteStore(`${folder.dir}/store.sqlite`, { clock });
    feed = new TestHealthFeed(T0);
    texter = new RecordingTexter();
    mailer = new RecordingMailer();
  });

  afterEach(async () => {
    for (const watcher of watchers.splice(0)) await watcher.stop();
    await store.close();
    folder.remove();
  });

  it('alerts once when texting has been down for the window, and never in between', async () => {
    const watcher = await startWatcher({ afterMinutes: 10 });
    await health(watcher, 'sms', 'down', 'CA_ERR_NOT_READY');
    await minutesPass(watcher, 9);
    expect(texter.sent, 'inside the window').to.deep.equal([]);

    await minutesPass(watcher, 1);
    expect(texter.templates).to.deep.equal(['AlertFailing']);
    expect(texter.sent[0]!.vars).to.deep.equal({ system: 'texting', code: 'CA_ERR_NOT_READY', since: 'Mon 23 Nov, 8:00 am' });

    // Still failing, and even degraded then down again: the same spell, nothing more.
    await minutesPass(watcher, 30);
    await health(watcher, 'sms', 'degraded');
    await minutesPass(watcher, 5);
    await health(watcher, 'sms', 'down', 'CA_ERR_AUTH');
    await minutesPass(watcher, 120);
    expect(texter.templates).to.deep.equal(['AlertFailing']);
  });

  it('says once that it works again, after it has worked for recoveredAfterMinutes', async () => {
    const watcher = await startWatcher({ afterMinutes: 10, recoveredAfterMinutes: 5 });
    await health(watcher, 'pms', 'down', 'CA_ERR_PMS_UNREACHABLE');
    await minutesPass(watcher, 12);
    await health(watcher, 'pms', 'ok');
    await minutesPass(watcher, 4);
    expect(texter.templates, 'ok for 4 minutes').to.deep.equal(['AlertFailing']);

    await minutesPass(watcher, 1);
    expect(texter.templates).to.deep.equal(['AlertFailing', 'AlertRecovered']);
    expect(texter.sent[1]!.vars).to.deep.equal({ system: 'the PMS connection', code: 'CA_ERR_PMS_UNREACHABLE', since: 'Mon 23 Nov, 8:00 am' });
    await minutesPass(watcher, 60);
    expect(texter.templates).to.have.length(2);
    // One text per notice: the outbox keys name the role, the kind and the spell.
    expect(new Set(texter.sent.map((s) => s.key)).size).to.equal(2);
  });

  it('treats a flapping role as one spell: one alert, one recovered message', async () => {
    const watcher = await startWatcher({ afterMinutes: 10, recoveredAfterMinutes: 5 });
    for (let round = 0; round < 10; round++) {
      await health(watcher, 'sms', 'down', 'CA_ERR_NOT_READY');
      await minutesPass(watcher, 3);
      await health(watcher, 'sms', 'ok');
      await minutesPass(watcher, 2);
    }
    expect(texter.templates, 'after 50 minutes of flapping').to.deep.equal(['AlertFailing']);
    await minutesPass(watcher, 3);
    expect(texter.templates).to.deep.equal(['AlertFailing', 'AlertRecovered']);
  });

  it('sends at most one alert per role per rateLimitMinutes; a spell held back is alerted when the limit passes', async () => {
    const watcher = await startWatcher({ afterMinutes: 10, recoveredAfterMinutes: 5, rateLimitMinutes: 60 });
    await health(watcher, 'sms', 'down', 'CA_ERR_NOT_READY');
    await minutesPass(watcher, 10); // alert at 08:10
    await health(watcher, 'sms', 'ok');
    await minutesPass(watcher, 5); // recovered at 08:15
    expect(texter.templates).to.deep.equal(['AlertFailing', 'AlertRecovered']);

    // A short second spell inside the limit: no alert, so no recovered message either.
    await health(watcher, 'sms', 'down', 'CA_ERR_NOT_READY');
    await minutesPass(watcher, 15);
    await health(watcher, 'sms', 'ok');
    await minutesPass(watcher, 5); // 08:35
    expect(texter.templates).to.have.length(2);

    // A third spell from 08:35 is 10 minutes old at 08:45, but the limit runs to 09:10.
    await health(watcher, 'sms', 'down', 'CA_ERR_RATE_LIMITED');
    await minutesPass(watcher, 34);
    expect(texter.templates, 'at 09:09').to.have.length(2);
    await minutesPass(watcher, 1);
    expect(texter.templates).to.deep.equal(['AlertFailing', 'AlertRecovered', 'AlertFailing']);
    expect(texter.sent[2]!.vars.since).to.equal('Mon 23 Nov, 8:35 am');
    await health(watcher, 'sms', 'ok');
    await minutesPass(watcher, 5);
    expect(texter.templates).to.deep.equal(['AlertFailing', 'AlertRecovered', 'AlertFailing', 'AlertRecovered']);
  });

  it('counts a long degraded spell as failing unless includeDegraded is false', async () => {
    const counting = await startWatcher({ afterMinutes: 10 });
    await health(counting, 'pms', 'degraded');
    await minutesPass(counting, 10);
    expect(texter.sent.map((s) => [s.template, s.vars.code])).to.deep.equal([['AlertFailing', 'none']]);
    await counting.stop();

    texter.sent.length = 0;
    feed = new TestHealthFeed(clock.now());
    await store.saveAlertState('pms', {}, clock.now());
    const ignoring = await startWatcher({ afterMinutes: 10, includeDegraded: false });
    await health(ignoring, 'pms', 'degraded');
    await minutesPass(ignoring, 60);
    expect(texter.sent).to.deep.equal([]);
  });

  it('watches texting and the PMS only', async () => {
    const watcher = await startWatcher({ afterMinutes: 1 });
    await health(watcher, 'inbox', 'down', 'CA_ERR_NOT_READY');
    await minutesPass(watcher, 30);
    expect(texter.sent).to.deep.equal([]);
  });

  describe('across a restart', () => {
    it('does not alert again for a spell already alerted, and still says when it recovers', async () => {
      const first = await startWatcher({ afterMinutes: 10, recoveredAfterMinutes: 5 });
      await health(first, 'sms', 'down', 'CA_ERR_NOT_READY');
      await minutesPass(first, 11);
      await health(first, 'sms', 'ok');
      await minutesPass(first, 3);
      await first.stop();
      expect(texter.templates).to.deep.equal(['AlertFailing']);

      // Down again while the host was away, then working again.
      clock.advance(MINUTE);
      feed.set('sms', 'down', clock.now(), 'CA_ERR_NOT_READY');
      const second = await startWatcher({ afterMinutes: 10, recoveredAfterMinutes: 5 });
      await minutesPass(second, 30);
      expect(texter.templates, 'same spell after the restart').to.deep.equal(['AlertFailing']);
      await health(second, 'sms', 'ok');
      await minutesPass(second, 5);
      expect(texter.templates).to.deep.equal(['AlertFailing', 'AlertRecovered']);
    });

    it('finishes a recovery that was under way', async () => {
      const first = await startWatcher({ afterMinutes: 10, recoveredAfterMinutes: 5 });
      await health(first, 'pms', 'down', 'CA_ERR_PMS_UNREACHABLE');
      await minutesPass(first, 10);
      await health(first, 'pms', 'ok');
      await minutesPass(first, 3);
      await first.stop();

      const second = await startWatcher({ afterMinutes: 10, recoveredAfterMinutes: 5 });
      await minutesPass(second, 2);
      expect(texter.templates).to.deep.equal(['AlertFailing', 'AlertRecovered']);
    });

    it('delivers a notice decided before the restart that had not gone out', async () => {
      const first = await startWatcher({ afterMinutes: 10 });
      texter.answers.push('retry', 'retry');
      await health(first, 'sms', 'down', 'CA_ERR_NOT_READY');
      await minutesPass(first, 10);
      expect(texter.sent).to.deep.equal([]);
      await first.stop();

      const second = await startWatcher({ afterMinutes: 10 });
      await minutesPass(second, 5);
      expect(texter.templates).to.deep.equal(['AlertFailing']);
      await minutesPass(second, 60);
      expect(texter.templates).to.deep.equal(['AlertFailing']);
    });
  });

  it('drops a channel the config no longer has after a restart', async () => {
    const first = await startWatcher({ afterMinutes: 10 }, true);
    mailer.failing = true;
    await health(first, 'pms', 'down', 'CA_ERR_PMS_UNREACHABLE');
    await minutesPass(first, 10);
    await first.stop();
    expect((await store.listAlertStates<{ notice?: { pending: string[] } }>()).get('pms')?.notice?.pending).to.deep.equal(['email']);

    const second = await startWatcher({ afterMinutes: 10 });
    await minutesPass(second, 2);
    expect((await store.listAlertStates<{ notice?: unknown }>()).get('pms')?.notice).to.equal(undefined);
    expect(texter.templates).to.deep.equal(['AlertFailing']);
  });

  describe('delivery', () => {
    it('emails too, and keeps trying the email with a growing pause until it goes out', async () => {
      const watcher = await startWatcher({ afterMinutes: 10 }, true);
      mailer.failing = true;
      await health(watcher, 'sms', 'down', 'CA_ERR_AUTH');
      await minutesPass(watcher, 10);
      expect(texter.templates).to.deep.equal(['AlertFailing']);
      expect(mailer.attempts).to.equal(1);
      // Retried after 1, 2, 4, 8 minutes: 4 more tries in the next 15 minutes, not one a minute.
      await minutesPass(watcher, 15);
      expect(mailer.attempts).to.equal(5);
      mailer.failing = false;
      await minutesPass(watcher, 16);
      expect(mailer.sent).to.have.length(1);
      expect(mailer.sent[0]!.subject).to.equal('Clinic Arrivals alert at Test Street Medical: texting is failing');
      expect(mailer.sent[0]!.text).to.equal('AlertFailing: texting since Mon 23 Nov, 8:00 am (CA_ERR_AUTH)');
      await minutesPass(watcher, 120);
      expect(mailer.sent).to.have.length(1);
      expect(texter.templates).to.deep.equal(['AlertFailing']);
    });

    it('gives up on a channel that has not taken a notice within a day', async () => {
      const watcher = await startWatcher({ afterMinutes: 10 }, true);
      mailer.failing = true;
      await health(watcher, 'pms', 'down', 'CA_ERR_PMS_UNREACHABLE');
      await minutesPass(watcher, 10);
      clock.advance(24 * 60 * MINUTE);
      await watcher.check();
      const attempts = mailer.attempts;
      await minutesPass(watcher, 120);
      expect(mailer.attempts).to.equal(attempts);
      expect((await store.listAlertStates<{ notice?: unknown }>()).get('pms')?.notice).to.equal(undefined);
    });
  });
});
