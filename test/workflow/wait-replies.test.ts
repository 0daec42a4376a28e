import { expect } from 'chai';
import type { PassContext } from '../../core/engine/pass.js';
import type { PractitionerQueue } from '../../core/engine/wait/practitioner-queue.js';
import { effectTypes, incomingState, only, savedPatch, Scenario, sends, suppressed, templates, OTHER_PHONE, PHONE } from './fixtures.js';

const MINUTE = 60_000;

/** A pass whose queues give each listed appointment that many minutes of delay. */
function passWith(s: Scenario, delays: Record<string, number>): PassContext {
  const pass = s.pass();
  const queues = new Map<string, PractitionerQueue>();
  for (const [id, delay] of Object.entries(delays)) {
    const appointment = s.find(id);
    const key = appointment.practitioner.id;
    const queue = queues.get(key) ?? {
      practitionerId: key,
      delayMinutes: delay,
      source: 'estimate' as const,
      consultMinutes: 15,
      samples: 0,
      waiting: [],
      lateTextsMuted: false,
    };
    queue.waiting.push({ appointmentId: id, scheduledMs: appointment.startMs, estimateMs: appointment.startMs + delay * MINUTE, delayMinutes: delay });
    queues.set(key, queue);
  }
  pass.queues = () => queues;
  return pass;
}

function arrivedAt(s: Scenario, id: string, at: string): Scenario {
  return s.appointment(id, { at, status: 'arrived' }).withProgress(id, { screening: 'in-person', arrivedAt: s.now - 5 * MINUTE, arrivedBy: 'text' });
}

describe('workflow: WAIT (how long?)', () => {
  it('answers with the patient’s own delay and estimate, keyed by the message, and records when', () => {
    const s = arrivedAt(Scenario.at('09:30'), 'a1', '09:00');
    const decisions = s.incoming('WAIT', PHONE, passWith(s, { a1: 33 }));
    const send = only(sends(decisions));
    expect(send).to.deep.include({
      key: 'wait:SM1',
      to: PHONE,
      template: 'WaitEstimate',
      vars: { delay: '30' },
      times: { estimate: s.find('a1').startMs + 33 * MINUTE },
    });
    expect(send.appointment?.id).to.equal('a1');
    expect(effectTypes(decisions)).to.deep.equal(['send', 'saveProgress', 'setIncomingState']);
    expect(savedPatch(decisions, 'a1')).to.include({ waitAnsweredAt: s.now });
    expect(incomingState(decisions)).to.deep.include({ state: 'handled', appointmentId: 'a1' });
  });

  it('on time (under 5 minutes late): WaitOnTime with the estimate; running-late texts need not be on', () => {
    const s = arrivedAt(Scenario.at('08:50'), 'a1', '09:00');
    expect(s.workflow.runningLate).to.equal(undefined);
    const send = only(sends(s.incoming('how long?', PHONE, passWith(s, { a1: 4 }))));
    expect(send.template).to.equal('WaitOnTime');
    expect(send.vars).to.equal(undefined);
    expect(send.times).to.deep.equal({ estimate: s.find('a1').startMs + 4 * MINUTE });
  });

  it('a second WAIT within 5 minutes gets no text and is handled (reason wait-answered-recently); later, a new answer', () => {
    const s = arrivedAt(Scenario.at('09:30'), 'a1', '09:00');
    s.apply(s.incoming('wait', PHONE, passWith(s, { a1: 30 })));
    s.setTime('09:34');
    const again = s.incoming('wait', PHONE, passWith(s, { a1: 34 }));
    expect(sends(again)).to.deep.equal([]);
    expect(effectTypes(again)).to.deep.equal(['setIncomingState']);
    expect(incomingState(again)).to.deep.include({ state: 'handled', reason: 'wait-answered-recently', appointmentId: 'a1' });
    s.setTime('09:35');
    expect(only(sends(s.incoming('wait', PHONE, passWith(s, { a1: 35 }))))).to.deep.include({ key: 'wait:SM3', vars: { delay: '35' } });
  });

  it('several appointments today on one phone: the earliest still waiting', () => {
    const s = arrivedAt(Scenario.at('09:30'), 'first', '09:00');
    arrivedAt(s, 'second', '09:15');
    expect(only(sends(s.incoming('wait', PHONE, passWith(s, { first: 30, second: 20 })))).appointment?.id).to.equal('first');
    s.update('first', { status: 'fulfilled' }).withProgress('first', { calledAt: s.now });
    expect(only(sends(s.incoming('wait', PHONE, passWith(s, { second: 20 })))).appointment?.id).to.equal('second');
  });

  it('nothing waiting today: the usual answers (Unexpected for a known phone, UnknownPhone otherwise)', () => {
    const s = Scenario.at('09:30').appointment('tomorrow', { at: '09:00', day: 1 });
    expect(templates(s.incoming('wait'))).to.deep.equal(['Unexpected']);
    expect(templates(s.incoming('wait', OTHER_PHONE))).to.deep.equal(['UnknownPhone']);
    const called = Scenario.at('09:30').appointment('a1', { at: '09:00', status: 'fulfilled' }).withProgress('a1', { arrivedAt: 1, calledAt: 2 });
    expect(templates(called.incoming('wait'))).to.deep.equal(['Unexpected']);
  });

  it('an opted-out patient gets no answer and nothing is recorded; STOP is still an opt-out', () => {
    const s = arrivedAt(Scenario.at('09:30'), 'a1', '09:00');
    s.optedOut.add(PHONE);
    const decisions = s.incoming('wait', PHONE, passWith(s, { a1: 30 }));
    expect(suppressed(decisions)).to.have.length(1);
    expect(savedPatch(decisions, 'a1')).to.equal(undefined);
    expect(effectTypes(s.incoming('STOP'))).to.deep.equal(['setOptOut', 'setIncomingState']);
  });
});
