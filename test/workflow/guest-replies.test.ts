import { expect } from 'chai';
import { effectTypes, incomingState, only, PHONE, Scenario, sends, templates } from './fixtures.js';

const ROOM = { roomId: 'r-1', patientLink: 'https://video.test/p/r-1', practitionerLink: 'https://video.test/d/r-1' };

describe('workflow: GUEST replies (issue 15)', () => {
  /** A video consult at 11:00 whose invite went out at 10:50. */
  const invited = () =>
    Scenario.at('10:52').appointment('a1', { at: '11:00', isVideo: true }).withProgress('a1', { room: ROOM, videoRecordedInPms: true, videoInviteSentAt: 1 });

  it("after the invite → grant (recorded first), GuestLink with the grant's link, grant marked sent, message handled", () => {
    const s = invited();
    const decisions = s.incoming('Guest');
    expect(only(decisions)).to.include({ step: 'guest', appointmentId: 'a1' });
    expect(effectTypes(decisions)).to.deep.equal(['grantGuest', 'send', 'guestSent', 'setIncomingState']);
    const [grant] = decisions[0]!.effects;
    expect(grant).to.deep.include({ type: 'grantGuest', requestKey: 'SM1', displayName: 'Guest' });
    // Until the room closes: the end (11:15) plus closeRoomsAfterMinutes (60).
    expect(grant).to.have.property('expiresAt', new Date(s.find('a1').endMs! + 60 * 60_000).toISOString());
    expect(only(sends(decisions))).to.include({ template: 'GuestLink', key: 'guest:SM1', to: PHONE, guestRequestKey: 'SM1' });
    expect(incomingState(decisions)).to.include({ state: 'handled', appointmentId: 'a1' });
  });

  it('never touches the arrival: no markArrived, no progress saved', () => {
    const decisions = invited().incoming('guest');
    expect(effectTypes(decisions)).not.to.include.members(['markArrived']);
    expect(effectTypes(decisions)).not.to.include('saveProgress');
  });

  it('still works after the patient joined (the consult is under way)', () => {
    const s = invited().withProgress('a1', { arrivedAt: 2, arrivedBy: 'text' });
    expect(templates(s.incoming('GUEST'))).to.deep.equal(['GuestLink']);
  });

  it('before any invite → one GuestNoVideo, nothing created', () => {
    const s = Scenario.at('09:00').appointment('a1', { at: '11:00', isVideo: true });
    const decisions = s.incoming('guest');
    expect(effectTypes(decisions)).to.deep.equal(['send', 'setIncomingState']);
    expect(only(sends(decisions))).to.include({ template: 'GuestNoVideo', key: 'guest:SM1' });
    expect(incomingState(decisions)?.state).to.equal('handled');
  });

  it('an in-person visit, or a closed room → GuestNoVideo', () => {
    expect(templates(Scenario.at('10:52').appointment('a1', { at: '11:00' }).incoming('guest'))).to.deep.equal(['GuestNoVideo']);
    expect(templates(invited().withProgress('a1', { roomClosedAt: 3 }).incoming('guest'))).to.deep.equal(['GuestNoVideo']);
    expect(templates(invited().update('a1', { status: 'cancelled' }).incoming('guest'))).to.deep.equal(['GuestNoVideo']);
  });

  it('at video.maxGuests live guests → GuestLimit, no grant', () => {
    const s = invited();
    s.guestGrants.set('a1', 2);
    const decisions = s.incoming('guest');
    expect(effectTypes(decisions)).to.deep.equal(['send', 'setIncomingState']);
    expect(templates(decisions)).to.deep.equal(['GuestLimit']);
  });

  it('guests off (maxGuests 0) or a provider without guest links → GuestUnavailable, no grant', () => {
    const off = invited();
    off.guests = { max: 0, linksAvailable: true };
    expect(effectTypes(off.incoming('guest'))).to.deep.equal(['send', 'setIncomingState']);
    expect(templates(off.incoming('guest'))).to.deep.equal(['GuestUnavailable']);
    const noLinks = invited();
    noLinks.guests = { max: 2, linksAvailable: false };
    expect(templates(noLinks.incoming('guest'))).to.deep.equal(['GuestUnavailable']);
  });

  it('a GuestLink that policy stops (daily cap) creates nothing', () => {
    const s = invited();
    s.sentToday.set(PHONE, 20);
    const decisions = s.incoming('guest');
    expect(effectTypes(decisions)).to.deep.equal(['suppressed', 'setIncomingState']);
  });

  it('a configured guest word works like GUEST', () => {
    const s = invited();
    s.workflow.keywords.guest = ['visitor'];
    expect(templates(s.incoming('Visitor'))).to.deep.equal(['GuestLink']);
  });

  it('two invited video consults on one phone → TooManyAppointments', () => {
    const s = invited()
      .appointment('a2', { at: '11:00', isVideo: true })
      .withProgress('a2', { room: { ...ROOM, roomId: 'r-2' }, videoInviteSentAt: 1 });
    expect(templates(s.incoming('guest'))).to.deep.equal(['TooManyAppointments']);
  });
});
