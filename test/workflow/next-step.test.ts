import { expect } from 'chai';
import { DateTime } from 'luxon';
import { nextStepOf, nextSendingTime, type NextStep } from '../../core/engine/next-step.js';
import { clinicClockTime } from '../../core/engine/state-text.js';
import { Scenario, TZ, type SendEffect } from './fixtures.js';

/** The next step of one appointment, with its time as clinic "HH:MM" (or "yyyy-mm-dd HH:MM" on another day). */
function next(s: Scenario, id: string): { step: string; template?: string; at: string } | undefined {
  const a = s.find(id);
  const step = nextStepOf(a, s.progress.get(id), s.settings(), s.now, s.practitioners.get(a.practitioner.id));
  return step && { ...step, at: when(s, step) };
}

function when(s: Scenario, step: NextStep): string {
  const at = DateTime.fromMillis(step.at, { zone: TZ });
  return at.toISODate() === s.date() ? at.toFormat('HH:mm') : at.toFormat('yyyy-MM-dd HH:mm');
}

/** The sends the scheduled planner decides now, by appointment. */
function plannedSends(s: Scenario): Map<string, SendEffect> {
  const sends = new Map<string, SendEffect>();
  for (const decision of s.scheduled()) {
    for (const effect of decision.effects) if (effect.type === 'send' && decision.appointmentId) sends.set(decision.appointmentId, effect);
  }
  return sends;
}

describe('engine nextStepOf (reception: the next planned text), Sydney clinic time', () => {
  it('screening at start − screeningMinutes, then nothing while waiting for the answer', () => {
    const s = Scenario.at('07:40').appointment('a', { at: '11:30' });
    expect(next(s, 'a')).to.deep.equal({ step: 'screening', template: 'ConsiderTeleHealth', at: '08:30' });
    s.setTime('09:12');
    expect(next(s, 'a'), 'overdue: the next pass sends it').to.deep.equal({ step: 'screening', template: 'ConsiderTeleHealth', at: '08:30' });
    s.apply(s.scheduled());
    expect(s.progress.get('a')?.screening).to.equal('asked');
    expect(next(s, 'a'), 'waiting for the patient').to.equal(undefined);
  });

  it('agrees with the planner: nothing a minute before the time it names, that text at it', () => {
    const s = Scenario.at('06:00')
      .appointment('in-person', { at: '10:00', practitionerId: 'dr-novideo' })
      .practitioner('dr-novideo', { noVideo: true })
      .appointment('pms-video', { at: '10:45', isVideo: true })
      .appointment('ask', { at: '11:15' });
    for (const id of ['in-person', 'pms-video', 'ask']) {
      const step = nextStepOf(s.find(id), s.progress.get(id), s.settings(), s.now, s.practitioners.get(s.find(id).practitioner.id))!;
      s.now = step.at - 60_000;
      expect(plannedSends(s).has(id), `${id} before ${clinicClockTime(step.at, TZ)}`).to.equal(false);
      s.now = step.at;
      expect(plannedSends(s).get(id)?.template, `${id} at ${clinicClockTime(step.at, TZ)}`).to.equal(step.template);
      s.setTime('06:00');
    }
  });

  it('a video consult: the invite at start − videoInviteMinutes, after the welcome or the YES', () => {
    const s = Scenario.at('09:00')
      .appointment('chose-video', { at: '11:00' })
      .withProgress('chose-video', { screening: 'video', screeningSentAt: 1 })
      .appointment('pms-video', { at: '14:00', isVideo: true });
    expect(next(s, 'chose-video')).to.deep.equal({ step: 'video-invite', template: 'VideoInvite', at: '10:50' });
    expect(next(s, 'pms-video')).to.deep.equal({ step: 'screening', template: 'VideoWelcome', at: '11:00' });
    s.setTime('13:55');
    expect(next(s, 'pms-video'), 'too late for the welcome: the invite goes first').to.deep.equal({
      step: 'video-invite',
      template: 'VideoInvite',
      at: '13:50',
    });
    s.setTime('10:50');
    s.apply(s.scheduled());
    expect(next(s, 'chose-video'), 'invited: the rest is up to the patient').to.equal(undefined);
  });

  it('without video, an invite needs a link from the PMS', () => {
    const s = Scenario.at('09:00').appointment('a', { at: '11:00', isVideo: true }).withProgress('a', { screening: 'video', screeningSentAt: 1 });
    s.videoEnabled = false;
    expect(next(s, 'a')).to.equal(undefined);
    s.find('a').videoLink = 'https://clinic.example/room/1';
    expect(next(s, 'a')).to.deep.equal({ step: 'video-invite', template: 'VideoInvite', at: '10:50' });
  });

  it('doctor-ready as soon as reception starts an arrived visit', () => {
    const s = Scenario.at('10:31')
      .appointment('a', { at: '10:30', status: 'fulfilled' })
      .withProgress('a', { arrivedAt: 1, arrivedBy: 'text', screening: 'in-person' });
    expect(next(s, 'a')).to.deep.equal({ step: 'doctor-ready', template: 'DoctorReady', at: '10:31' });
    s.withProgress('a', { doctorReadySentAt: s.now });
    expect(next(s, 'a')).to.equal(undefined);
  });

  it('registration in the next sending window of the days before', () => {
    const s = Scenario.at('06:15').appointment('tomorrow', { at: '09:00', day: 1 }).appointment('in-3-days', { at: '09:00', day: 3 });
    expect(next(s, 'tomorrow'), 'before the window opens (08:00)').to.deep.equal({ step: 'registration', template: 'Registration', at: '08:00' });
    expect(next(s, 'in-3-days'), 'the first day it may go (registrationDaysAhead 2)').to.deep.equal({
      step: 'registration',
      template: 'Registration',
      at: `${s.date(1)} 08:00`,
    });
    s.setTime('21:30');
    expect(next(s, 'tomorrow'), 'after the window closes: tomorrow is the visit day, too late').to.equal(undefined);
    s.setTime('12:00');
    expect(next(s, 'tomorrow'), 'inside the window: now').to.deep.equal({ step: 'registration', template: 'Registration', at: '12:00' });
    s.withProgress('tomorrow', { registrationSentAt: s.now });
    expect(next(s, 'tomorrow')).to.equal(undefined);
  });

  it('none when closed, done, ignored, without a mobile, arrived, or past the end', () => {
    const s = Scenario.at('10:00')
      .appointment('cancelled', { at: '11:00', status: 'cancelled' })
      .appointment('done', { at: '09:00', status: 'fulfilled' })
      .withProgress('done', { arrivedAt: 1, doctorReadySentAt: 2 })
      .appointment('ignored', { at: '11:00', practitionerId: 'dr-x' })
      .practitioner('dr-x', { ignore: true })
      .appointment('no-mobile', { at: '11:00', phone: null })
      .appointment('arrived', { at: '11:00' })
      .withProgress('arrived', { arrivedAt: 1, arrivedBy: 'text' })
      .appointment('over', { at: '09:00' });
    for (const id of ['cancelled', 'done', 'ignored', 'no-mobile', 'arrived', 'over']) expect(next(s, id), id).to.equal(undefined);
  });
});

describe('engine nextSendingTime', () => {
  const window = { start: '08:00', end: '20:00' };
  const at = (time: string) => Scenario.at(time).now;

  it('is now inside the window, the next opening outside it (clinic time, not UTC)', () => {
    expect(nextSendingTime(at('12:00'), TZ, window)).to.equal(at('12:00'));
    expect(nextSendingTime(at('07:59'), TZ, window)).to.equal(at('08:00'));
    expect(clinicClockTime(nextSendingTime(at('20:00'), TZ, window), TZ)).to.equal('08:00');
    expect(nextSendingTime(at('20:00'), TZ, window)).to.equal(at('08:00') + 86_400_000);
  });

  it('handles a window across midnight', () => {
    const night = { start: '20:00', end: '08:00' };
    expect(nextSendingTime(at('12:00'), TZ, night)).to.equal(at('20:00'));
    expect(nextSendingTime(at('07:00'), TZ, night)).to.equal(at('07:00'));
  });
});
