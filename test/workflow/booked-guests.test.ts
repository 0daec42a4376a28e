import { expect } from 'chai';
import type { BookedGuestFact } from '../../core/engine/decisions.js';
import { DEFAULT_KEYWORDS, normaliseReply, OPT_OUT_WORDS } from '../../core/engine/keywords.js';
import { effectTypes, incomingState, only, PHONE, Scenario, sends, templates } from './fixtures.js';

const ROOM = { roomId: 'r-1', patientLink: 'https://video.test/p/r-1', practitionerLink: 'https://video.test/d/r-1' };
const INTERPRETER = '+61499000111';

function booked(change: Partial<BookedGuestFact> = {}): BookedGuestFact {
  return {
    grantId: 'g-1',
    requestKey: 'reception:r1',
    state: 'booked',
    kind: 'interpreter',
    displayName: 'Minh (Vietnamese)',
    phone: INTERPRETER,
    patientTold: false,
    ...change,
  };
}

describe('workflow: guests booked by reception (issue 15)', () => {
  /** A video consult at 11:00 (screened video), room made, invite not out yet; an interpreter booked. */
  const beforeInvite = () => {
    const s = Scenario.at('10:40').appointment('a1', { at: '11:00', isVideo: true }).withProgress('a1', {
      room: ROOM,
      videoRecordedInPms: true,
      screening: 'video',
      screeningSentAt: 1,
    });
    s.bookedGuests.set('a1', [booked()]);
    return s;
  };

  it('nothing for the guest before the invite', () => {
    expect(effectTypes(beforeInvite().scheduled())).to.deep.equal([]);
  });

  it("at the invite: the invite first, then the guest's grant and link, GuestBooked to the guest, GuestAdded to the patient, in the invite's decision", () => {
    const s = beforeInvite().setTime('10:50');
    const decision = only(s.scheduled());
    expect(decision.step).to.equal('video-invite');
    expect(decision.effects.map((e) => e.type)).to.deep.equal([
      'ensureVideoRoom',
      'send',
      'saveProgress',
      'linkBookedGuest',
      'send',
      'guestSent',
      'send',
      'bookedGuestTold',
    ]);
    const [invite, toGuest, toPatient] = sends([decision]);
    expect(invite).to.include({ template: 'VideoInvite', to: PHONE });
    expect(toGuest).to.deep.include({ template: 'GuestBooked', key: 'booked-guest:g-1', to: INTERPRETER, guestRequestKey: 'reception:r1' });
    expect(toGuest!.vars).to.deep.equal({ guestName: 'Minh (Vietnamese)' });
    // The guest's text carries no appointment: no patient details can reach it.
    expect(toGuest).not.to.have.property('appointment');
    expect(toPatient).to.deep.include({ template: 'GuestAdded', key: 'guest-added:g-1', to: PHONE });
    expect(toPatient!.vars).to.deep.equal({ guestName: 'Minh (Vietnamese)', guestKind: 'interpreter' });
    // Until the room closes: the end (11:15) plus closeRoomsAfterMinutes (60).
    expect(decision.effects[3]).to.deep.include({ grantId: 'g-1', expiresAt: new Date(s.find('a1').endMs! + 60 * 60_000).toISOString() });
  });

  it('booked after the invite is out: a decision of its own, straight away', () => {
    const s = beforeInvite().setTime('10:53').withProgress('a1', { videoInviteSentAt: 2 });
    const decision = only(s.scheduled());
    expect(decision).to.include({ step: 'booked-guest', appointmentId: 'a1' });
    expect(templates([decision])).to.deep.equal(['GuestBooked', 'GuestAdded']);
  });

  it('a grant sent whose patient was not told yet → GuestAdded only; told → nothing', () => {
    const s = beforeInvite().setTime('10:53').withProgress('a1', { videoInviteSentAt: 2 });
    s.bookedGuests.set('a1', [booked({ state: 'sent' })]);
    expect(effectTypes(s.scheduled())).to.deep.equal(['send', 'bookedGuestTold']);
    s.bookedGuests.set('a1', [booked({ state: 'sent', patientTold: true })]);
    expect(s.scheduled()).to.deep.equal([]);
  });

  it('a grant cut after its link (linked) is finished with the same keys', () => {
    const s = beforeInvite().setTime('10:53').withProgress('a1', { videoInviteSentAt: 2 });
    s.bookedGuests.set('a1', [booked({ state: 'linked' })]);
    expect(sends(s.scheduled()).map((e) => e.key)).to.deep.equal(['booked-guest:g-1', 'guest-added:g-1']);
  });

  it("the guest's text stopped by policy (guest opted out, whitelist) makes nothing; the patient's stopped is tried again next pass", () => {
    const s = beforeInvite().setTime('10:53').withProgress('a1', { videoInviteSentAt: 2 });
    s.optedOut.add(INTERPRETER);
    expect(effectTypes(s.scheduled())).to.deep.equal(['suppressed']);
    s.optedOut.delete(INTERPRETER);
    s.whitelist.add(PHONE);
    expect(effectTypes(s.scheduled())).to.deep.equal(['suppressed']);
    s.whitelist.clear();
    s.sentToday.set(PHONE, 20);
    expect(effectTypes(s.scheduled())).to.deep.equal(['linkBookedGuest', 'send', 'guestSent', 'suppressed']);
  });

  it('the guest number counts against the daily cap like any number', () => {
    const s = beforeInvite().setTime('10:53').withProgress('a1', { videoInviteSentAt: 2 });
    s.sentToday.set(INTERPRETER, 19);
    expect(only(sends(s.scheduled()).filter((e) => e.to === INTERPRETER))).to.include({ lastToday: true });
  });

  it('no links: guest links unavailable, room closed, cancelled consult', () => {
    const invited = () => beforeInvite().setTime('10:53').withProgress('a1', { videoInviteSentAt: 2 });
    const noLinks = invited();
    noLinks.guests = { max: 2, linksAvailable: false };
    expect(noLinks.scheduled()).to.deep.equal([]);
    expect(effectTypes(invited().withProgress('a1', { roomClosedAt: 3 }).scheduled())).not.to.include('linkBookedGuest');
    expect(effectTypes(invited().update('a1', { status: 'cancelled' }).scheduled())).not.to.include('linkBookedGuest');
  });

  it('still goes out once the patient has arrived (the consult is under way)', () => {
    const s = beforeInvite().setTime('10:58').withProgress('a1', { videoInviteSentAt: 2, arrivedAt: 3, arrivedBy: 'text' }).update('a1', { status: 'arrived' });
    expect(templates(s.scheduled())).to.deep.equal(['GuestBooked', 'GuestAdded']);
  });

  describe('NO GUEST from the patient', () => {
    const invited = () => beforeInvite().setTime('10:53').withProgress('a1', { videoInviteSentAt: 2 });

    it('"NO GUEST", "No guest!" and "noguest" revoke the booked guests (by the patient) and answer GuestRefused naming them', () => {
      for (const body of ['NO GUEST', 'No guest!', 'noguest']) {
        const s = invited();
        s.bookedGuests.set('a1', [booked(), booked({ grantId: 'g-2', kind: 'clinician', displayName: 'Dr Patel', state: 'sent', patientTold: true })]);
        const decisions = s.incoming(body);
        expect(only(decisions)).to.include({ step: 'refuse-guest', appointmentId: 'a1' });
        expect(effectTypes(decisions)).to.deep.equal(['revokeGuests', 'send', 'setIncomingState']);
        expect(decisions[0]!.effects[0]).to.deep.equal({ type: 'revokeGuests', appointmentId: 'a1', grantIds: ['g-1', 'g-2'], by: 'patient' });
        const answer = only(sends(decisions));
        expect(answer).to.include({ template: 'GuestRefused', to: PHONE });
        expect(answer.vars).to.deep.equal({ guestNames: 'Minh (Vietnamese) (interpreter) and Dr Patel (clinician)' });
        expect(incomingState(decisions)).to.include({ state: 'handled' });
      }
    });

    it('with no booked guest → GuestNoneToRefuse, nothing changed', () => {
      const s = invited();
      s.bookedGuests.clear();
      const decisions = s.incoming('NO GUEST');
      expect(effectTypes(decisions)).to.deep.equal(['send', 'setIncomingState']);
      expect(templates(decisions)).to.deep.equal(['GuestNoneToRefuse']);
    });

    it('the refusal stands even when the answer cannot be sent (daily cap)', () => {
      const s = invited();
      s.sentToday.set(PHONE, 20);
      expect(effectTypes(s.incoming('no guest'))).to.deep.equal(['revokeGuests', 'suppressed', 'setIncomingState']);
    });

    it("guests booked on two of the phone's consults → TooManyAppointments, nothing revoked", () => {
      const s = invited().appointment('a2', { at: '11:30', isVideo: true });
      s.bookedGuests.set('a2', [booked({ grantId: 'g-9' })]);
      const decisions = s.incoming('no guest');
      expect(effectTypes(decisions)).not.to.include('revokeGuests');
      expect(templates(decisions)).to.deep.equal(['TooManyAppointments']);
    });

    it('NO alone is still the screening answer, never a refusal; NOGUEST is no opt-out word', () => {
      const s = Scenario.at('08:30').appointment('a1', { at: '11:00' }).withProgress('a1', { screening: 'asked', screeningSentAt: 1 });
      s.bookedGuests.set('a1', [booked()]);
      expect(templates(s.incoming('NO'))).to.deep.equal(['ScreeningNoToVideo']);
      expect(DEFAULT_KEYWORDS.refuseGuest.map(normaliseReply)).to.deep.equal(['noguest', 'noguests']);
      for (const word of DEFAULT_KEYWORDS.refuseGuest) {
        expect(OPT_OUT_WORDS.has(word)).to.equal(false);
        expect(DEFAULT_KEYWORDS.no).not.to.include(word);
      }
    });
  });
});
