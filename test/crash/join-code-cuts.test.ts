import { expect } from 'chai';
import { PHONE, START, ROOM, APPOINTMENT, SCREENED_FOR_VIDEO } from './video-consult-fixture.js';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import type { JoinLockRecord } from '../../core/store/store.js';
import { cutThenRestart, repliesThenPass, World } from './cut-host.js';

/*
 * Issue 15, video.verifyJoin: the invite's link goes behind a join lock (recorded, then
 * published, then texted) and the code follows in a text of its own; a CODE reply issues a new
 * code (recorded, republished, texted). Each path runs once uncut, then cut after every effect
 * boundary the uncut run passed (store writes, the gate, the texts, the acknowledgement) and
 * restarted: one lock, the same url, one invite and one code text per issue, each text to the
 * patient's registered number only, and the code the text carries is the one the gate holds.
 */

const SCREENED = SCREENED_FOR_VIDEO;

interface Outcome {
  lock: JoinLockRecord | undefined;
  /** Each text the provider accepted, as `to` and the echo renderer's body (template|url|room|code). */
  texts: Array<{ to: string; body: string }>;
  outbox: Map<string, string>;
  /** Lock ids the gate ever saw, and the lock as it holds it now. */
  gateLockIds: Set<string>;
  gateCode: string | undefined;
  gateTarget: string | undefined;
  incomingState: string | undefined;
}

async function outcomeOf(world: World, messageId: string): Promise<Outcome> {
  const store = await openSqliteStore(world.storePath, { clock: world.clock });
  try {
    const lock = await store.getJoinLock(APPOINTMENT.id);
    const held = lock ? world.gate.locks.get(lock.lockId) : undefined;
    return {
      lock,
      texts: world.sender.sent.map((m) => ({ to: m.to, body: m.body })),
      outbox: new Map((await store.listOutbox()).map((e) => [e.template, e.status])),
      gateLockIds: new Set(world.gate.publishes.map((p) => p.lockId)),
      gateCode: held?.code,
      gateTarget: held?.target,
      incomingState: (await store.getIncoming(messageId))?.state,
    };
  } finally {
    await store.close();
  }
}

function textsOf(outcome: Outcome, template: string): string[] {
  return outcome.texts.filter((t) => t.body.startsWith(`${template}|`)).map((t) => t.body);
}

/** Every text went to the patient's registered number; none carries a code but JoinCode's. */
function expectOnlyToPatient(outcome: Outcome, where: string): void {
  expect(
    outcome.texts.every((t) => t.to === PHONE),
    where,
  ).to.equal(true);
}

/** The text of `template` is there once, or (cut between its intent and the provider) reported unknown and never sent. */
function expectOnce(outcome: Outcome, template: string, expected: string, log: string[], where: string): void {
  const sent = textsOf(outcome, template);
  if (outcome.outbox.get(template) === 'unknown' && sent.length === 0) {
    expect(log.at(-1), `${where}: only a cut right after the intent leaves ${template} unknown`).to.equal('store.beginSend');
    return;
  }
  expect(sent, where).to.deep.equal([expected]);
}

describe('crash-exact join codes: cut at every effect boundary', function () {
  this.timeout(120_000);

  describe('the invite behind a lock, then its code', () => {
    async function run(cutAfter?: number): Promise<{ outcome: Outcome; effects: number; log: string[]; logged: string }> {
      const world = new World(
        '2026-11-23T10:52:00+11:00',
        { id: 'SM-none', from: PHONE, body: 'unused', receivedAt: '2026-11-22T23:52:00Z' },
        { verifyJoin: true },
      );
      world.pms.add(APPOINTMENT);
      await world.seedProgress(SCREENED);
      try {
        const { first, second } = await cutThenRestart(
          world,
          cutAfter,
          async (host) => {
            await host.todayPass();
            await host.todayPass();
          },
          async (host) => {
            for (let pass = 0; pass < 3; pass++) await host.todayPass();
          },
        );
        const logged = JSON.stringify([first.logger.lines, second.logger.lines]);
        return { outcome: await outcomeOf(world, 'SM-none'), effects: first.cutter.effects, log: first.cutter.log, logged };
      } finally {
        world.remove();
      }
    }

    it('uncut: lock recorded, then published, then the invite with the gate url, then the code in a text of its own', async () => {
      const { outcome, log, logged } = await run();
      const lock = outcome.lock!;
      expect(lock).to.include({ codesIssued: 1, target: ROOM.patientLink });
      expect(lock.lockId).to.match(/^[A-Za-z0-9_-]{22}$/);
      expect(lock.secret).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(lock.code).to.match(/^\d{6}$/);
      expect(lock.codeExpiresAt - lock.codeIssuedAt).to.equal(15 * 60_000);
      // The room closes an hour after the 11:15 end.
      expect(lock.expiresAt).to.equal(Date.parse('2026-11-23T12:15:00+11:00'));
      expect(lock.url).to.equal(`https://gate.test/verify#${lock.lockId}.${lock.secret}`);
      expect(textsOf(outcome, 'VideoInvite')).to.deep.equal([`VideoInvite|${lock.url}|`]);
      expect(textsOf(outcome, 'JoinCode')).to.deep.equal([`JoinCode|||${lock.code}`]);
      expect(outcome.texts.map((t) => t.body).join(' '), 'the provider link is never texted').not.to.contain(ROOM.patientLink);
      expectOnlyToPatient(outcome, 'uncut');
      expect(outcome).to.deep.include({ gateCode: lock.code, gateTarget: ROOM.patientLink });
      expect(outcome.gateLockIds.size).to.equal(1);
      expect(logged, 'the code is never logged').not.to.contain(lock.code);
      const order = ['store.recordJoinLock', 'store.setJoinLockTarget', 'gate.publishJoinLock', 'store.markJoinLockPublished', 'store.beginSend', 'sms.send'];
      const positions = order.map((effect) => log.indexOf(effect));
      expect(
        positions.every((p) => p >= 0),
        log.join(', '),
      ).to.equal(true);
      expect([...positions].sort((a, b) => a - b)).to.deep.equal(positions);
      expect(log.indexOf('store.issueJoinCode'), 'the code step comes after the invite').to.be.greaterThan(log.indexOf('sms.send'));
    });

    it('cut after each effect and restarted: one lock, the same url, one invite and one code text', async () => {
      const reference = await run();
      expect(reference.effects, 'boundaries in the uncut run').to.be.greaterThan(10);
      for (let cut = 0; cut <= reference.effects; cut++) {
        const { outcome, log, logged } = await run(cut);
        const where = `cut after effect ${cut} (${log.at(-1) ?? 'before any'})`;
        const lock = outcome.lock;
        expect(lock, where).not.to.equal(undefined);
        expect(outcome.gateLockIds, `${where}: one lock at the gate`).to.deep.equal(new Set([lock!.lockId]));
        expect(lock!.codesIssued, where).to.equal(1);
        expect(lock!.url, where).to.equal(`https://gate.test/verify#${lock!.lockId}.${lock!.secret}`);
        expect(outcome.gateCode, `${where}: the gate holds the stored code`).to.equal(lock!.code);
        expectOnlyToPatient(outcome, where);
        expectOnce(outcome, 'VideoInvite', `VideoInvite|${lock!.url}|`, log, where);
        expectOnce(outcome, 'JoinCode', `JoinCode|||${lock!.code}`, log, where);
        expect(logged, `${where}: the code is never logged`).not.to.contain(lock!.code!);
      }
    });
  });

  describe('a CODE reply', () => {
    const FIRST = { lockId: 'lock-aaaaaaaaaaaaaaaaaaaa', secret: 'secret-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', code: '111111' };

    async function run(cutAfter?: number): Promise<{ outcome: Outcome; effects: number; log: string[]; url: string }> {
      const world = new World(
        '2026-11-23T10:54:00+11:00',
        { id: 'SM-code-1', from: PHONE, body: 'Code', receivedAt: '2026-11-22T23:54:00Z' },
        { verifyJoin: true },
      );
      world.pms.add(APPOINTMENT);
      await world.seedProgress({ ...SCREENED, videoInviteSentAt: 2, joinCodeSentAt: 3 });
      // As the invite left it: the lock recorded with its first code, published, its url texted.
      const now = world.clock.now();
      const { url } = await world.gate.publishJoinLock({
        ...FIRST,
        target: ROOM.patientLink,
        codeExpiresAt: new Date(now + 15 * 60_000).toISOString(),
        expiresAt: '2026-11-23T01:15:00.000Z',
      });
      const seed = await openSqliteStore(world.storePath, { clock: world.clock });
      await seed.recordJoinLock(
        {
          appointmentId: APPOINTMENT.id,
          ...FIRST,
          issueKey: `appt-v:join-code:${START}`,
          codeIssuedAt: now,
          codeExpiresAt: now + 15 * 60_000,
          expiresAt: Date.parse('2026-11-23T01:15:00.000Z'),
        },
        now,
      );
      await seed.setJoinLockTarget(APPOINTMENT.id, ROOM.patientLink);
      await seed.markJoinLockPublished(APPOINTMENT.id, url, now);
      await seed.close();
      try {
        const { first } = await cutThenRestart(world, cutAfter, (host) => host.pullReplies(), repliesThenPass);
        return { outcome: await outcomeOf(world, 'SM-code-1'), effects: first.cutter.effects, log: first.cutter.log, url };
      } finally {
        world.remove();
      }
    }

    it('uncut: a new code recorded, the lock republished with it (same lock, same url), then texted once', async () => {
      const { outcome, log, url } = await run();
      const lock = outcome.lock!;
      expect(lock).to.include({ lockId: FIRST.lockId, url, codesIssued: 2 });
      expect(lock.issueKeys).to.include('join-code:SM-code-1');
      expect(lock.code).to.match(/^\d{6}$/);
      expect(outcome.gateCode).to.equal(lock.code);
      expect(textsOf(outcome, 'JoinCode')).to.deep.equal([`JoinCode|||${lock.code}`]);
      expect(outcome.texts).to.have.length(1);
      expectOnlyToPatient(outcome, 'uncut');
      expect(outcome.incomingState).to.equal('handled');
      const order = ['store.saveReplyPlan', 'store.issueJoinCode', 'gate.publishJoinLock', 'store.markJoinLockPublished', 'store.beginSend', 'sms.send'];
      const positions = order.map((effect) => log.indexOf(effect));
      expect(
        positions.every((p) => p >= 0),
        log.join(', '),
      ).to.equal(true);
      expect([...positions].sort((a, b) => a - b)).to.deep.equal(positions);
    });

    it('cut after each effect and restarted: one new code, republished, texted at most once, the same url', async () => {
      const reference = await run();
      expect(reference.effects, 'boundaries in the uncut run').to.be.greaterThan(6);
      for (let cut = 0; cut <= reference.effects; cut++) {
        const { outcome, log, url } = await run(cut);
        const where = `cut after effect ${cut} (${log.at(-1) ?? 'before any'})`;
        const lock = outcome.lock!;
        expect(lock, where).to.include({ lockId: FIRST.lockId, url, codesIssued: 2 });
        expect(outcome.gateLockIds, where).to.deep.equal(new Set([FIRST.lockId]));
        expect(outcome.gateCode, `${where}: the gate holds the new code`).to.equal(lock.code);
        expect(outcome.incomingState, where).to.equal('handled');
        expectOnlyToPatient(outcome, where);
        expectOnce(outcome, 'JoinCode', `JoinCode|||${lock.code}`, log, where);
        expect(outcome.texts.length, where).to.be.at.most(1);
      }
    });
  });
});
