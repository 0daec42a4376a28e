import { expect } from 'chai';
import { effectTypes, incomingState, only, OTHER_PHONE, PHONE, savedPatch, Scenario, sends, templates } from './fixtures.js';

describe('workflow: screening replies (step 3)', () => {
  const asked = () => Scenario.at('09:30').appointment('a1', { at: '11:00' }).withProgress('a1', { screening: 'asked', screeningSentAt: 1 });

  it('YES → room, PMS record, ScreeningYesToVideo, screening=video, message handled', () => {
    const s = asked();
    const decisions = s.incoming('Yes!');
    expect(only(decisions)).to.include({ step: 'screening-reply', appointmentId: 'a1' });
    expect(effectTypes(decisions)).to.deep.equal(['ensureVideoRoom', 'recordVideoInPms', 'send', 'saveProgress', 'setIncomingState']);
    expect(only(sends(decisions))).to.include({ template: 'ScreeningYesToVideo', key: `a1:screening-reply:${s.find('a1').start}`, to: PHONE });
    expect(savedPatch(decisions, 'a1')).to.include({ screening: 'video' });
    expect(incomingState(decisions)).to.deep.equal({ type: 'setIncomingState', messageId: 'SM1', state: 'handled', appointmentId: 'a1' });
  });

  it('then the invite follows on the scheduled pass', () => {
    const s = asked();
    s.apply(s.incoming('y')).setTime('10:50');
    expect(templates(s.scheduled())).to.deep.equal(['VideoInvite']);
  });

  it('NO → ScreeningNoToVideo, screening=in-person', () => {
    const decisions = asked().incoming(' no ');
    expect(templates(decisions)).to.deep.equal(['ScreeningNoToVideo']);
    expect(savedPatch(decisions, 'a1')).to.include({ screening: 'in-person' });
    expect(incomingState(decisions)?.state).to.equal('handled');
  });

  it('config keyword extras work like the defaults', () => {
    const s = asked();
    s.workflow.keywords.yes = ['Video please'];
    expect(templates(s.incoming('video please'))).to.deep.equal(['ScreeningYesToVideo']);
  });

  it('ARRIVED while the question is open is an arrival', () => {
    const decisions = asked().incoming('arrived');
    expect(effectTypes(decisions)).to.deep.equal(['saveProgress', 'markArrived', 'send', 'saveProgress', 'setIncomingState']);
    expect(templates(decisions)).to.deep.equal(['ArrivedThanks']);
    expect(savedPatch(decisions, 'a1')).to.include({ arrivedBy: 'text', screening: 'in-person' });
  });

  it('anything else → ScreeningDontUnderstand, kept unprocessed', () => {
    const s = asked();
    const decisions = s.incoming('maybe later?');
    expect(templates(decisions)).to.deep.equal(['ScreeningDontUnderstand']);
    expect(only(sends(decisions)).key).to.equal(`a1:screening-reply:${s.find('a1').start}:SM1`);
    expect(savedPatch(decisions, 'a1')).to.equal(undefined);
    expect(incomingState(decisions)).to.include({ state: 'unprocessed', reason: 'dont-understand', appointmentId: 'a1' });
  });

  it('YES after video was switched off answers CantConsiderTeleHealth', () => {
    const s = asked();
    s.videoEnabled = false;
    const decisions = s.incoming('yes');
    expect(effectTypes(decisions)).to.deep.equal(['send', 'saveProgress', 'setIncomingState']);
    expect(templates(decisions)).to.deep.equal(['CantConsiderTeleHealth']);
    expect(savedPatch(decisions, 'a1')).to.include({ screening: 'in-person' });
  });
});

describe('workflow: joined replies (step 5)', () => {
  const invited = () => Scenario.at('10:52').appointment('v1', { at: '11:00' }).withProgress('v1', { screening: 'video', videoInviteSentAt: 1 });

  it('JOINED (or a synonym) → markArrived and VideoThanks', () => {
    for (const word of ['joined', 'OK', 'ready.']) {
      const decisions = invited().incoming(word);
      expect(effectTypes(decisions)).to.deep.equal(['saveProgress', 'markArrived', 'send', 'saveProgress', 'setIncomingState']);
      expect(templates(decisions)).to.deep.equal(['VideoThanks']);
      expect(savedPatch(decisions, 'v1')).to.include({ arrivedBy: 'text' });
    }
  });

  it('records the arrival before the PMS is told, so nothing after it can lose it', () => {
    const decisions = invited().incoming('joined');
    const [first] = only(decisions).effects;
    expect(first).to.deep.include({ type: 'saveProgress', appointmentId: 'v1' });
    expect(first?.type === 'saveProgress' && first.patch).to.include({ arrivedBy: 'text' });
  });

  it('JOINED again once the host knows the patient arrived → VideoThanks under the same key, no second arrival', () => {
    for (const status of ['booked', 'arrived', 'fulfilled'] as const) {
      const s = Scenario.at('11:05')
        .appointment('v1', { at: '11:00', status })
        .withProgress('v1', { screening: 'video', videoInviteSentAt: 1, arrivedAt: 2, arrivedBy: 'text' });
      const decisions = s.incoming('joined');
      expect(effectTypes(decisions), status).to.deep.equal(['send', 'saveProgress', 'setIncomingState']);
      expect(only(sends(decisions)).key).to.equal(`v1:joined:${s.find('v1').start}`);
      expect(incomingState(decisions)?.state).to.equal('handled');
    }
  });

  it('anything else → VideoDontUnderstand, kept unprocessed', () => {
    const decisions = invited().incoming('the link does not work');
    expect(templates(decisions)).to.deep.equal(['VideoDontUnderstand']);
    expect(incomingState(decisions)).to.include({ state: 'unprocessed', reason: 'dont-understand' });
  });
});

describe('workflow: arrival (step 6) and staff getting there first (step 13)', () => {
  it('ARRIVED from an in-person patient → markArrived then ArrivedThanks', () => {
    const s = Scenario.at('10:55').appointment('a1', { at: '11:00' }).withProgress('a1', { screening: 'in-person' });
    const decisions = s.incoming('Here');
    expect(effectTypes(decisions)).to.deep.equal(['saveProgress', 'markArrived', 'send', 'saveProgress', 'setIncomingState']);
    expect(only(sends(decisions))).to.include({ template: 'ArrivedThanks', key: `a1:arrival:${s.find('a1').start}` });
    expect(savedPatch(decisions, 'a1')).to.include({ arrivedAt: s.now, arrivedBy: 'text' });
  });

  it('an unscreened in-person patient who arrives early is arrived too', () => {
    const s = Scenario.at('07:30').appointment('a1', { at: '11:00' });
    expect(templates(s.incoming('a'))).to.deep.equal(['ArrivedThanks']);
  });

  it('anything else → ArrivingDontUnderstand, kept unprocessed', () => {
    const s = Scenario.at('10:55').appointment('a1', { at: '11:00' }).withProgress('a1', { screening: 'in-person' });
    const decisions = s.incoming('where do I park');
    expect(templates(decisions)).to.deep.equal(['ArrivingDontUnderstand']);
    expect(incomingState(decisions)).to.include({ state: 'unprocessed', reason: 'dont-understand', appointmentId: 'a1' });
  });

  it('the PMS already shows arrived: ArrivedThanks without marking again, arrival recorded as staff', () => {
    const s = Scenario.at('10:55').appointment('a1', { at: '11:00', status: 'arrived' }).withProgress('a1', { screening: 'in-person', lastStatus: 'booked' });
    const decisions = s.incoming('arrived');
    expect(effectTypes(decisions)).to.deep.equal(['send', 'saveProgress', 'setIncomingState']);
    expect(templates(decisions)).to.deep.equal(['ArrivedThanks']);
    expect(savedPatch(decisions, 'a1')).to.include({ arrivedBy: 'staff', lastStatus: 'arrived' });
  });

  it('a scheduled pass records a staff arrival and asks nothing more; then DoctorReady follows', () => {
    const s = Scenario.at('10:55').appointment('a1', { at: '11:00', status: 'arrived' }).withProgress('a1', { lastStatus: 'booked' });
    const decisions = s.scheduled();
    expect(only(decisions).step).to.equal('status-sync');
    expect(savedPatch(decisions, 'a1')).to.deep.equal({ arrivedAt: s.now, arrivedBy: 'staff', lastStatus: 'arrived' });
    s.apply(decisions).update('a1', { status: 'fulfilled' }).setTime('11:05');
    expect(templates(s.scheduled())).to.deep.equal(['DoctorReady']);
  });

  it('staff arrival without any earlier progress is recorded too (so DoctorReady can follow)', () => {
    const s = Scenario.at('10:55').appointment('a1', { at: '11:00', status: 'arrived' });
    expect(savedPatch(s.scheduled(), 'a1')).to.include({ arrivedBy: 'staff', lastStatus: 'arrived', plannedStart: s.find('a1').start });
  });

  it('an appointment the PMS no longer shows booked gets no screening, invite or arrival ask', () => {
    const s = Scenario.at('10:00')
      .appointment('pending', { at: '11:00', status: 'pending' })
      .appointment('noshow', { at: '10:30', status: 'noshow', isVideo: true });
    expect(s.scheduled()).to.deep.equal([]);
  });
});

describe('workflow: unknown phone (step 8) and unexpected (step 10)', () => {
  it('a number with no appointment → UnknownPhone keyed per number and clinic day, unprocessed', () => {
    const s = Scenario.at('10:00').appointment('a1', { at: '11:00' });
    const decisions = s.incoming('arrived', OTHER_PHONE);
    expect(only(decisions).step).to.equal('unknown-phone');
    expect(only(sends(decisions))).to.include({ template: 'UnknownPhone', to: OTHER_PHONE, key: `unknown-phone:${OTHER_PHONE}:2026-11-23` });
    expect(incomingState(decisions)).to.deep.equal({ type: 'setIncomingState', messageId: 'SM1', state: 'unprocessed', reason: 'unknown-phone' });
    expect(only(sends(s.incoming('hello?', OTHER_PHONE))).key).to.equal(`unknown-phone:${OTHER_PHONE}:2026-11-23`);
  });

  it('the unknown-phone key follows the clinic date, not the UTC date, just after midnight', () => {
    const s = Scenario.at('2026-11-24T00:05');
    expect(only(sends(s.incoming('hi', OTHER_PHONE))).key).to.equal(`unknown-phone:${OTHER_PHONE}:2026-11-24`);
  });

  it('ARRIVED again once reception moved the visit on (fulfilled) → ArrivedThanks under the same key, not Unexpected', () => {
    const s = Scenario.at('11:10')
      .appointment('a1', { at: '11:00', status: 'fulfilled' })
      .withProgress('a1', { screening: 'in-person', arrivedAt: 1, arrivedBy: 'text', lastStatus: 'fulfilled' });
    const decisions = s.incoming('arrived');
    expect(effectTypes(decisions)).to.deep.equal(['send', 'saveProgress', 'setIncomingState']);
    expect(only(sends(decisions))).to.include({ template: 'ArrivedThanks', key: `a1:arrival:${s.find('a1').start}` });
  });

  it('ARRIVED to a visit reception moved to fulfilled before the host saw any arrival → recorded arrival, ArrivedThanks, then DoctorReady', () => {
    const s = Scenario.at('11:02').appointment('a1', { at: '11:00', status: 'fulfilled' }).withProgress('a1', { screening: 'in-person', lastStatus: 'booked' });
    const decisions = s.incoming('arrived');
    expect(effectTypes(decisions)).to.deep.equal(['saveProgress', 'markArrived', 'send', 'saveProgress', 'setIncomingState']);
    expect(templates(decisions)).to.deep.equal(['ArrivedThanks']);
    expect(savedPatch(decisions, 'a1')).to.include({ arrivedBy: 'text' });
    expect(templates(s.apply(decisions).scheduled())).to.deep.equal(['DoctorReady']);
  });

  it('ARRIVED to a cancelled visit is still a text nobody expected', () => {
    const s = Scenario.at('11:02').appointment('a1', { at: '11:00', status: 'cancelled' }).withProgress('a1', { screening: 'in-person' });
    expect(templates(s.incoming('arrived'))).to.deep.equal(['Unexpected']);
  });

  it('a known number with nothing waiting → Unexpected, kept for reception (unexpected)', () => {
    const s = Scenario.at('10:00').appointment('a1', { at: '11:00' }).withProgress('a1', { screening: 'in-person', arrivedAt: 1 });
    const decisions = s.incoming('thanks');
    expect(templates(decisions)).to.deep.equal(['Unexpected']);
    expect(incomingState(decisions)).to.include({ state: 'unprocessed', reason: 'unexpected' });
  });

  it('a question from a patient whose appointment is tomorrow lands in the inbox, not marked handled', () => {
    const s = Scenario.at('10:00').appointment('a1', { at: '11:00', day: 1 }).withProgress('a1', { registrationSentAt: 1 });
    const decisions = s.incoming('Can I bring my son too?');
    expect(templates(decisions)).to.deep.equal(['Unexpected']);
    expect(incomingState(decisions)).to.include({ state: 'unprocessed', reason: 'unexpected' });
  });

  it('a number whose only appointment is on a coming day is known: Unexpected, not UnknownPhone', () => {
    const s = Scenario.at('10:00').appointment('a1', { at: '11:00', day: 1 });
    expect(templates(s.incoming('yes'))).to.deep.equal(['Unexpected']);
  });

  it('appointments of ignored practitioners do not make a number known', () => {
    const s = Scenario.at('10:00').appointment('a1', { at: '11:00', practitionerId: 'dr-x' }).practitioner('dr-x', { ignore: true });
    expect(templates(s.incoming('arrived'))).to.deep.equal(['UnknownPhone']);
  });
});
