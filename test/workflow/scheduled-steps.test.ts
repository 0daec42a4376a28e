import { DateTime } from 'luxon';
import { expect } from 'chai';
import { effectTypes, only, savedPatch, Scenario, sends, templates, PHONE, TZ } from './fixtures.js';

describe('workflow: registration (step 1)', () => {
  it('sends Registration once for an appointment 1..registrationDaysAhead days ahead', () => {
    const s = Scenario.at('10:00')
      .appointment('tomorrow', { at: '09:00', day: 1 })
      .appointment('in-two-days', { at: '09:00', day: 2 })
      .appointment('in-three-days', { at: '09:00', day: 3 });
    const decisions = s.scheduled();
    expect(sends(decisions).map((e) => [e.template, e.appointment?.id])).to.deep.equal([
      ['Registration', 'tomorrow'],
      ['Registration', 'in-two-days'],
    ]);
    const send = sends(decisions)[0]!;
    expect(send.key).to.equal(`tomorrow:registration:${s.find('tomorrow').start}`);
    expect(send.to).to.equal(PHONE);
    expect(savedPatch(decisions, 'tomorrow')).to.include({ registrationSentAt: s.now, plannedStart: s.find('tomorrow').start, lastStatus: 'booked' });
    expect(effectTypes(decisions.filter((d) => d.appointmentId === 'tomorrow'))).to.deep.equal(['send', 'saveProgress']);

    s.apply(decisions);
    expect(s.scheduled()).to.deep.equal([]);
  });

  it('never sends Registration for today, or for appointments that are not booked', () => {
    const s = Scenario.at('07:00')
      .setTime('10:00')
      .appointment('today-later', { at: '16:00' })
      .appointment('pending', { at: '09:00', day: 1, status: 'pending' })
      .appointment('proposed', { at: '09:00', day: 1, status: 'proposed' });
    expect(templates(s.scheduled())).to.not.include('Registration');
  });

  it('honours registrationDaysAhead from config', () => {
    const s = Scenario.at('10:00').appointment('in-two-days', { at: '09:00', day: 2 });
    s.workflow.registrationDaysAhead = 1;
    expect(s.scheduled()).to.deep.equal([]);
  });

  it('skips appointments without a mobile, of ignored practitioners, or with an unusable start', () => {
    const s = Scenario.at('10:00')
      .appointment('no-mobile', { at: '09:00', day: 1, phone: null })
      .appointment('ignored', { at: '09:00', day: 1, practitionerId: 'dr-ignored' })
      .appointment('broken', { at: '09:00', day: 1 })
      .appointment('fine', { at: '10:00', day: 1 })
      .practitioner('dr-ignored', { ignore: true });
    s.find('broken').startMs = Number.NaN;
    expect(sends(s.scheduled()).map((e) => e.appointment?.id)).to.deep.equal(['fine']);
  });

  it('a record that makes a step throw is skipped and the pass goes on', () => {
    const s = Scenario.at('10:00').appointment('poisoned', { at: '09:00', day: 1 }).appointment('fine', { at: '10:00', day: 1 });
    Object.defineProperty(s.find('poisoned'), 'status', {
      get() {
        throw new Error('bad record');
      },
    });
    expect(sends(s.scheduled()).map((e) => e.appointment?.id)).to.deep.equal(['fine']);
  });
});

describe('workflow: screening (step 2)', () => {
  it('asks ConsiderTeleHealth within screeningMinutes of the start, once', () => {
    const s = Scenario.at('08:59').appointment('a1', { at: '12:00' });
    expect(s.scheduled()).to.deep.equal([]);
    s.setTime('09:00');
    const decisions = s.scheduled();
    const send = only(sends(decisions));
    expect(send).to.include({ template: 'ConsiderTeleHealth', key: `a1:screening:${s.find('a1').start}` });
    expect(savedPatch(decisions, 'a1')).to.include({ screening: 'asked', screeningSentAt: s.now });
    s.apply(decisions).setTime('09:05');
    expect(s.scheduled()).to.deep.equal([]);
  });

  it('does not screen an appointment that is already over', () => {
    const s = Scenario.at('10:30').appointment('late', { at: '10:00', minutes: 15 });
    const decisions = s.scheduled();
    expect(sends(decisions)).to.deep.equal([]);
    // Only its status, once: the patient may still be called in (the wait estimate's input).
    expect(decisions.map((d) => d.step)).to.deep.equal(['status-sync']);
    expect(s.apply(decisions).scheduled()).to.deep.equal([]);
  });

  it('a PMS video consult gets no question: room, PMS record, VideoWelcome, screening=video', () => {
    const s = Scenario.at('09:00').appointment('v1', { at: '11:00', isVideo: true });
    const decisions = s.scheduled();
    expect(effectTypes(decisions)).to.deep.equal(['ensureVideoRoom', 'recordVideoInPms', 'send', 'saveProgress']);
    expect(templates(decisions)).to.deep.equal(['VideoWelcome']);
    expect(savedPatch(decisions, 'v1')).to.include({ screening: 'video' });
  });

  it('a PMS video consult already recorded in the PMS is not recorded again', () => {
    const s = Scenario.at('09:00').appointment('v1', { at: '11:00', isVideo: true }).withProgress('v1', { videoRecordedInPms: true });
    expect(effectTypes(s.scheduled())).to.deep.equal(['ensureVideoRoom', 'send', 'saveProgress']);
  });

  it('with video off, a PMS video consult still gets VideoWelcome but no room', () => {
    const s = Scenario.at('09:00').appointment('v1', { at: '11:00', isVideo: true });
    s.videoEnabled = false;
    const decisions = s.scheduled();
    expect(effectTypes(decisions)).to.deep.equal(['send', 'saveProgress']);
    expect(templates(decisions)).to.deep.equal(['VideoWelcome']);
    expect(savedPatch(decisions, 'v1')).to.include({ screening: 'video' });
  });

  it('CantConsiderTeleHealth when video is off or the practitioner is set to noVideo', () => {
    const noVideo = Scenario.at('09:00').appointment('a1', { at: '11:00', practitionerId: 'dr-b' }).practitioner('dr-b', { noVideo: true });
    const off = Scenario.at('09:00').appointment('a1', { at: '11:00' });
    off.videoEnabled = false;
    for (const s of [noVideo, off]) {
      const decisions = s.scheduled();
      expect(templates(decisions)).to.deep.equal(['CantConsiderTeleHealth']);
      expect(savedPatch(decisions, 'a1')).to.include({ screening: 'in-person' });
    }
  });
});

describe('workflow: video invitation and join (steps 4, 5)', () => {
  it('invites a screened video consult videoInviteMinutes before the start, once, with the room link', () => {
    const s = Scenario.at('10:49').appointment('v1', { at: '11:00' }).withProgress('v1', { screening: 'video', videoRecordedInPms: true });
    expect(s.scheduled()).to.deep.equal([]);
    s.setTime('10:50');
    const decisions = s.scheduled();
    expect(effectTypes(decisions)).to.deep.equal(['ensureVideoRoom', 'send', 'saveProgress']);
    expect(only(sends(decisions))).to.include({ template: 'VideoInvite', withVideoUrl: true, key: `v1:video-invite:${s.find('v1').start}` });
    expect(savedPatch(decisions, 'v1')).to.include({ videoInviteSentAt: s.now });
    s.apply(decisions).setTime('10:52');
    expect(s.scheduled()).to.deep.equal([]);
  });

  it('an unscreened PMS video consult inside the invite window gets the invite straight away', () => {
    const s = Scenario.at('10:55').appointment('v1', { at: '11:00', isVideo: true });
    const decisions = s.scheduled();
    expect(templates(decisions)).to.deep.equal(['VideoInvite']);
    expect(savedPatch(decisions, 'v1')).to.include({ screening: 'video', videoInviteSentAt: s.now });
  });

  it('with video off, the invite passes on the link the PMS holds, or is skipped without one', () => {
    const withLink = Scenario.at('10:55')
      .appointment('v1', { at: '11:00', isVideo: true, videoLink: 'https://video.example/r/1' })
      .withProgress('v1', { screening: 'video' });
    withLink.videoEnabled = false;
    const send = only(sends(withLink.scheduled()));
    expect(send.template).to.equal('VideoInvite');
    expect(send.vars).to.deep.equal({ url: 'https://video.example/r/1' });
    expect(send.withVideoUrl).to.equal(undefined);

    const noLink = Scenario.at('10:55').appointment('v1', { at: '11:00', isVideo: true }).withProgress('v1', { screening: 'video' });
    noLink.videoEnabled = false;
    expect(sends(noLink.scheduled())).to.deep.equal([]);
  });

  it('with video turned off later, never texts the practitioner link the host wrote into the PMS', () => {
    const room = { roomId: 'r1', patientLink: 'https://v.example/p#t=patient', practitionerLink: 'https://v.example/d#t=doctor' };
    const ours = Scenario.at('10:55')
      .appointment('v1', { at: '11:00', isVideo: true, videoLink: room.practitionerLink })
      .withProgress('v1', { screening: 'video', room, videoRecordedInPms: true });
    ours.videoEnabled = false;
    expect(sends(ours.scheduled())).to.deep.equal([]);

    // A link the clinic put in the PMS since then is theirs to hand out.
    const theirs = Scenario.at('10:55')
      .appointment('v1', { at: '11:00', isVideo: true, videoLink: 'https://clinic-video.example/j/42' })
      .withProgress('v1', { screening: 'video', room, videoRecordedInPms: true });
    theirs.videoEnabled = false;
    expect(only(sends(theirs.scheduled())).vars).to.deep.equal({ url: 'https://clinic-video.example/j/42' });
  });

  it('the provider seeing the patient join marks them arrived without a text', () => {
    const s = Scenario.at('10:58').appointment('v1', { at: '11:00' }).withProgress('v1', { screening: 'video', videoInviteSentAt: 1 });
    s.patientJoined.add('v1');
    const decisions = s.scheduled();
    expect(only(decisions).step).to.equal('joined');
    expect(effectTypes(decisions)).to.deep.equal(['markArrived', 'saveProgress']);
    expect(savedPatch(decisions, 'v1')).to.include({ arrivedAt: s.now, arrivedBy: 'video-join' });
    s.apply(decisions);
    expect(s.scheduled()).to.deep.equal([]);
  });
});

describe('workflow: video room clean-up', () => {
  const room = { roomId: 'r1', patientLink: 'https://v.example/p', practitionerLink: 'https://v.example/d' };

  it('closes the room closeRoomsAfterMinutes after the end, once, even while the PMS still says in progress', () => {
    const s = Scenario.at('11:00')
      .appointment('v1', { at: '11:00', status: 'fulfilled' })
      .withProgress('v1', { screening: 'video', videoInviteSentAt: 1, arrivedAt: 2, arrivedBy: 'text', doctorReadySentAt: 3, room });
    const end = s.find('v1').endMs!;
    s.setTime(DateTime.fromMillis(end + 59 * 60_000, { zone: TZ }).toFormat('HH:mm'));
    expect(s.scheduled(), 'the doctor may be running late').to.deep.equal([]);
    s.setTime(DateTime.fromMillis(end + 60 * 60_000, { zone: TZ }).toFormat('HH:mm'));
    const decisions = s.scheduled();
    expect(only(decisions).step).to.equal('room-cleanup');
    expect(effectTypes(decisions)).to.deep.equal(['closeVideoRoom', 'saveProgress']);
    expect(savedPatch(decisions, 'v1')).to.include({ roomClosedAt: s.now });
    s.apply(decisions);
    expect(s.scheduled()).to.deep.equal([]);
  });
});

describe('workflow: doctor ready (step 7)', () => {
  it('DoctorReady with the practitioner room once an arrived patient goes to the in-progress status', () => {
    const s = Scenario.at('10:58')
      .appointment('a1', { at: '11:00', status: 'fulfilled' })
      .withProgress('a1', { screening: 'in-person', arrivedAt: 1, arrivedBy: 'text', lastStatus: 'arrived' })
      .practitioner('dr-a', { room: 'room 7' });
    const decisions = s.scheduled();
    const send = only(sends(decisions));
    expect(send).to.include({ template: 'DoctorReady', key: `a1:doctor-ready:${s.find('a1').start}` });
    expect(send.vars).to.deep.equal({ room: 'room 7' });
    expect(savedPatch(decisions, 'a1')).to.include({ doctorReadySentAt: s.now, lastStatus: 'fulfilled' });
    s.apply(decisions);
    expect(s.scheduled()).to.deep.equal([]);
  });

  it('DoctorReady asks the patient to come to reception when the practitioner has no room set', () => {
    const s = Scenario.at('10:58')
      .appointment('a1', { at: '11:00', status: 'fulfilled' })
      .withProgress('a1', { screening: 'in-person', arrivedAt: 1, arrivedBy: 'text', lastStatus: 'arrived' })
      .practitioner('dr-a', { room: '  ' });
    expect(only(sends(s.scheduled())).vars).to.deep.equal({ room: 'reception' });
  });

  it('DoctorReadyVideo with the link for a video consult', () => {
    const s = Scenario.at('11:00')
      .appointment('v1', { at: '11:00', status: 'fulfilled' })
      .withProgress('v1', { screening: 'video', videoInviteSentAt: 1, arrivedAt: 2, lastStatus: 'arrived', videoRecordedInPms: true });
    const decisions = s.scheduled();
    expect(effectTypes(decisions)).to.deep.equal(['ensureVideoRoom', 'send', 'saveProgress']);
    expect(only(sends(decisions))).to.include({ template: 'DoctorReadyVideo', withVideoUrl: true, rejoinVideoUrl: true });
  });

  it('uses the configured inProgressStatus, and never texts a patient the host never saw arrive', () => {
    const s = Scenario.at('11:00')
      .appointment('custom', { at: '11:00', status: 'checked-in' })
      .withProgress('custom', { lastStatus: 'arrived' })
      .appointment('never-arrived', { at: '11:00', status: 'fulfilled' })
      .withProgress('never-arrived', { lastStatus: 'booked' });
    s.workflow.inProgressStatus = 'checked-in';
    const decisions = s.scheduled();
    expect(sends(decisions).map((e) => [e.template, e.appointment?.id])).to.deep.equal([['DoctorReady', 'custom']]);
    expect(decisions.find((d) => d.appointmentId === 'never-arrived')?.step).to.equal('status-sync');
  });
});
