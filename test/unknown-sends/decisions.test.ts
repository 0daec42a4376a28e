import { expect } from 'chai';
import type { NewOutboxEntry, OutboxEntry, Store } from '../../core/store/store.js';
import type { EngineSettings } from '../../core/engine/decisions.js';
import { NULL_SINK } from '../../core/executor/execution-sink.js';
import { OutboxSender } from '../../core/executor/outbox-sender.js';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import { expectRejection } from '@clinic-arrivals/plugin-kit/testing';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { createSilentLogger } from '@clinic-arrivals/plugin-kit/testing';
import { SmsSimulator } from '../../plugins/sms-simulator/sms-simulator.js';
import { SerialLane } from '../../core/runtime/serial-lane.js';
import { SendAgainFailedError, UnknownSends } from '../../core/runtime/unknown-sends.js';

const ALEX = '+61412345678';
const KEY = 'appt-1:screening:2026-11-23T10:00:00+11:00';
const NOTICE = ' (last text today)';

describe("UnknownSends: a person's decisions about sends whose outcome is unknown", () => {
  let store: Store;
  let clock: ManualClock;
  let sms: SmsSimulator;
  let unknown: UnknownSends;
  let settings: Pick<EngineSettings, 'whitelist' | 'workflow' | 'clinic'>;

  beforeEach(async () => {
    clock = new ManualClock('2026-11-23T09:00:00+11:00');
    store = await openSqliteStore(':memory:', { clock });
    sms = new SmsSimulator(clock);
    settings = {
      whitelist: new Set(),
      workflow: { dailyCapPerNumber: 0 } as EngineSettings['workflow'],
      clinic: { timeZone: 'Australia/Sydney' } as EngineSettings['clinic'],
    };
    const renderer = { render: () => 'unused', lastMessageNotice: NOTICE };
    const outbox = new OutboxSender(store, sms, renderer, clock, createSilentLogger(), NULL_SINK);
    unknown = new UnknownSends({ store, clock, logger: createSilentLogger(), lane: new SerialLane(), settings, outbox });
  });
  afterEach(() => store.close());

  /** An entry whose answer was lost, as the outbox records it. */
  async function unknownSend(entry: Partial<NewOutboxEntry> = {}): Promise<OutboxEntry> {
    const begun = await store.beginSend(
      { key: KEY, appointmentId: 'appt-1', to: ALEX, template: 'ConsiderTeleHealth', body: 'Hi Alex, video OK?', ...entry },
      clock.now(),
    );
    await store.finishSend(begun.id, { status: 'unknown', error: 'CA_ERR_UNAVAILABLE: dropped' }, clock.now());
    return (await store.getOutboxEntry(begun.id))!;
  }
  const texts = async () => (await sms.sent()).map((t) => t.body);

  it('sends the stored text again once, as <key>#resend-1, and records who decided', async () => {
    const original = await unknownSend();
    clock.advance(60_000);
    const { original: resolved, resend } = await unknown.sendAgain(original.id, 'Sam');
    expect(resend).to.include({ key: `${KEY}#resend-1`, status: 'sent', appointmentId: 'appt-1', template: 'ConsiderTeleHealth', body: 'Hi Alex, video OK?' });
    expect(resolved.resolution).to.deep.equal({
      outcome: 'resent',
      by: 'Sam',
      at: clock.now(),
      note: `resent as ${KEY}#resend-1 (sent, ${resend.providerId})`,
    });
    expect(await unknown.sendAgain(original.id, 'Kim'), 'asked again: the same answer, no second copy').to.deep.equal({ original: resolved, resend });
    expect(await texts()).to.deep.equal(['Hi Alex, video OK?']);
  });

  it('keeps the original open when the provider is unavailable, and uses the same key next time', async () => {
    const original = await unknownSend();
    sms.failNext('unavailable');
    const error = await expectRejection(() => unknown.sendAgain(original.id, 'Sam'), SendAgainFailedError);
    expect(error).to.include({ code: 'CA_ERR_SEND_FAILED', retryable: true });
    expect(error.message).to.contain('try again later');
    expect((await unknown.list()).map((e) => e.id)).to.deep.equal([original.id]);
    expect(await store.findOutbox(`${KEY}#resend-1`)).to.include({ status: 'retry' });

    const { resend } = await unknown.sendAgain(original.id, 'Sam');
    expect(resend).to.include({ key: `${KEY}#resend-1`, status: 'sent', attempts: 2 });
    expect(await texts()).to.deep.equal(['Hi Alex, video OK?']);
  });

  it('keeps the original open when the provider refuses the copy; the next attempt takes a new key', async () => {
    const original = await unknownSend();
    sms.failNext('invalid-number');
    const error = await expectRejection(() => unknown.sendAgain(original.id, 'Sam'), SendAgainFailedError);
    expect(error.retryable).to.equal(false);
    expect(await store.findOutbox(`${KEY}#resend-1`)).to.include({ status: 'failed' });
    expect((await unknown.sendAgain(original.id, 'Sam')).resend).to.include({ key: `${KEY}#resend-2`, status: 'sent' });
  });

  for (const cut of ['before the provider answered', 'after the copy was sent, before the original was marked'] as const) {
    it(`finishes a decision cut off by a restart ${cut}, without a second copy`, async () => {
      const original = await unknownSend();
      const copy = await store.beginSend(
        { key: `${KEY}#resend-1`, appointmentId: 'appt-1', to: ALEX, template: 'ConsiderTeleHealth', body: 'Hi Alex, video OK?' },
        clock.now(),
      );
      if (cut === 'before the provider answered') await store.markUnfinishedUnknown(clock.now());
      else await store.finishSend(copy.id, { status: 'sent', providerId: 'SM-copy' }, clock.now());
      const status = cut === 'before the provider answered' ? 'unknown' : 'sent';

      const { original: resolved, resend } = await unknown.sendAgain(original.id, 'Sam');
      expect(resend).to.include({ key: `${KEY}#resend-1`, status });
      expect(resolved.resolution).to.include({ outcome: 'resent', note: `resent as ${KEY}#resend-1 (${status}${status === 'sent' ? ', SM-copy' : ''})` });
      expect(await texts()).to.deep.equal([]);
      expect((await unknown.list()).map((e) => e.key)).to.deep.equal(status === 'unknown' ? [`${KEY}#resend-1`] : []);
    });
  }

  it('resolves the original when the copy itself ends unknown; sending that copy again makes #resend-2', async () => {
    const original = await unknownSend();
    sms.failNext('lost-answer');
    const { original: resolved, resend } = await unknown.sendAgain(original.id, 'Sam');
    expect(resend.status).to.equal('unknown');
    expect(resolved.resolution?.outcome).to.equal('resent');
    expect((await unknown.list()).map((e) => e.id)).to.deep.equal([resend.id]);
    expect((await unknown.sendAgain(resend.id, 'Sam')).resend).to.include({ key: `${KEY}#resend-2`, status: 'sent' });
    expect(await unknown.list()).to.deep.equal([]);
  });

  it('passes the copy through the checks of any text: opt-out, whitelist, daily cap (with its notice)', async () => {
    const original = await unknownSend();
    await store.setOptedOut(ALEX, true, clock.now());
    expect((await expectRejection(() => unknown.sendAgain(original.id, 'Sam'), Error)).message).to.contain('opted out');
    await store.setOptedOut(ALEX, false, clock.now());

    settings.whitelist.add('+61400000000');
    expect((await expectRejection(() => unknown.sendAgain(original.id, 'Sam'), Error)).message).to.contain('whitelist');
    settings.whitelist.clear();

    settings.workflow.dailyCapPerNumber = 1; // the unknown send itself counts
    expect((await expectRejection(() => unknown.sendAgain(original.id, 'Sam'), Error)).message).to.contain('dailyCapPerNumber');
    settings.workflow.dailyCapPerNumber = 2;
    expect(await texts()).to.deep.equal([]);
    expect((await unknown.sendAgain(original.id, 'Sam')).resend.body).to.equal(`Hi Alex, video OK?${NOTICE}`);
  });

  it('marks delivered or dismissed once; a different decision afterwards is a conflict; other entries are not found', async () => {
    const original = await unknownSend();
    const delivered = await unknown.markDelivered(original.id, 'Sam');
    expect(delivered.resolution).to.deep.equal({ outcome: 'delivered', by: 'Sam', at: clock.now(), note: 'a person confirmed it arrived' });
    expect(await unknown.markDelivered(original.id, 'Kim')).to.deep.equal(delivered);
    const conflict = await expectRejection(() => unknown.dismiss(original.id, 'Kim'), Error);
    expect(conflict).to.include({ code: 'CA_ERR_CONFLICT' });
    expect(conflict.message).to.contain('already resolved as delivered by Sam');
    await expectRejection(() => unknown.sendAgain(original.id, 'Kim'), Error);
    expect(await texts()).to.deep.equal([]);

    const sent = await store.beginSend({ key: 'other', to: ALEX, template: 'ConsiderTeleHealth', body: 'x' }, clock.now());
    await store.finishSend(sent.id, { status: 'sent', providerId: 'SM1' }, clock.now());
    for (const id of [sent.id, 999]) {
      expect(await expectRejection(() => unknown.markDelivered(id, 'Sam'), Error)).to.include({ code: 'CA_ERR_NOT_FOUND' });
    }
  });
});
