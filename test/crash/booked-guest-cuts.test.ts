import { expect } from 'chai';
import { PHONE, APPOINTMENT, SCREENED_FOR_VIDEO } from './video-consult-fixture.js';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import { cutThenRestart, HostProcess, repliesThenPass, World } from './cut-host.js';

/*
 * Issue 15, guests booked by reception: the invite pass that makes the booked guest's grant
 * and link, texts the guest (GuestBooked) and tells the patient (GuestAdded), and the patient's
 * NO GUEST that revokes them, each cut after every effect boundary the uncut run passed and
 * restarted: the same grant, one provider guest, at most one text of each kind (exactly one
 * unless the cut fell between a text's intent and the provider call: then it is `unknown`,
 * never sent again).
 */

const GUEST = '+61491570156';
/** Screened for video with the room made; the invite is due (10:50) and not sent yet. */
const PROGRESS = SCREENED_FOR_VIDEO;

interface Outcome {
  toPatient: string[];
  toGuest: string[];
  grants: Array<{ grantId: string; state: string; told: boolean; link?: string; revokedBy?: string }>;
  providerGrants: number;
  providerRevoked: string[];
  outbox: Record<string, string>;
  activity: string[];
}

async function outcomeOf(world: World): Promise<Outcome> {
  const store = await openSqliteStore(world.storePath, { clock: world.clock });
  try {
    const grants = await store.listGuestGrants(APPOINTMENT.id);
    const outbox: Record<string, string> = {};
    for (const entry of await store.listOutbox()) outbox[entry.template] = entry.status;
    return {
      toPatient: world.textsTo(PHONE),
      toGuest: world.sender.sent.filter((m) => m.to === GUEST).map((m) => m.body),
      grants: grants.map((g) => ({
        grantId: g.grantId,
        state: g.state,
        told: g.patientToldAt !== undefined,
        ...(g.link ? { link: g.link.link } : {}),
        ...(g.revokedBy ? { revokedBy: g.revokedBy } : {}),
      })),
      providerGrants: new Set(world.video.guestCalls.map((g) => g.grantId)).size,
      providerRevoked: [...world.video.revokedGuests],
      outbox,
      activity: (await store.listActivity()).map((e) => `${e.actor}:${e.action}`),
    };
  } finally {
    await store.close();
  }
}

/** A world with the booked interpreter recorded (as the API does) before any host process. */
async function bookedWorld(): Promise<World> {
  const world = new World('2026-11-23T10:52:00+11:00', { id: 'SM-refuse-1', from: PHONE, body: 'NO GUEST', receivedAt: '2026-11-22T23:55:00Z' });
  world.pms.add(APPOINTMENT);
  await world.seedProgress(PROGRESS);
  const store = await openSqliteStore(world.storePath, { clock: world.clock });
  await store.bookGuest(
    {
      grantId: 'grant-booked-1-xxxxxxxxxx',
      requestKey: 'reception:req-1',
      appointmentId: APPOINTMENT.id,
      kind: 'interpreter',
      displayName: 'Minh',
      phone: GUEST,
      bookedBy: 'rita',
      expiresAt: '2026-11-23T01:15:00.000Z',
    },
    world.clock.now(),
  );
  await store.close();
  return world;
}

/** The invite pass, cut after `cutAfter` effects, then a restarted host's passes. */
async function runInvite(cutAfter?: number): Promise<{ outcome: Outcome; effects: number; log: string[] }> {
  const world = await bookedWorld();
  try {
    const { first } = await cutThenRestart(
      world,
      cutAfter,
      (host) => host.todayPass(),
      async (host) => {
        await host.todayPass();
        await host.todayPass();
      },
    );
    return { outcome: await outcomeOf(world), effects: first.cutter.effects, log: first.cutter.log };
  } finally {
    world.remove();
  }
}

/** The invite uncut, then NO GUEST cut after `cutAfter` effects, then a restarted host. */
async function runRefusal(cutAfter?: number): Promise<{ outcome: Outcome; effects: number; log: string[] }> {
  const world = await bookedWorld();
  try {
    const inviting = await HostProcess.start(world);
    await inviting.todayPass();
    await inviting.exit();

    world.clock.advance(60_000);
    const { first } = await cutThenRestart(world, cutAfter, (host) => host.pullReplies(), repliesThenPass);
    return { outcome: await outcomeOf(world), effects: first.cutter.effects, log: first.cutter.log };
  } finally {
    world.remove();
  }
}

/** `order` happens in `log` in this order (other effects may come between). */
function inOrder(log: string[], order: string[]): void {
  let at = -1;
  for (const effect of order) {
    at = log.indexOf(effect, at + 1);
    expect(at, `${effect} in order in: ${log.join(', ')}`).to.be.at.least(0);
  }
}

describe('crash-exact booked guests: cut at every effect boundary', function () {
  this.timeout(120_000);

  it('uncut invite: the invite, then the grant, its link, the guest text, sent, the patient text, told', async () => {
    const { outcome, log } = await runInvite();
    expect(outcome.grants).to.have.length(1);
    expect(outcome.grants[0]).to.include({ state: 'sent', told: true });
    expect(outcome.toGuest).to.deep.equal([`GuestBooked|${outcome.grants[0]!.link}|`]);
    expect(outcome.toPatient).to.deep.equal(['VideoInvite', 'GuestAdded']);
    expect(outcome.providerGrants).to.equal(1);
    inOrder(log, [
      'sms.send',
      'store.saveProgress',
      'store.activateBookedGuest',
      'video.createGuestLink',
      'store.setGuestLink',
      'sms.send',
      'store.markGuestSent',
      'sms.send',
      'store.markGuestPatientTold',
    ]);
  });

  it('invite cut after each effect and restarted: the same grant, one provider guest, one text of each kind', async () => {
    const reference = await runInvite();
    expect(reference.effects, 'boundaries in the uncut run').to.be.greaterThan(10);
    for (let cut = 0; cut <= reference.effects; cut++) {
      const { outcome, log } = await runInvite(cut);
      const where = `cut after effect ${cut} (${log.at(-1) ?? 'before any'})`;
      expect(outcome.grants, where).to.have.length(1);
      expect(outcome.grants[0], where).to.deep.include({ grantId: 'grant-booked-1-xxxxxxxxxx', state: 'sent', told: true });
      expect(outcome.providerGrants, where).to.equal(1);
      const guestUnknown = outcome.outbox.GuestBooked === 'unknown' && outcome.toGuest.length === 0;
      expect(outcome.toGuest, where).to.deep.equal(guestUnknown ? [] : [`GuestBooked|${outcome.grants[0]!.link}|`]);
      const patientTexts = outcome.toPatient;
      for (const template of ['VideoInvite', 'GuestAdded']) {
        const count = patientTexts.filter((t) => t === template).length;
        expect(count, `${where}: ${template}`).to.be.at.most(1);
        if (outcome.outbox[template] !== 'unknown') expect(count, `${where}: ${template}`).to.equal(1);
      }
      if (guestUnknown) expect(log.at(-1), where).to.equal('store.beginSend');
    }
  });

  it('uncut NO GUEST: revoked at the provider first, then in the store by the patient, recorded, then GuestRefused', async () => {
    const { outcome, log } = await runRefusal();
    expect(outcome.grants[0]).to.include({ state: 'revoked', revokedBy: 'patient' });
    expect(outcome.providerRevoked).to.deep.equal(['grant-booked-1-xxxxxxxxxx']);
    expect(outcome.toPatient).to.deep.equal(['VideoInvite', 'GuestAdded', 'GuestRefused']);
    expect(outcome.activity).to.deep.equal(['patient:guest-revoke']);
    inOrder(log, ['store.saveReplyPlan', 'video.revokeGuest', 'store.revokeGuestGrant', 'sms.send']);
  });

  it('NO GUEST cut after each effect and restarted: revoked once, at most one GuestRefused', async () => {
    const reference = await runRefusal();
    expect(reference.effects, 'boundaries in the uncut run').to.be.greaterThan(5);
    for (let cut = 0; cut <= reference.effects; cut++) {
      const { outcome, log } = await runRefusal(cut);
      const where = `cut after effect ${cut} (${log.at(-1) ?? 'before any'})`;
      expect(outcome.grants[0], where).to.include({ state: 'revoked', revokedBy: 'patient' });
      expect(outcome.providerRevoked, where).to.deep.equal(['grant-booked-1-xxxxxxxxxx']);
      const refused = outcome.toPatient.filter((t) => t === 'GuestRefused').length;
      expect(refused, where).to.be.at.most(1);
      if (outcome.outbox.GuestRefused !== 'unknown') expect(refused, where).to.equal(1);
      expect(
        outcome.toPatient.filter((t) => t !== 'GuestRefused'),
        where,
      ).to.deep.equal(['VideoInvite', 'GuestAdded']);
      expect(outcome.toGuest, where).to.have.length(1);
      // The activity line is written with the store's revoke: exactly one, whatever the cut.
      expect(outcome.activity, where).to.deep.equal(['patient:guest-revoke']);
    }
  });
});
