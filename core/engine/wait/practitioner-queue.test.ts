import { expect } from 'chai';
import type { AppointmentStatus } from '@clinic-arrivals/plugin-kit';
import type { EngineAppointment } from '../decisions.js';
import type { AppointmentProgress, PractitionerSettings } from '../progress.js';
import { DEFAULT_RUNNING_LATE } from '../workflow-settings.js';
import { practitionerQueues, type PractitionerQueue, type QueueInput } from './practitioner-queue.js';

const MINUTE = 60_000;
const TODAY = '2026-11-23';
const MIDNIGHT = Date.parse('2026-11-23T00:00:00+11:00');
/** Clinic time "HH:MM" today as epoch ms. */
const at = (hhmm: string) => MIDNIGHT + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) * MINUTE;
const clock = (ms: number) => {
  const minutes = Math.round((ms - MIDNIGHT) / MINUTE);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
};

interface VisitSpec {
  start: string;
  status?: AppointmentStatus;
  arrived?: string;
  called?: string;
  done?: string;
  practitioner?: string;
}

/** A clinic day for one practitioner (`dr-a` unless a visit says otherwise), the PMS in progress = `fulfilled` (the default). */
function day(visits: VisitSpec[], now: string, practitioners: PractitionerSettings[] = [], inProgressStatus = 'fulfilled'): Map<string, PractitionerQueue> {
  const appointments: EngineAppointment[] = [];
  const progress = new Map<string, AppointmentProgress>();
  for (const visit of visits) {
    const id = `appt-${visit.practitioner ?? 'dr-a'}-${visit.start}`;
    const startMs = at(visit.start);
    const status: AppointmentStatus =
      visit.status ??
      (visit.done && inProgressStatus !== 'fulfilled'
        ? 'fulfilled'
        : visit.called
          ? (inProgressStatus as AppointmentStatus)
          : visit.arrived
            ? 'arrived'
            : 'booked');
    appointments.push({
      id,
      start: new Date(startMs).toISOString(),
      startMs,
      status,
      patient: { id: `pt-${id}`, name: 'Patient' },
      practitioner: { id: visit.practitioner ?? 'dr-a', name: 'Dr A' },
      isVideo: false,
    });
    progress.set(id, {
      appointmentId: id,
      ...(visit.arrived ? { arrivedAt: at(visit.arrived) } : {}),
      ...(visit.called ? { calledAt: at(visit.called) } : {}),
      ...(visit.done ? { doneAt: at(visit.done) } : {}),
    });
  }
  const input: QueueInput = {
    appointments,
    progress,
    practitioners: new Map(practitioners.map((p) => [p.practitionerId, p])),
    now: at(now),
    today: TODAY,
    dayStartMs: MIDNIGHT,
    dayEndMs: MIDNIGHT + 24 * 60 * MINUTE,
    inProgressStatus,
    settings: { ...DEFAULT_RUNNING_LATE },
  };
  return practitionerQueues(input);
}

const queueOf = (queues: Map<string, PractitionerQueue>, id = 'dr-a') => queues.get(id)!;
const estimates = (queue: PractitionerQueue) => queue.waiting.map((entry) => `${clock(entry.scheduledMs)}→${clock(entry.estimateMs)}`);
const slots = (from: string, count: number) => Array.from({ length: count }, (_, i) => clock(at(from) + i * 15 * MINUTE));

describe('wait estimate: a practitioner queue', () => {
  it('on an on-time day every waiting patient is expected at their booked start and the delay is 0', () => {
    const [s0, s1, s2, s3, s4] = slots('09:00', 5);
    const queue = queueOf(
      day(
        [
          { start: s0!, arrived: '08:52', called: '09:00' },
          { start: s1!, arrived: '09:05', called: '09:15' },
          { start: s2!, arrived: '09:24' },
          { start: s3!, arrived: '09:38' },
          { start: s4! },
        ],
        '09:22',
      ),
    );
    expect(queue.delayMinutes).to.equal(0);
    expect(queue.source).to.equal('estimate');
    expect(queue.current).to.deep.equal({ appointmentId: 'appt-dr-a-09:15', calledAt: at('09:15') });
    expect(estimates(queue)).to.deep.equal(['09:30→09:30', '09:45→09:45', '10:00→10:00']);
    expect(queue.waiting.map((e) => e.delayMinutes)).to.deep.equal([0, 0, 0]);
  });

  it('a practitioner whose consults run 25 minutes on 15-minute slots falls further behind with every patient', () => {
    const [s0, s1, s2, s3, s4, s5, s6, s7, s8] = slots('09:00', 9);
    const queue = queueOf(
      day(
        [
          { start: s0!, arrived: '08:50', called: '09:00' },
          { start: s1!, arrived: '08:55', called: '09:25' },
          { start: s2!, arrived: '09:20', called: '09:50' },
          { start: s3!, arrived: '09:40', called: '10:15' },
          { start: s4!, arrived: '09:55', called: '10:40' },
          { start: s5!, arrived: '10:10', called: '11:05' },
          { start: s6!, arrived: '10:25' },
          { start: s7!, arrived: '10:40' },
          { start: s8!, arrived: '10:55' },
        ],
        '11:10',
      ),
    );
    expect(queue.consultMinutes).to.equal(25);
    expect(queue.samples).to.be.at.least(3);
    // Free at 11:30 (called 11:05 + 25), then 25 minutes each.
    expect(estimates(queue)).to.deep.equal(['10:30→11:30', '10:45→11:55', '11:00→12:20']);
    expect(queue.waiting.map((e) => e.delayMinutes)).to.deep.equal([60, 70, 80]);
    expect(queue.delayMinutes).to.equal(60);
  });

  it('uses the configured default until three consults are measured, blended in between, then the measured median', () => {
    // Consults of 25 minutes on 15-minute slots, the clinic recording each end: `finished` of them done, the next one in.
    const consultAfter = (finished: number) => {
      const visits: VisitSpec[] = [];
      let t = at('09:00');
      for (let i = 0; i < 6; i++) {
        const start = clock(at('09:00') + i * 15 * MINUTE);
        if (i < finished) visits.push({ start, arrived: '08:50', called: clock(t), done: clock(t + 25 * MINUTE) });
        else if (i === finished) visits.push({ start, arrived: '08:50', called: clock(t) });
        else visits.push({ start, arrived: '08:50' });
        if (i < finished) t += 26 * MINUTE;
      }
      const queue = queueOf(day(visits, clock(t + 2 * MINUTE), [], 'checked-in'));
      return [queue.samples, queue.consultMinutes];
    };
    expect(consultAfter(0)).to.deep.equal([0, 15]);
    expect(consultAfter(1)).to.deep.equal([1, 18]);
    expect(consultAfter(2)).to.deep.equal([2, 22]);
    expect(consultAfter(3)).to.deep.equal([3, 25]);
    expect(consultAfter(4)).to.deep.equal([4, 25]);
  });

  it('measures call-in to the next call-in only when the next patient was already waiting, not across an idle gap', () => {
    const queue = queueOf(
      day(
        [
          { start: '09:00', arrived: '08:50', called: '09:00' },
          // Arrived after the 09:00 consult began: the practitioner may have sat idle, so no sample.
          { start: '09:15', arrived: '09:40', called: '09:41' },
          { start: '09:30', arrived: '09:10', called: '10:06' },
          { start: '09:45', arrived: '09:30', called: '10:31' },
          { start: '10:00', arrived: '09:50' },
        ],
        '10:35',
      ),
    );
    expect(queue.samples).to.equal(2);
    expect(queue.consultMinutes).to.equal(22);
  });

  it("reception's override for today replaces the delay and every estimate; yesterday's is ignored", () => {
    const visits: VisitSpec[] = [{ start: '09:00', arrived: '08:50', called: '09:00' }, { start: '09:15', arrived: '09:05' }, { start: '09:30' }];
    const override = (day: string): PractitionerSettings => ({ practitionerId: 'dr-a', lateOverride: { minutes: 40, day, setAt: at('09:02') } });
    const overridden = queueOf(day(visits, '09:05', [override(TODAY)]));
    expect(overridden.source).to.equal('override');
    expect(overridden.delayMinutes).to.equal(40);
    expect(estimates(overridden)).to.deep.equal(['09:15→09:55', '09:30→10:10']);
    expect(overridden.waiting.map((e) => e.delayMinutes)).to.deep.equal([40, 40]);

    const stale = queueOf(day(visits, '09:05', [override('2026-11-22')]));
    expect(stale.source).to.equal('estimate');
    expect(stale.delayMinutes).to.equal(0);
  });

  it('mutes delay texts only on the day reception muted them', () => {
    const visits: VisitSpec[] = [{ start: '09:15', arrived: '09:05' }];
    expect(queueOf(day(visits, '09:05', [{ practitionerId: 'dr-a', lateTextsMutedOn: TODAY }])).lateTextsMuted).to.equal(true);
    expect(queueOf(day(visits, '09:05', [{ practitionerId: 'dr-a', lateTextsMutedOn: '2026-11-22' }])).lateTextsMuted).to.equal(false);
    expect(queueOf(day(visits, '09:05')).lateTextsMuted).to.equal(false);
  });

  it('a patient who never arrives stops holding up the queue once well past their start', () => {
    const visits: VisitSpec[] = [
      { start: '09:00', arrived: '08:50', called: '09:00', done: '09:14' },
      { start: '09:15', arrived: '09:05', called: '09:15', done: '09:29' },
      { start: '09:30' }, // never comes
      { start: '09:45', arrived: '09:35' },
    ];
    const shortlyLate = queueOf(day(visits, '09:33', [], 'checked-in'));
    const firstLook = shortlyLate.waiting.find((e) => e.scheduledMs === at('09:45'))!;
    // Three minutes late they may still come, so the next patient is expected a little after their start.
    expect(firstLook.estimateMs).to.be.greaterThan(at('09:45'));
    expect(shortlyLate.waiting[0]!.likelyNoShow).to.equal(undefined);

    const longGone = queueOf(day(visits, '09:52', [], 'checked-in'));
    const [noShow, next] = longGone.waiting;
    expect(noShow!.likelyNoShow).to.equal(true);
    expect(next!.estimateMs).to.equal(at('09:52'));
    expect(longGone.delayMinutes).to.equal(next!.delayMinutes);
  });

  it("does not count a patient's own lateness as the practitioner's delay", () => {
    const queue = queueOf(
      day(
        [
          { start: '09:00', arrived: '08:50', called: '09:00', done: '09:15' },
          { start: '09:15', arrived: '09:36' }, // came 21 minutes late, the practitioner free
          { start: '09:30' }, // late, not here yet
          { start: '09:45', arrived: '09:40' },
        ],
        '09:36',
        [],
        'checked-in',
      ),
    );
    // 09:15 is seen now; 09:30 (six minutes late, so likely still coming) when 09:15 is done; 09:45 after them.
    expect(estimates(queue)).to.deep.equal(['09:15→09:36', '09:30→09:51', '09:45→10:02']);
    expect(queue.waiting.map((e) => e.delayMinutes)).to.deep.equal([0, 15, 16]);
    expect(queue.delayMinutes).to.equal(0);
  });

  it('never expects a patient before their booked start, even with the practitioner free', () => {
    const queue = queueOf(
      day(
        [
          { start: '09:00', arrived: '08:50', called: '09:00', done: '09:15' },
          { start: '10:00', arrived: '09:30' },
          { start: '10:15' },
          { start: '10:20', arrived: '09:40' },
        ],
        '09:45',
        [],
        'checked-in',
      ),
    );
    expect(estimates(queue)).to.deep.equal(['10:00→10:00', '10:15→10:15', '10:20→10:30']);
    for (const entry of queue.waiting) expect(entry.estimateMs).to.be.at.least(entry.scheduledMs);
  });

  it('expects a consult that has run long to go on a little longer, not to end at once', () => {
    const queue = queueOf(
      day(
        [
          { start: '09:00', arrived: '08:50', called: '09:00' },
          { start: '09:15', arrived: '09:05' },
        ],
        '09:40',
      ),
    );
    expect(queue.waiting[0]!.estimateMs).to.be.greaterThan(at('09:40'));
    expect(queue.waiting[0]!.estimateMs).to.be.at.most(at('09:40') + 15 * MINUTE);
  });

  it('keeps each practitioner apart, leaves out other days, the ignored and the cancelled, and counts a visit in progress without a recorded call as neither', () => {
    const queues = day(
      [
        { start: '09:00', arrived: '08:50' },
        { start: '09:00', arrived: '08:55', practitioner: 'dr-b' },
        { start: '09:15', status: 'cancelled' },
        { start: '09:30', status: 'fulfilled' },
        { start: '09:00', arrived: '08:40', practitioner: 'dr-ignored' },
      ],
      '08:58',
      [{ practitionerId: 'dr-ignored', ignore: true }],
    );
    expect([...queues.keys()].sort()).to.deep.equal(['dr-a', 'dr-b']);
    expect(queueOf(queues).waiting.map((e) => e.appointmentId)).to.deep.equal(['appt-dr-a-09:00']);
    expect(queueOf(queues).current).to.equal(undefined);
    expect(queueOf(queues, 'dr-b').waiting).to.have.length(1);
  });
});
