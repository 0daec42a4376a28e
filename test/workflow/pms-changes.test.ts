import { expect } from 'chai';
import type { VideoRoom } from '@clinic-arrivals/plugin-kit';
import { effectTypes, only, savedPatch, Scenario, sends, templates } from './fixtures.js';

const room: VideoRoom = { roomId: 'r-1', patientLink: 'https://v.example/p', practitionerLink: 'https://v.example/d' };

describe('workflow: cancellation (step 11)', () => {
  it('off by default: no text, but an open room is closed', () => {
    const s = Scenario.at('10:00')
      .appointment('v1', { at: '11:00', status: 'cancelled' })
      .withProgress('v1', { screening: 'video', screeningSentAt: 1, room, lastStatus: 'booked' });
    const decisions = s.scheduled();
    expect(only(decisions).step).to.equal('room-cleanup');
    expect(effectTypes(decisions)).to.deep.equal(['closeVideoRoom', 'saveProgress']);
    expect(savedPatch(decisions, 'v1')).to.include({ roomClosedAt: s.now, lastStatus: 'cancelled' });
    s.apply(decisions);
    expect(s.scheduled()).to.deep.equal([]);
  });

  it('on: Cancellation once to a patient we texted, closing the room first', () => {
    const s = Scenario.at('10:00').appointment('v1', { at: '11:00', status: 'cancelled' }).withProgress('v1', { screening: 'video', screeningSentAt: 1, room });
    s.workflow.cancellationMessages = true;
    const decisions = s.scheduled();
    expect(effectTypes(decisions)).to.deep.equal(['closeVideoRoom', 'send', 'saveProgress']);
    expect(only(sends(decisions))).to.include({ template: 'Cancellation', key: `v1:cancellation:${s.find('v1').start}` });
    expect(savedPatch(decisions, 'v1')).to.include({ cancellationSentAt: s.now, roomClosedAt: s.now });
    s.apply(decisions);
    expect(s.scheduled()).to.deep.equal([]);
  });

  it('on: registered appointments on a coming day get it too; never-texted ones do not', () => {
    const s = Scenario.at('10:00')
      .appointment('registered', { at: '09:00', day: 1, status: 'cancelled' })
      .withProgress('registered', { registrationSentAt: 1 })
      .appointment('never-texted', { at: '09:00', day: 1, status: 'cancelled' });
    s.workflow.cancellationMessages = true;
    expect(sends(s.scheduled()).map((e) => e.appointment?.id)).to.deep.equal(['registered']);
  });

  it('on: waits for the sending window, but the room is closed at once', () => {
    const s = Scenario.at('21:00').appointment('v1', { at: '09:00', day: 1, status: 'cancelled' }).withProgress('v1', { registrationSentAt: 1, room });
    s.workflow.cancellationMessages = true;
    expect(only(s.scheduled()).step).to.equal('room-cleanup');
  });

  it('on: a suppressed Cancellation still closes the room', () => {
    const s = Scenario.at('10:00').appointment('v1', { at: '11:00', status: 'cancelled' }).withProgress('v1', { screening: 'video', screeningSentAt: 1, room });
    s.workflow.cancellationMessages = true;
    s.optedOut.add(s.find('v1').mobileE164!);
    expect(s.scheduled().map((d) => [d.step, d.effects.map((e) => e.type)])).to.deep.equal([
      ['cancellation', ['suppressed']],
      ['room-cleanup', ['closeVideoRoom', 'saveProgress']],
    ]);
  });
});

describe('workflow: the PMS changed the appointment (step 13)', () => {
  it('a moved appointment (same day) is screened again for the new time, with a new key', () => {
    const s = Scenario.at('09:00').appointment('a1', { at: '11:00' });
    s.apply(s.scheduled());
    expect(s.progress.get('a1')).to.include({ screening: 'asked' });
    s.update('a1', { at: '11:30' });
    const decisions = s.scheduled();
    const send = only(sends(decisions));
    expect(send.template).to.equal('ConsiderTeleHealth');
    expect(send.key).to.equal(`a1:screening:${s.find('a1').start}`);
    expect(savedPatch(decisions, 'a1')).to.include({ plannedStart: s.find('a1').start, screening: 'asked' });
  });

  it('moved to another day: registration runs again; progress that no step uses is reset in a status-sync', () => {
    const s = Scenario.at('10:00').appointment('a1', { at: '09:00', day: 1 });
    s.apply(s.scheduled());
    s.update('a1', { at: '09:00', day: 2 });
    const decisions = s.scheduled();
    expect(only(sends(decisions))).to.include({ template: 'Registration', key: `a1:registration:${s.find('a1').start}` });

    // Moved during quiet hours: nothing to send, but the reset is saved.
    const quiet = Scenario.at('21:00').appointment('a1', { at: '09:00', day: 1 }).withProgress('a1', { registrationSentAt: 1 });
    quiet.update('a1', { at: '09:00', day: 2 });
    const sync = only(quiet.scheduled());
    expect(sync.step).to.equal('status-sync');
    const patch = savedPatch([sync], 'a1')!;
    expect(patch).to.have.property('registrationSentAt', undefined);
    expect(patch.plannedStart).to.equal(quiet.find('a1').start);
  });

  it('an arrived patient is not reset by a moved start', () => {
    const s = Scenario.at('10:00').appointment('a1', { at: '10:30' }).withProgress('a1', { screening: 'in-person', arrivedAt: 1 });
    s.update('a1', { at: '10:45' });
    const patch = savedPatch(s.scheduled(), 'a1')!;
    expect(patch).to.not.have.property('screening');
    expect(patch.plannedStart).to.equal(s.find('a1').start);
  });

  it('lastStatus follows the PMS: status-sync only when it changed', () => {
    const s = Scenario.at('10:00').appointment('a1', { at: '16:00', status: 'pending' }).withProgress('a1', { lastStatus: 'booked' });
    const decisions = s.scheduled();
    expect(decisions).to.deep.equal([
      { step: 'status-sync', appointmentId: 'a1', effects: [{ type: 'saveProgress', appointmentId: 'a1', patch: { lastStatus: 'pending' } }] },
    ]);
    s.apply(decisions);
    expect(s.scheduled()).to.deep.equal([]);
  });

  it('appointments without progress and nothing due cause no writes', () => {
    const s = Scenario.at('10:00').appointment('a1', { at: '16:00' }).appointment('a2', { at: '09:00', day: 5 });
    expect(s.scheduled()).to.deep.equal([]);
  });

  it('keys are deterministic: the same state decides the same effects twice', () => {
    const s = Scenario.at('09:00').appointment('a1', { at: '11:00' }).appointment('t1', { at: '09:00', day: 1 });
    expect(s.scheduled()).to.deep.equal(s.scheduled());
    expect(templates(s.scheduled())).to.deep.equal(['ConsiderTeleHealth', 'Registration']);
  });
});
