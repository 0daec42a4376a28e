import { expect } from 'chai';
import { workflowStateOf } from '../../core/engine/workflow-state.js';
import { Scenario } from './fixtures.js';

describe('engine workflowStateOf', () => {
  const s = Scenario.at('10:00')
    .appointment('no-mobile', { at: '11:00', phone: null })
    .appointment('cancelled', { at: '11:00', status: 'cancelled' })
    .appointment('upcoming', { at: '11:00', day: 1 })
    .appointment('registered', { at: '11:00', day: 1 })
    .withProgress('registered', { registrationSentAt: 1 })
    .appointment('awaiting-screening', { at: '15:00' })
    .appointment('awaiting-reply', { at: '11:00' })
    .withProgress('awaiting-reply', { screening: 'asked' })
    .appointment('in-person', { at: '11:00' })
    .withProgress('in-person', { screening: 'in-person' })
    .appointment('video-pending', { at: '11:00' })
    .withProgress('video-pending', { screening: 'video' })
    .appointment('invited', { at: '11:00', isVideo: true })
    .withProgress('invited', { videoInviteSentAt: 1 })
    .appointment('arrived-text', { at: '11:00' })
    .withProgress('arrived-text', { arrivedAt: 1 })
    .appointment('arrived-staff', { at: '11:00', status: 'arrived' })
    .appointment('doctor-ready', { at: '10:00', minutes: 30, status: 'fulfilled' })
    .withProgress('doctor-ready', { arrivedAt: 1 })
    .appointment('done', { at: '09:00', status: 'fulfilled' })
    .withProgress('done', { arrivedAt: 1 })
    .appointment('ignored', { at: '11:00', practitionerId: 'dr-x' })
    .practitioner('dr-x', { ignore: true });

  it('names every state the status page shows', () => {
    const settings = s.settings();
    const states = Object.fromEntries(
      s.appointments.map((a) => [a.id, workflowStateOf(a, s.progress.get(a.id), settings, s.now, s.practitioners.get(a.practitioner.id))]),
    );
    expect(states).to.deep.equal({
      'no-mobile': 'no-mobile',
      cancelled: 'cancelled',
      upcoming: 'upcoming',
      registered: 'registered',
      'awaiting-screening': 'awaiting-screening',
      'awaiting-reply': 'awaiting-screening-reply',
      'in-person': 'in-person',
      'video-pending': 'video-pending-invite',
      invited: 'invited',
      'arrived-text': 'arrived',
      'arrived-staff': 'arrived',
      'doctor-ready': 'doctor-ready',
      done: 'done',
      ignored: 'ignored',
    });
  });
});
