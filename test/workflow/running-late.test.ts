import { expect } from 'chai';
import type { PassContext } from '../../core/engine/pass.js';
import type { PractitionerQueue } from '../../core/engine/wait/practitioner-queue.js';
import { DEFAULT_RUNNING_LATE } from '../../core/engine/workflow-settings.js';
import { effectTypes, only, savedPatch, Scenario, sends, suppressed, templates, OTHER_PHONE, PHONE } from './fixtures.js';

const MINUTE = 60_000;

/** Running-late texts on, the other settings at their defaults. */
function lateClinic(time: string): Scenario {
  const s = Scenario.at(time);
  s.workflow.runningLate = { ...DEFAULT_RUNNING_LATE, texts: true };
  return s;
}

/**
 * A pass whose queues say what the test needs (the estimate itself is tested on its own): each
 * listed appointment waits with that many minutes of delay, in its practitioner's queue.
 */
function passWith(s: Scenario, delays: Record<string, number>, options: { muted?: string[] } = {}): PassContext {
  const pass = s.pass();
  const queues = new Map<string, PractitionerQueue>();
  for (const [id, delay] of Object.entries(delays)) {
    const appointment = s.find(id);
    const practitionerId = appointment.practitioner.id;
    let queue = queues.get(practitionerId);
    if (!queue) {
      queue = {
        practitionerId,
        delayMinutes: delay,
        source: 'estimate',
        consultMinutes: 15,
        samples: 0,
        waiting: [],
        lateTextsMuted: options.muted?.includes(practitionerId) ?? false,
      };
      queues.set(practitionerId, queue);
    }
    queue.waiting.push({ appointmentId: id, scheduledMs: appointment.startMs, estimateMs: appointment.startMs + delay * MINUTE, delayMinutes: delay });
  }
  pass.queues = () => queues;
  return pass;
}

/** An in-person patient who arrived (screened, then arrived by text). */
function arrived(s: Scenario, id: string, at: string, practitionerId = 'dr-a', phone = PHONE): Scenario {
  return s
    .appointment(id, { at, status: 'arrived', practitionerId, phone })
    .withProgress(id, { screening: 'in-person', screeningSentAt: 1, arrivedAt: s.now - 5 * MINUTE, arrivedBy: 'text' });
}

describe('workflow: running-late texts', () => {
  it('are off by default, whatever the delay', () => {
    const s = arrived(Scenario.at('09:40'), 'a1', '09:00');
    expect(s.scheduled(passWith(s, { a1: 60 }))).to.deep.equal([]);
  });

  it('an arrived patient whose own delay reaches the threshold gets one text with their own delay and estimate', () => {
    const s = arrived(lateClinic('09:20'), 'a1', '09:00');
    expect(s.scheduled(passWith(s, { a1: 14 })), 'under the threshold').to.deep.equal([]);
    const decisions = s.scheduled(passWith(s, { a1: 17 }));
    const send = only(sends(decisions));
    expect(send).to.deep.include({
      key: `a1:running-late:${s.find('a1').start}:1`,
      to: PHONE,
      template: 'RunningLate',
      // Rounded down to 5 minutes: never more than the estimate shows.
      vars: { delay: '15' },
      times: { estimate: s.find('a1').startMs + 17 * MINUTE },
    });
    expect(send.appointment?.id).to.equal('a1');
    expect(effectTypes(decisions)).to.deep.equal(['send', 'saveProgress']);
    expect(savedPatch(decisions, 'a1')).to.include({ lateTexts: 1, lateToldMinutes: 15 });
    s.apply(decisions);
    expect(s.scheduled(passWith(s, { a1: 17 })), 'the same delay again').to.deep.equal([]);
  });

  it('another text only when the delay grew a step past what was told, never more than maxTexts', () => {
    const s = arrived(lateClinic('09:30'), 'a1', '09:00');
    s.apply(s.scheduled(passWith(s, { a1: 20 })));
    expect(s.progress.get('a1')).to.include({ lateTexts: 1, lateToldMinutes: 20 });
    s.setTime('09:45');
    expect(s.scheduled(passWith(s, { a1: 34 })), 'told 20, step 15: not yet at 34').to.deep.equal([]);
    const second = s.scheduled(passWith(s, { a1: 35 }));
    expect(only(sends(second))).to.deep.include({ key: `a1:running-late:${s.find('a1').start}:2`, vars: { delay: '35' } });
    s.apply(second);
    expect(s.progress.get('a1')).to.include({ lateTexts: 2, lateToldMinutes: 35 });
    s.setTime('11:00');
    expect(s.scheduled(passWith(s, { a1: 120 })), 'maxTexts 2').to.deep.equal([]);
  });

  it('maxTexts and the step are the clinic’s', () => {
    const s = arrived(lateClinic('09:30'), 'a1', '09:00');
    s.workflow.runningLate = { ...DEFAULT_RUNNING_LATE, texts: true, maxTexts: 1, thresholdMinutes: 30 };
    expect(s.scheduled(passWith(s, { a1: 25 }))).to.deep.equal([]);
    s.apply(s.scheduled(passWith(s, { a1: 30 })));
    expect(s.scheduled(passWith(s, { a1: 90 }))).to.deep.equal([]);
  });

  it('booked patients due within the hour count as waiting; later ones do not yet', () => {
    const s = lateClinic('09:00')
      .appointment('soon', { at: '09:55' })
      .withProgress('soon', { screening: 'in-person', screeningSentAt: 1 })
      .appointment('later', { at: '10:05', phone: OTHER_PHONE })
      .withProgress('later', { screening: 'in-person', screeningSentAt: 1 });
    expect(sends(s.scheduled(passWith(s, { soon: 30, later: 30 }))).map((e) => e.appointment?.id)).to.deep.equal(['soon']);
  });

  it('none in quiet hours, none when reception muted the practitioner, none to other practitioners’ patients', () => {
    const s = arrived(lateClinic('09:30'), 'a1', '09:00');
    arrived(s, 'b1', '09:00', 'dr-b', OTHER_PHONE);
    s.workflow.quietHours = { start: '10:00', end: '20:00' };
    expect(s.scheduled(passWith(s, { a1: 40, b1: 40 })), 'quiet hours').to.deep.equal([]);
    s.workflow.quietHours = { start: '08:00', end: '20:00' };
    expect(sends(s.scheduled(passWith(s, { a1: 40, b1: 40 }, { muted: ['dr-a'] }))).map((e) => e.appointment?.id)).to.deep.equal(['b1']);
    expect(sends(s.scheduled(passWith(s, { a1: 40, b1: 2 }))).map((e) => e.appointment?.id)).to.deep.equal(['a1']);
  });

  it('a video patient gets none before the invite unless the clinic wants it', () => {
    const s = lateClinic('09:00').appointment('v1', { at: '09:40', isVideo: true }).withProgress('v1', { screening: 'video', screeningSentAt: 1 });
    expect(s.scheduled(passWith(s, { v1: 30 }))).to.deep.equal([]);
    s.workflow.runningLate = { ...DEFAULT_RUNNING_LATE, texts: true, videoBeforeInvite: true };
    expect(templates(s.scheduled(passWith(s, { v1: 30 })))).to.deep.equal(['RunningLate']);
    s.workflow.runningLate = { ...DEFAULT_RUNNING_LATE, texts: true };
    s.withProgress('v1', { videoInviteSentAt: s.now, room: { roomId: 'r', patientLink: 'p', practitionerLink: 'h' } });
    expect(templates(s.scheduled(passWith(s, { v1: 30 })))).to.deep.equal(['RunningLate']);
  });

  it('a called patient gets the doctor-ready text, never a delay text', () => {
    const s = arrived(lateClinic('09:40'), 'a1', '09:00');
    s.update('a1', { status: 'fulfilled' });
    const decisions = s.scheduled(passWith(s, { a1: 40 }));
    expect(templates(decisions)).to.deep.equal(['DoctorReady']);
    expect(savedPatch(decisions, 'a1')).to.include({ calledAt: s.now });
    s.apply(decisions);
    expect(s.scheduled(passWith(s, { a1: 40 }))).to.deep.equal([]);
  });

  it('one step per pass: a screening due goes first, the delay text a pass later', () => {
    const s = lateClinic('09:00').appointment('a1', { at: '09:30' });
    const first = s.scheduled(passWith(s, { a1: 30 }));
    expect(templates(first)).to.deep.equal(['ConsiderTeleHealth']);
    s.apply(first);
    expect(templates(s.scheduled(passWith(s, { a1: 30 })))).to.deep.equal(['RunningLate']);
  });

  it('an opted-out patient gets none and nothing is recorded (decided again, same key, if they opt back in)', () => {
    const s = arrived(lateClinic('09:30'), 'a1', '09:00');
    s.optedOut.add(PHONE);
    const decisions = s.scheduled(passWith(s, { a1: 30 }));
    expect(suppressed(decisions)).to.deep.equal([
      { type: 'suppressed', reason: 'opted-out', key: `a1:running-late:${s.find('a1').start}:1`, appointmentId: 'a1' },
    ]);
    expect(savedPatch(decisions, 'a1')?.lateTexts).to.equal(undefined);
  });

  it('from the pass’s own queues: a patient waiting 40 minutes past their start is told a delay the estimate shows', () => {
    // Here since 08:55: the delay is the practitioner's, not the patient's own lateness.
    const s = arrived(lateClinic('09:40'), 'a1', '09:00').withProgress('a1', {
      screening: 'in-person',
      screeningSentAt: 1,
      arrivedAt: Scenario.at('08:55').now,
      arrivedBy: 'text',
    });
    const send = only(sends(s.scheduled()));
    expect(send.template).to.equal('RunningLate');
    const told = Number(send.vars?.delay);
    const entry = s
      .pass()
      .queues()
      .get('dr-a')!
      .waiting.find((e) => e.appointmentId === 'a1')!;
    // Whatever the estimate: nobody is called before now, and the patient was here on time, so the delay is at least 40 minutes.
    expect(entry.delayMinutes).to.be.at.least(40);
    expect(told).to.be.at.least(40).and.at.most(entry.delayMinutes);
    expect(send.times?.estimate).to.equal(entry.estimateMs);
  });
});
