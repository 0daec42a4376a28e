import { expect } from 'chai';
import type { Appointment } from '@clinic-arrivals/plugin-kit';
import type { MessageRenderer } from '../../core/executor/message-renderer.js';
import { DEFAULT_RUNNING_LATE } from '../../core/engine/workflow-settings.js';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import { HostProcess, World } from '../crash/cut-host.js';

/*
 * A simulated morning at host level: the runtime's today passes and inbox (as the host composes
 * them; see test/crash/cut-host.ts) over a PMS whose statuses reception changes by hand, a real
 * SQLite store and a manual clock. Dr Lee starts
 * 20 minutes late and takes 30 minutes per 15-minute slot; Dr Kim calls every patient on time.
 * The assertions hold for any sane wait estimate (nobody still waiting is expected in the past),
 * so they test the texts, not one estimator. Texts are rendered as `template|appointment|delay`
 * so the test reads what each one told and about whom.
 */

const DAY = '2026-11-23';
const TODAY_STARTS = `${DAY}T08:00:00+11:00`;

const showingVariables: MessageRenderer = {
  render(name, variables) {
    const delay = typeof variables.delay === 'string' ? variables.delay : '';
    return `${name}|${variables.appointment?.id ?? ''}|${delay}`;
  },
  lastMessageNotice: ' (last message today)',
};

interface Patient {
  id: string;
  start: string;
  practitioner: 'lee' | 'kim';
  phone: string;
}

/** Five 15-minute slots each from 09:00. */
const PATIENTS: Patient[] = ['09:00', '09:15', '09:30', '09:45', '10:00'].flatMap((start, i) => [
  { id: `lee-${i + 1}`, start, practitioner: 'lee' as const, phone: `+6141100000${i + 1}` },
  { id: `kim-${i + 1}`, start, practitioner: 'kim' as const, phone: `+6141200000${i + 1}` },
]);

/** Dr Lee running long: starts at 09:20, 30 minutes per patient. */
const LEE_RUNS_LONG: Record<string, string> = { 'lee-1': '09:20', 'lee-2': '09:50', 'lee-3': '10:20', 'lee-4': '10:50', 'lee-5': '11:20' };
/** Dr Lee on time. */
const LEE_ON_TIME: Record<string, string> = { 'lee-1': '09:00', 'lee-2': '09:15', 'lee-3': '09:30', 'lee-4': '09:45', 'lee-5': '10:00' };

function clock(hhmm: string): string {
  return `${DAY}T${hhmm}:00+11:00`;
}

function minutesAfter(hhmm: string, minutes: number): string {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const total = h * 60 + m + minutes;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

function appointmentOf(patient: Patient): Appointment {
  return {
    id: patient.id,
    start: clock(patient.start),
    end: clock(minutesAfter(patient.start, 15)),
    status: 'booked',
    isVideo: false,
    patient: { id: `pat-${patient.id}`, name: `Patient ${patient.id}`, firstName: 'Pat', mobile: patient.phone },
    practitioner: patient.practitioner === 'lee' ? { id: 'prac-lee', name: 'Dr Lee' } : { id: 'prac-kim', name: 'Dr Kim' },
  };
}

/** One text as the test renders it. */
interface Text {
  to: string;
  template: string;
  appointmentId: string;
  delay: number | undefined;
}

interface Morning {
  world: World;
  host: HostProcess;
  texts(to?: string): Text[];
  /** A patient's text, handled as the inbox loop does; returns the message id. */
  reply(from: string, body: string): Promise<string>;
  now(): string;
}

interface MorningPlan {
  leeCalls: Record<string, string>;
  /** Things that happen at a clinic time (replies, reception's settings), before that minute's pass. */
  events?: Record<string, (morning: Morning) => Promise<void>>;
  /** After every pass. */
  afterPass?: (morning: Morning) => Promise<void>;
}

/** Runs the morning minute by minute from 08:00 to 11:40: patients arrive 10 minutes early; each practitioner calls them in. */
async function runMorning(plan: MorningPlan): Promise<Morning & { finish(): Promise<void> }> {
  const world = new World(TODAY_STARTS, { id: 'SM-unused', from: '+61499999999', body: 'unused', receivedAt: TODAY_STARTS });
  world.renderer = showingVariables;
  world.settings.workflow.runningLate = { ...DEFAULT_RUNNING_LATE, texts: true };
  for (const patient of PATIENTS) world.pms.add(appointmentOf(patient));
  const host = await HostProcess.start(world);
  let replies = 0;
  const morning: Morning = {
    world,
    host,
    texts: (to) =>
      world.sender.sent
        .filter((m) => to === undefined || m.to === to)
        .map((m) => {
          const [template, appointmentId, delay] = m.body.split('|');
          return { to: m.to, template: template!, appointmentId: appointmentId!, delay: delay ? Number(delay) : undefined };
        }),
    reply: async (from, body) => {
      replies += 1;
      const id = `SM-morning-${replies}`;
      await host.pump.receive({ id, from, body, receivedAt: new Date(world.clock.now()).toISOString() });
      return id;
    },
    now: () => new Date(world.clock.now()).toISOString(),
  };
  const calls: Record<string, string> = { ...plan.leeCalls };
  for (const patient of PATIENTS) if (patient.practitioner === 'kim') calls[patient.id] = patient.start;
  for (let minute = 0; minute <= 220; minute++) {
    const time = minutesAfter('08:00', minute);
    world.clock.set(clock(time));
    for (const patient of PATIENTS) {
      if (minutesAfter(patient.start, -10) === time) world.pms.setStatus(patient.id, 'arrived');
      if (calls[patient.id] === time) world.pms.setStatus(patient.id, 'fulfilled');
    }
    await plan.events?.[time]?.(morning);
    await host.todayPass();
    await plan.afterPass?.(morning);
  }
  return { ...morning, finish: () => host.exit().finally(() => world.remove()) };
}

function phoneOf(id: string): string {
  return PATIENTS.find((p) => p.id === id)!.phone;
}

function lateTexts(morning: Morning, id: string): Text[] {
  return morning.texts(phoneOf(id)).filter((t) => t.template === 'RunningLate');
}

async function setPractitioner(morning: Morning, id: string, change: Record<string, unknown>): Promise<void> {
  const existing = (await morning.host.store.listPractitioners()).find((p) => p.practitionerId === id) ?? { practitionerId: id };
  await morning.host.store.savePractitioner({ ...existing, ...change });
}

describe('running late: a simulated morning at host level', function () {
  this.timeout(120_000);

  it('Dr Lee runs long: waiting patients get a delay text past the threshold and at most one more a step later; Dr Kim’s get none', async () => {
    const morning = await runMorning({ leeCalls: LEE_RUNS_LONG });
    try {
      for (const patient of PATIENTS) {
        const texts = lateTexts(morning, patient.id);
        if (patient.practitioner === 'kim') {
          expect(texts, patient.id).to.deep.equal([]);
          continue;
        }
        expect(texts.length, `${patient.id}: never a third`).to.be.at.most(2);
        if (texts[0]) expect(texts[0].delay, `${patient.id}: the first at the threshold or later`).to.be.at.least(15);
        if (texts[1]) expect(texts[1].delay, `${patient.id}: the second a step later`).to.be.at.least(texts[0]!.delay! + 15);
      }
      // Lee 2 to 5 each waited at least 30 minutes past their start, so each was told.
      for (const id of ['lee-2', 'lee-3', 'lee-4', 'lee-5']) expect(lateTexts(morning, id), id).to.not.be.empty;
      // Lee 5 waited 80 minutes: told twice.
      expect(lateTexts(morning, 'lee-5')).to.have.length(2);
      // A text never mentions another patient: each is about the recipient's own appointment.
      for (const text of morning.texts()) expect(phoneOf(text.appointmentId), `${text.template} to ${text.to}`).to.equal(text.to);
      // The queue's inputs are in the store: each call at the minute reception made it.
      const store = await openSqliteStore(morning.world.storePath, { clock: morning.world.clock });
      try {
        const progress = await store.loadProgress(PATIENTS.map((p) => p.id));
        for (const patient of PATIENTS) {
          const calledAt = patient.practitioner === 'lee' ? LEE_RUNS_LONG[patient.id]! : patient.start;
          expect(progress.get(patient.id)?.calledAt, patient.id).to.equal(Date.parse(clock(calledAt)));
        }
      } finally {
        await store.close();
      }
      // A called patient gets the doctor-ready text, then no delay text.
      const lee2 = morning.texts(phoneOf('lee-2')).map((t) => t.template);
      expect(lee2.at(-1)).to.equal('DoctorReady');
    } finally {
      await morning.finish();
    }
  });

  it('WAIT gets the patient’s own estimate; a second within 5 minutes gets nothing new; STOP after a delay text stops the rest', async () => {
    const ids: Record<string, string> = {};
    let stoppedAt: number | undefined;
    const morning = await runMorning({
      leeCalls: LEE_RUNS_LONG,
      events: {
        '09:45': async (m) => {
          ids.first = await m.reply(phoneOf('lee-3'), 'WAIT');
        },
        '09:48': async (m) => {
          ids.second = await m.reply(phoneOf('lee-3'), 'how long?');
        },
        '09:51': async (m) => {
          ids.third = await m.reply(phoneOf('lee-3'), 'wait');
        },
        '09:52': async (m) => {
          ids.kim = await m.reply(phoneOf('kim-5'), 'wait');
        },
      },
      afterPass: async (m) => {
        if (stoppedAt === undefined && lateTexts(m, 'lee-4').length === 1) {
          await m.reply(phoneOf('lee-4'), 'STOP');
          stoppedAt = m.texts(phoneOf('lee-4')).length;
        }
      },
    });
    try {
      const answers = morning.texts(phoneOf('lee-3')).filter((t) => t.template.startsWith('Wait'));
      // 09:45 and 09:51 answered (the patient started at 09:30 and was still waiting: at least 15 minutes late); 09:48 not.
      expect(answers.map((t) => t.template)).to.deep.equal(['WaitEstimate', 'WaitEstimate']);
      expect(answers[0]!.delay).to.be.at.least(15);
      expect(answers.every((t) => t.appointmentId === 'lee-3')).to.equal(true);
      const store = await openSqliteStore(morning.world.storePath, { clock: morning.world.clock });
      try {
        expect(await store.getIncoming(ids.first!)).to.deep.include({ state: 'handled', appointmentId: 'lee-3' });
        expect(await store.getIncoming(ids.second!)).to.deep.include({ state: 'handled', reason: 'wait-answered-recently', appointmentId: 'lee-3' });
        expect(await store.getIncoming(ids.third!)).to.deep.include({ state: 'handled' });
      } finally {
        await store.close();
      }
      // Dr Kim is on time: Kim 5 (10:00, asked at 09:52) hears an estimate without a delay.
      expect(
        morning
          .texts(phoneOf('kim-5'))
          .filter((t) => t.template.startsWith('Wait'))
          .map((t) => t.template),
      ).to.deep.equal(['WaitOnTime']);
      expect(stoppedAt, 'lee-4 was told once, then sent STOP').to.not.equal(undefined);
      expect(morning.texts(phoneOf('lee-4')).slice(stoppedAt)).to.deep.equal([]);
    } finally {
      await morning.finish();
    }
  });

  it('reception mutes Dr Lee’s delay texts for the day: none go out, and WAIT is still answered', async () => {
    const morning = await runMorning({
      leeCalls: LEE_RUNS_LONG,
      events: {
        '08:00': (m) => setPractitioner(m, 'prac-lee', { lateTextsMutedOn: DAY }),
        '10:10': async (m) => {
          await m.reply(phoneOf('lee-5'), 'WAIT');
        },
      },
    });
    try {
      expect(morning.texts().filter((t) => t.template === 'RunningLate')).to.deep.equal([]);
      expect(
        morning
          .texts(phoneOf('lee-5'))
          .filter((t) => t.template.startsWith('Wait'))
          .map((t) => t.template),
      ).to.deep.equal(['WaitEstimate']);
    } finally {
      await morning.finish();
    }
  });

  it('a mute for another day changes nothing', async () => {
    const morning = await runMorning({
      leeCalls: LEE_RUNS_LONG,
      events: { '08:00': (m) => setPractitioner(m, 'prac-lee', { lateTextsMutedOn: '2026-11-22' }) },
    });
    try {
      expect(lateTexts(morning, 'lee-5')).to.have.length(2);
    } finally {
      await morning.finish();
    }
  });

  it('reception’s "running late by 45 minutes" for an on-time Dr Lee: Lee’s waiting patients are told, Kim’s are not', async function () {
    const morning = await runMorning({
      leeCalls: LEE_ON_TIME,
      events: { '08:40': (m) => setPractitioner(m, 'prac-lee', { lateOverride: { minutes: 45, day: DAY, setAt: Date.parse(clock('08:40')) } }) },
    });
    try {
      const told = PATIENTS.filter((p) => lateTexts(morning, p.id).length > 0).map((p) => p.id);
      expect(told).to.not.be.empty;
      expect(told.every((id) => id.startsWith('lee-'))).to.equal(true);
    } finally {
      await morning.finish();
    }
    // Without the override the same morning sends none.
    const plain = await runMorning({ leeCalls: LEE_ON_TIME });
    try {
      expect(plain.texts().filter((t) => t.template === 'RunningLate')).to.deep.equal([]);
    } finally {
      await plain.finish();
    }
  });
});
