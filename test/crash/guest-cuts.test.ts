import { expect } from 'chai';
import type { AppointmentProgress } from '../../core/engine/progress.js';
import { PHONE, APPOINTMENT, SCREENED_FOR_VIDEO } from './video-consult-fixture.js';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import { cutThenRestart, repliesThenPass, World } from './cut-host.js';

/*
 * Issue 15: a guest grant cut between its record, the provider's link and its text is neither
 * lost nor sent twice. The GUEST reply runs once uncut, then cut after every effect boundary
 * the uncut run passed (store writes, the provider's guest link, the text, the acknowledgement)
 * and restarted: one grant in the store, one guest at the provider, at most one link text,
 * and that text carries the stored grant's link.
 */

const PROGRESS: AppointmentProgress = { ...SCREENED_FOR_VIDEO, videoInviteSentAt: 2 };

interface Outcome {
  texts: string[];
  grants: Array<{ state: string; link?: string }>;
  providerGrants: number;
  linkOutbox: string | undefined;
  incomingState: string | undefined;
  pmsStatus: string | undefined;
}

async function outcomeOf(world: World): Promise<Outcome> {
  const store = await openSqliteStore(world.storePath, { clock: world.clock });
  try {
    const grants = await store.listGuestGrants(APPOINTMENT.id);
    return {
      texts: world.sender.sent.filter((m) => m.to === PHONE).map((m) => m.body),
      grants: grants.map((g) => ({ state: g.state, ...(g.link ? { link: g.link.link } : {}) })),
      providerGrants: new Set(world.video.guestCalls.map((g) => g.grantId)).size,
      linkOutbox: (await store.listOutbox()).find((e) => e.template === 'GuestLink')?.status,
      incomingState: (await store.getIncoming('SM-guest-1'))?.state,
      pmsStatus: world.pms.status(APPOINTMENT.id),
    };
  } finally {
    await store.close();
  }
}

async function run(cutAfter?: number): Promise<{ outcome: Outcome; effects: number; log: string[] }> {
  const world = new World('2026-11-23T10:52:00+11:00', { id: 'SM-guest-1', from: PHONE, body: 'GUEST', receivedAt: '2026-11-22T23:52:00Z' });
  world.pms.add(APPOINTMENT);
  await world.seedProgress(PROGRESS);
  try {
    const { first } = await cutThenRestart(world, cutAfter, (host) => host.pullReplies(), repliesThenPass);
    return { outcome: await outcomeOf(world), effects: first.cutter.effects, log: first.cutter.log };
  } finally {
    world.remove();
  }
}

describe('crash-exact guest grants: cut at every effect boundary', function () {
  this.timeout(60_000);

  it('uncut: grant recorded before the provider is asked and before the text; one link text; grant sent; the patient not arrived', async () => {
    const { outcome, log } = await run();
    expect(outcome.grants).to.have.length(1);
    expect(outcome.grants[0]!.state).to.equal('sent');
    expect(outcome.texts).to.deep.equal([`GuestLink|${outcome.grants[0]!.link}|`]);
    expect(outcome.texts[0]).not.to.contain(APPOINTMENT.id);
    expect(outcome).to.deep.include({ providerGrants: 1, linkOutbox: 'sent', incomingState: 'handled', pmsStatus: 'booked' });
    const order = [
      'store.saveReplyPlan',
      'store.recordGuestGrant',
      'video.createGuestLink',
      'store.setGuestLink',
      'store.beginSend',
      'sms.send',
      'store.markGuestSent',
    ];
    const positions = order.map((effect) => log.indexOf(effect));
    expect(
      positions.every((p) => p >= 0),
      log.join(', '),
    ).to.equal(true);
    expect([...positions].sort((a, b) => a - b)).to.deep.equal(positions);
  });

  it('cut after each effect and restarted: one grant, one provider guest, never two link texts', async () => {
    const reference = await run();
    expect(reference.effects, 'boundaries in the uncut run').to.be.greaterThan(8);
    for (let cut = 0; cut <= reference.effects; cut++) {
      const { outcome, log } = await run(cut);
      const where = `cut after effect ${cut} (${log.at(-1) ?? 'before any'})`;
      expect(outcome.grants, where).to.have.length(1);
      expect(outcome.grants[0]!.state, where).to.equal('sent');
      expect(outcome.providerGrants, where).to.equal(1);
      expect(outcome.incomingState, where).to.equal('handled');
      expect(outcome.pmsStatus, where).to.equal('booked');
      if (outcome.linkOutbox === 'unknown' && outcome.texts.length === 0) {
        // Cut between the text's intent and the provider call: whether it went out cannot be
        // known, so it is reported as unknown and never sent a second time.
        expect(log.at(-1), where).to.equal('store.beginSend');
        expect(outcome.texts, where).to.deep.equal([]);
      } else {
        expect(outcome.texts, where).to.deep.equal([`GuestLink|${outcome.grants[0]!.link}|`]);
      }
    }
  });
});
