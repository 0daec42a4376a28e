import { expect } from 'chai';
import { effectTypes, incomingState, only, PHONE, Scenario, savedPatch, sends, templates } from './fixtures.js';

const ROOM = { roomId: 'r-1', patientLink: 'https://video.test/p/r-1', practitionerLink: 'https://video.test/d/r-1' };
const ON = { minutes: 15, maxCodes: 5 };

describe('workflow: join codes (video.verifyJoin, issue 15)', () => {
  /** A video consult at 11:00 with its room, verifyJoin on. */
  const consult = (time = '10:50') => {
    const s = Scenario.at(time)
      .appointment('a1', { at: '11:00', isVideo: true })
      .withProgress('a1', { screening: 'video', room: ROOM, videoRecordedInPms: true });
    s.joinCode = ON;
    return s;
  };
  /** …whose invite went out behind a lock with its first code. */
  const invited = () => {
    const s = consult('10:52').withProgress('a1', { videoInviteSentAt: 1 });
    s.joinLocks.set('a1', { codesIssued: 1, withdrawn: false });
    return s;
  };

  describe('the invite and the first code', () => {
    it('puts the invite link behind the lock: until the room closes, the first code keyed like the JoinCode text', () => {
      const s = consult();
      const invite = only(sends(s.scheduled()));
      expect(invite).to.include({ template: 'VideoInvite', withVideoUrl: true });
      const appointment = s.find('a1');
      expect(invite.joinLock).to.deep.equal({
        expiresAt: new Date(appointment.endMs! + 60 * 60_000).toISOString(),
        codeMinutes: 15,
        issueKey: `a1:join-code:${appointment.start}`,
      });
    });

    it('never sets a lock to last more than a day, and ends it with the room when the room expires sooner', () => {
      const long = consult().withProgress('a1', {});
      long.update('a1', { at: '10:55' });
      long.find('a1').endMs = long.now + 3 * 24 * 60 * 60_000;
      expect(only(sends(long.scheduled())).joinLock!.expiresAt).to.equal(new Date(long.now + 24 * 60 * 60_000).toISOString());
      const expiring = consult().withProgress('a1', { room: { ...ROOM, expiresAt: '2026-11-23T00:30:00.000Z' } });
      expect(only(sends(expiring.scheduled())).joinLock!.expiresAt).to.equal('2026-11-23T00:30:00.000Z');
    });

    it('with verifyJoin off, the invite carries the provider link as before', () => {
      const s = consult();
      s.joinCode = undefined;
      expect(only(sends(s.scheduled()))).not.to.have.property('joinLock');
    });

    it('then, as a step of its own, the code: issued under the text key (nothing new for the first), texted to the registered number', () => {
      const s = invited();
      const decisions = s.scheduled();
      expect(only(decisions)).to.include({ step: 'join-code', appointmentId: 'a1' });
      const key = `a1:join-code:${s.find('a1').start}`;
      expect(effectTypes(decisions)).to.deep.equal(['issueJoinCode', 'send', 'saveProgress']);
      expect(decisions[0]!.effects[0]).to.deep.include({ type: 'issueJoinCode', issueKey: key, codeMinutes: 15, maxCodes: 5 });
      const send = only(sends(decisions));
      expect(send).to.deep.include({ template: 'JoinCode', key, to: PHONE, joinCodeOf: 'a1', vars: { minutes: '15' } });
      expect(JSON.stringify(decisions), 'the engine never holds a code').not.to.match(/"code"/);
      expect(savedPatch(decisions, 'a1')).to.have.property('joinCodeSentAt', s.now);
    });

    it('once: a consult whose code went out gets nothing more', () => {
      const s = invited().withProgress('a1', { joinCodeSentAt: 2 });
      expect(templates(s.scheduled())).to.deep.equal([]);
    });

    it('no code without a lock (verifyJoin turned on after the invite), nor once the room closed', () => {
      const noLock = consult('10:52').withProgress('a1', { videoInviteSentAt: 1 });
      expect(templates(noLock.scheduled())).to.deep.equal([]);
      const closed = invited().withProgress('a1', { roomClosedAt: 3 });
      expect(templates(closed.scheduled())).not.to.include('JoinCode');
    });

    it('the doctor-ready link goes behind the same lock, as a rejoin link', () => {
      const s = invited().withProgress('a1', { joinCodeSentAt: 2, arrivedAt: 3, arrivedBy: 'text' }).update('a1', { status: 'fulfilled' });
      const ready = only(sends(s.scheduled()));
      expect(ready).to.include({ template: 'DoctorReadyVideo', withVideoUrl: true, rejoinVideoUrl: true });
      expect(ready.joinLock).to.include({ codeMinutes: 15 });
    });

    it('a moved consult gets its invite and a fresh code (new keys) again', () => {
      const s = invited().withProgress('a1', { joinCodeSentAt: 2 });
      s.update('a1', { at: '11:01' });
      const invite = s.scheduled();
      expect(templates(invite)).to.deep.equal(['VideoInvite']);
      s.apply(invite);
      const code = s.scheduled();
      expect(only(sends(code))).to.include({ template: 'JoinCode', key: `a1:join-code:${s.find('a1').start}` });
    });
  });

  describe('CODE replies', () => {
    it('after the invite → a new code (recorded first, then republished), texted to the registered number, keyed by the message', () => {
      const s = invited();
      const decisions = s.incoming('Code');
      expect(only(decisions)).to.include({ step: 'join-code', appointmentId: 'a1' });
      expect(effectTypes(decisions)).to.deep.equal(['issueJoinCode', 'send', 'setIncomingState']);
      expect(decisions[0]!.effects[0]).to.deep.include({ type: 'issueJoinCode', issueKey: 'join-code:SM1', maxCodes: 5 });
      expect(only(sends(decisions))).to.deep.include({ template: 'JoinCode', key: 'join-code:SM1', to: PHONE, joinCodeOf: 'a1' });
      expect(incomingState(decisions)).to.include({ state: 'handled', appointmentId: 'a1' });
    });

    it('never touches the arrival or the progress', () => {
      expect(effectTypes(invited().incoming('code'))).not.to.include.members(['markArrived', 'saveProgress']);
    });

    it('at the limit (5 codes) → JoinCodeLimit, no new code', () => {
      const s = invited();
      s.joinLocks.set('a1', { codesIssued: 5, withdrawn: false });
      const decisions = s.incoming('code');
      expect(effectTypes(decisions)).to.deep.equal(['send', 'setIncomingState']);
      expect(only(sends(decisions))).to.include({ template: 'JoinCodeLimit', key: 'join-code:SM1' });
    });

    it('with no invite out, no lock, verifyJoin off or the room closed → JoinCodeNone, nothing created', () => {
      const before = consult('09:00');
      before.joinLocks.set('a1', { codesIssued: 1, withdrawn: false });
      const noLock = consult('10:52').withProgress('a1', { videoInviteSentAt: 1 });
      const off = invited();
      off.joinCode = undefined;
      const closed = invited().withProgress('a1', { roomClosedAt: 3 });
      const inPerson = Scenario.at('10:52').appointment('a1', { at: '11:00' });
      for (const s of [before, noLock, off, closed, inPerson]) {
        const decisions = s.incoming('CODE');
        expect(effectTypes(decisions)).to.deep.equal(['send', 'setIncomingState']);
        expect(templates(decisions)).to.deep.equal(['JoinCodeNone']);
      }
    });

    it('a number with no appointment still gets UnknownPhone', () => {
      expect(templates(invited().incoming('code', '+61411999999'))).to.deep.equal(['UnknownPhone']);
    });

    it('stopped by policy (daily cap) → no code is made', () => {
      const s = invited();
      s.sentToday.set(PHONE, 20);
      expect(effectTypes(s.incoming('code'))).to.deep.equal(['suppressed', 'setIncomingState']);
    });

    it('the keyword takes config extras and is never a carrier word', () => {
      const s = invited();
      s.workflow = { ...s.workflow, keywords: { ...s.workflow.keywords, code: ['pin', 'stop'] } };
      s.joinCode = ON;
      expect(templates(s.incoming('PIN'))).to.deep.equal(['JoinCode']);
      expect(effectTypes(s.incoming('stop'))).to.deep.equal(['setOptOut', 'setIncomingState']);
    });
  });

  describe('room close', () => {
    it('closing the room withdraws its lock too', () => {
      const s = invited().withProgress('a1', { joinCodeSentAt: 2 }).setTime('12:16');
      const decisions = s.scheduled();
      expect(only(decisions)).to.include({ step: 'room-cleanup' });
      expect(effectTypes(decisions)).to.deep.equal(['closeVideoRoom', 'withdrawJoinLock', 'saveProgress']);
    });

    it('a lock left on the gate after its room closed is withdrawn on a later pass; a withdrawn one is left alone', () => {
      const s = invited().withProgress('a1', { joinCodeSentAt: 2, roomClosedAt: 3 }).setTime('12:20');
      expect(effectTypes(s.scheduled())).to.deep.equal(['withdrawJoinLock', 'saveProgress']);
      s.joinLocks.set('a1', { codesIssued: 1, withdrawn: true });
      expect(effectTypes(s.scheduled())).not.to.include('withdrawJoinLock');
    });

    it('a cancelled consult closes its room and withdraws its lock', () => {
      const s = invited().update('a1', { status: 'cancelled' });
      expect(effectTypes(s.scheduled())).to.deep.equal(['closeVideoRoom', 'withdrawJoinLock', 'saveProgress']);
    });
  });
});
