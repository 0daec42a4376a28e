import { expect } from 'chai';
import type { MessageSender, SentMessageMatch, SentMessageQuery } from '@clinic-arrivals/plugin-kit';
import type { OutboxEntry, Store } from '../../core/store/store.js';
import { SerialLane } from '../../core/runtime/serial-lane.js';
import { CHECK_AGAIN_AFTER_MS, CHECKS_END_AFTER_MS, CHECKS_PER_PASS, CLOCK_ALLOWANCE_MS, UnknownSendChecker } from '../../core/runtime/unknown-send-checker.js';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { createSilentLogger } from '@clinic-arrivals/plugin-kit/testing';

const ALEX = '+61412345678';
const MINUTE = 60_000;

/** A sender whose records are whatever the test says; it keeps every question asked. */
class ScriptedSender implements MessageSender {
  readonly asked: SentMessageQuery[] = [];
  answer: (query: SentMessageQuery) => SentMessageMatch[] | 'cannot-tell' = () => [];
  async send(): Promise<never> {
    throw new Error('the provider check never sends');
  }
  async findSent(query: SentMessageQuery): Promise<SentMessageMatch[] | 'cannot-tell'> {
    this.asked.push(query);
    return this.answer(query);
  }
}

describe("UnknownSendChecker: settling unknown sends from the provider's records", () => {
  let store: Store;
  let clock: ManualClock;
  let sender: ScriptedSender;
  let checker: UnknownSendChecker;

  beforeEach(async () => {
    clock = new ManualClock('2026-11-23T09:00:00+11:00');
    store = await openSqliteStore(':memory:', { clock });
    sender = new ScriptedSender();
    checker = new UnknownSendChecker({ store, clock, logger: createSilentLogger(), lane: new SerialLane(), sender, senderId: 'sms-x' });
  });
  afterEach(() => store.close());

  async function unknownSend(key: string, body = `text ${key}`): Promise<OutboxEntry> {
    const begun = await store.beginSend({ key, to: ALEX, template: 'ConsiderTeleHealth', body }, clock.now());
    await store.finishSend(begun.id, { status: 'unknown', error: 'CA_ERR_UNAVAILABLE: dropped' }, clock.now() + 1000);
    return (await store.getOutboxEntry(begun.id))!;
  }
  const entry = async (id: number) => (await store.getOutboxEntry(id))!;

  it('asks for the exact text in the window the provider can have taken it, and resolves a single sent match', async () => {
    const lost = await unknownSend('a');
    clock.advance(5 * MINUTE);
    sender.answer = () => [{ providerId: 'SM1', state: 'delivered', providerStatus: 'delivered' }];
    expect(await checker.runOnce()).to.deep.equal({ checked: 1, resolved: 1 });
    expect(sender.asked).to.deep.equal([{ to: ALEX, body: 'text a', after: lost.createdAt - CLOCK_ALLOWANCE_MS, before: lost.updatedAt + CLOCK_ALLOWANCE_MS }]);
    expect(await entry(lost.id)).to.deep.include({
      providerId: 'SM1',
      resolution: { outcome: 'delivered', by: 'auto:sms-x', at: clock.now(), note: 'auto: sms-x message SM1 found (status delivered)' },
    });
    expect(await checker.runOnce(), 'nothing left to check').to.deep.equal({ checked: 0, resolved: 0 });
  });

  it("ignores messages the outbox already owns (another entry's copy), so two lost sends of one text get one each", async () => {
    const sent = await store.beginSend({ key: 'copy', to: ALEX, template: 'ConsiderTeleHealth', body: 'same' }, clock.now());
    await store.finishSend(sent.id, { status: 'sent', providerId: 'SM-owned' }, clock.now());
    const [a, b] = [await unknownSend('a', 'same'), await unknownSend('b', 'same')];
    sender.answer = () => [
      { providerId: 'SM-owned', state: 'sent' },
      { providerId: 'SM-a', state: 'sent' },
    ];
    await checker.runOnce();
    expect((await entry(a.id)).providerId).to.equal('SM-a');
    expect((await entry(b.id)).resolution, 'SM-a is taken by then').to.equal(undefined);
    expect((await entry(b.id)).lastCheck).to.include({ note: 'no matching message at sms-x yet' });
  });

  it('checks again while the provider may still take or send it, and ends the checks after that with a note', async () => {
    const lost = await unknownSend('a');
    sender.answer = () => [{ providerId: 'SMq', state: 'accepted', providerStatus: 'queued' }];
    await checker.runOnce();
    expect((await entry(lost.id)).lastCheck).to.deep.equal({
      at: clock.now(),
      note: 'message SMq is queued at sms-x (status queued)',
      nextAt: clock.now() + CHECK_AGAIN_AFTER_MS,
    });
    await checker.runOnce();
    expect(sender.asked, 'not due yet').to.have.length(1);

    sender.answer = () => [];
    clock.advance(CHECK_AGAIN_AFTER_MS);
    await checker.runOnce();
    expect((await entry(lost.id)).lastCheck).to.deep.include({ note: 'no matching message at sms-x yet', nextAt: clock.now() + CHECK_AGAIN_AFTER_MS });

    clock.advance(CHECKS_END_AFTER_MS);
    await checker.runOnce();
    expect((await entry(lost.id)).lastCheck).to.deep.equal({ at: clock.now(), note: 'no matching message at sms-x 11 h after the send; a person decides' });
    clock.advance(CHECKS_END_AFTER_MS);
    await checker.runOnce();
    expect(sender.asked).to.have.length(3);
    expect((await entry(lost.id)).resolution, 'never resolved (or re-sent) on its own').to.equal(undefined);
  });

  for (const [what, answer, note] of [
    [
      'a message that failed at the provider',
      [{ providerId: 'SMf', state: 'failed', providerStatus: 'undelivered' }],
      'message SMf found at sms-x with status undelivered: it did not reach the phone; a person decides',
    ],
    [
      'several matching messages',
      [
        { providerId: 'SM1', state: 'sent' },
        { providerId: 'SM2', state: 'delivered' },
      ],
      '2 matching messages at sms-x (SM1, SM2); a person decides',
    ],
    ['a provider that cannot tell', 'cannot-tell', 'sms-x cannot tell whether it has this message; a person decides'],
  ] as const) {
    it(`leaves the send for a person after ${what}`, async () => {
      const lost = await unknownSend('a');
      sender.answer = () => (answer === 'cannot-tell' ? answer : [...answer]);
      expect(await checker.runOnce()).to.deep.equal({ checked: 1, resolved: 0 });
      expect((await entry(lost.id)).lastCheck).to.deep.equal({ at: clock.now(), note });
      expect((await store.listUnknownSends()).map((e) => e.id)).to.deep.equal([lost.id]);
    });
  }

  it('does not ask about a text the retention purge removed', async () => {
    const lost = await unknownSend('a');
    await store.purgeBodiesBefore(clock.now() + 1);
    await checker.runOnce();
    expect(sender.asked).to.deep.equal([]);
    expect((await entry(lost.id)).lastCheck?.note).to.equal('the text was removed by the retention purge, so sms-x cannot be asked; a person decides');
  });

  it(`asks about at most ${CHECKS_PER_PASS} sends per pass, oldest first`, async () => {
    for (let i = 0; i < CHECKS_PER_PASS + 3; i++) {
      await unknownSend(`k${i}`);
      clock.advance(1000);
    }
    expect(await checker.runOnce()).to.deep.include({ checked: CHECKS_PER_PASS });
    expect(sender.asked[0]!.body).to.equal('text k0');
    expect(await checker.runOnce()).to.deep.include({ checked: 3 });
  });

  it('does nothing when the SMS plugin cannot look its messages up', async () => {
    await unknownSend('a');
    const plain = new UnknownSendChecker({
      store,
      clock,
      logger: createSilentLogger(),
      lane: new SerialLane(),
      senderId: 'sms-y',
      sender: { send: async () => ({ providerId: 'x' }) },
    });
    expect(plain.enabled).to.equal(false);
    expect(await plain.runOnce()).to.deep.equal({ checked: 0, resolved: 0 });
    expect((await store.listUnknownSends())[0]).to.not.have.property('lastCheck');
  });
});
