import { expect } from 'chai';
import type { Appointment } from '@clinic-arrivals/plugin-kit';
import type { AppointmentProgress } from '../../core/engine/progress.js';
import { UnreachableError } from '@clinic-arrivals/plugin-kit';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import { HostProcess, untilKilled, World } from './cut-host.js';

/*
 * Issue: a reply cut short by a crash was decided again after the restart, against a PMS that
 * reception had moved on meanwhile, and the patient who did the right thing was told to call
 * reception. Each scenario runs once uncut and then once cut after every effect boundary the
 * uncut run passed (store write, PMS write, text, acknowledgement), with reception moving the
 * visit to `fulfilled` while the host is down; the patient must end up with the same texts.
 */

const PHONE = '+61412345678';
const START = '2026-11-23T11:00:00+11:00';

interface ReplyScenario {
  name: string;
  body: string;
  appointment: Appointment;
  progress: AppointmentProgress;
  thanks: string;
  ready: string;
}

const ROOM = { roomId: 'room-1', patientLink: 'https://video.example/room-1?role=patient', practitionerLink: 'https://video.example/room-1?role=host' };

const SCENARIOS: ReplyScenario[] = [
  {
    name: 'ARRIVED from an in-person patient',
    body: 'arrived',
    appointment: {
      id: 'appt-1',
      start: START,
      end: '2026-11-23T11:15:00+11:00',
      status: 'booked',
      isVideo: false,
      patient: { id: 'pat-1', name: 'Alex Citizen', firstName: 'Alex', mobile: '0412 345 678' },
      practitioner: { id: 'prac-1', name: 'Dr Lee' },
    },
    progress: { appointmentId: 'appt-1', plannedStart: START, lastStatus: 'booked', screening: 'in-person', screeningSentAt: 1 },
    thanks: 'ArrivedThanks',
    ready: 'DoctorReady',
  },
  {
    name: 'JOINED from an invited video patient',
    body: 'joined',
    appointment: {
      id: 'appt-v',
      start: START,
      end: '2026-11-23T11:15:00+11:00',
      status: 'booked',
      isVideo: true,
      patient: { id: 'pat-2', name: 'Kim Tran', firstName: 'Kim', mobile: '0412 345 678' },
      practitioner: { id: 'prac-1', name: 'Dr Lee' },
    },
    progress: {
      appointmentId: 'appt-v',
      plannedStart: START,
      lastStatus: 'booked',
      screening: 'video',
      screeningSentAt: 1,
      videoInviteSentAt: 2,
      room: ROOM,
      videoRecordedInPms: true,
    },
    thanks: 'VideoThanks',
    ready: 'DoctorReadyVideo',
  },
];

/** How one run ended, as the patient and the clinic see it. */
interface Outcome {
  texts: string[];
  pmsStatus: string | undefined;
  incomingState: string | undefined;
  arrivedBy: string | undefined;
  thanksOutbox: string | undefined;
}

async function newWorld(scenario: ReplyScenario): Promise<World> {
  const world = new World('2026-11-23T10:56:00+11:00', { id: 'SM-reply-1', from: PHONE, body: scenario.body, receivedAt: '2026-11-22T23:56:00Z' });
  world.pms.add(scenario.appointment);
  await world.seedProgress(scenario.progress);
  return world;
}

async function outcomeOf(world: World, scenario: ReplyScenario): Promise<Outcome> {
  const store = await openSqliteStore(world.storePath, { clock: world.clock });
  try {
    const id = scenario.appointment.id;
    const progress = (await store.loadProgress([id])).get(id);
    const thanks = (await store.listOutbox()).find((e) => e.template === scenario.thanks);
    return {
      texts: world.textsTo(PHONE),
      pmsStatus: world.pms.status(id),
      incomingState: (await store.getIncoming('SM-reply-1'))?.state,
      arrivedBy: progress?.arrivedBy,
      thanksOutbox: thanks?.status,
    };
  } finally {
    await store.close();
  }
}

/**
 * The reply is handled by a process cut after `cutAfter` effects (none: uncut); reception then
 * moves the visit to fulfilled; a new process takes what the inbox redelivers and runs a pass.
 * Returns the outcome and how many effects the first process got through.
 */
async function run(scenario: ReplyScenario, cutAfter?: number): Promise<{ outcome: Outcome; effects: number; log: string[] }> {
  const world = await newWorld(scenario);
  try {
    const first = await HostProcess.start(world, cutAfter);
    await untilKilled(() => first.pullReplies());
    await first.exit();

    world.clock.advance(4 * 60_000);
    world.pms.setStatus(scenario.appointment.id, 'fulfilled');

    const second = await HostProcess.start(world);
    await second.pullReplies();
    await second.todayPass();
    await second.exit();
    return { outcome: await outcomeOf(world, scenario), effects: first.cutter.effects, log: first.cutter.log };
  } finally {
    world.remove();
  }
}

describe('crash-exact replies: cut at every effect boundary', function () {
  this.timeout(60_000);

  for (const scenario of SCENARIOS) {
    describe(scenario.name, () => {
      it('uncut: thanked, marked arrived, and told the doctor is ready once reception moves the visit on', async () => {
        const { outcome, log } = await run(scenario);
        expect(outcome).to.deep.equal({
          texts: [scenario.thanks, scenario.ready],
          pmsStatus: 'fulfilled',
          incomingState: 'handled',
          arrivedBy: 'text',
          thanksOutbox: 'sent',
        });
        // The arrival is in the store before the PMS hears of it.
        expect(log.indexOf('store.saveProgress')).to.be.lessThan(log.indexOf('pms.markArrived'));
      });

      it('cut after each effect and restarted: the same texts, never twice, never "call reception"', async () => {
        const reference = await run(scenario);
        expect(reference.effects, 'boundaries in the uncut run').to.be.greaterThan(8);
        for (let cut = 0; cut <= reference.effects; cut++) {
          const { outcome, log } = await run(scenario, cut);
          const where = `cut after effect ${cut} (${log.at(-1) ?? 'before any'})`;
          expect(outcome.pmsStatus, where).to.equal('fulfilled');
          expect(outcome.incomingState, where).to.equal('handled');
          expect(outcome.arrivedBy, where).to.equal('text');
          expect(outcome.texts, where).to.not.include('Unexpected');
          if (outcome.thanksOutbox === 'unknown' && !outcome.texts.includes(scenario.thanks)) {
            // Cut between recording the text's intent and the provider call: whether it went out
            // cannot be known, so it is reported as unknown and never sent a second time.
            expect(log.at(-1), where).to.equal('store.beginSend');
            expect(outcome.texts, where).to.deep.equal([scenario.ready]);
          } else {
            expect(outcome.texts, where).to.deep.equal(reference.outcome.texts);
          }
        }
      });

      it('a store that fails right after the PMS write: one thanks after the restart, no Unexpected, the doctor-ready text after fulfilled', async () => {
        const world = await newWorld(scenario);
        try {
          const first = await HostProcess.start(world);
          // The store throws from the write that follows the PMS write (the first process dies there).
          const store = first.store as { saveReplyPlan: (...args: unknown[]) => Promise<void> };
          const save = store.saveReplyPlan.bind(store);
          store.saveReplyPlan = async (...args) => {
            if (world.pms.status(scenario.appointment.id) === 'arrived') throw new Error('disk I/O error');
            return save(...args);
          };
          await first.pullReplies();
          await first.exit();
          expect(world.pms.status(scenario.appointment.id)).to.equal('arrived');
          expect(world.textsTo(PHONE)).to.deep.equal([]);

          world.clock.advance(60_000);
          world.pms.setStatus(scenario.appointment.id, 'fulfilled');
          const second = await HostProcess.start(world);
          await second.pullReplies();
          await second.todayPass();
          await second.exit();
          expect(world.textsTo(PHONE)).to.deep.equal([scenario.thanks, scenario.ready]);
        } finally {
          world.remove();
        }
      });
    });
  }

  it('reception quicker than the next poll while the thanks waits for a retry: the doctor-ready text still goes', async () => {
    const [scenario] = SCENARIOS;
    const world = await newWorld(scenario!);
    try {
      const host = await HostProcess.start(world);
      let thanksFails = true;
      world.sender.onSend = (message) => {
        if (thanksFails && message.body.startsWith('ArrivedThanks')) throw new UnreachableError('provider down');
      };
      await host.pullReplies();
      expect(world.pms.status('appt-1')).to.equal('arrived');
      expect(world.textsTo(PHONE)).to.deep.equal([]);

      // Reception calls the patient in before the host polls again; the thanks is still waiting.
      world.pms.setStatus('appt-1', 'fulfilled');
      world.clock.advance(60_000);
      await host.todayPass();
      expect(world.textsTo(PHONE)).to.deep.equal(['DoctorReady']);

      thanksFails = false;
      world.clock.advance(10 * 60_000);
      await host.todayPass();
      await host.todayPass();
      await host.exit();
      expect(world.textsTo(PHONE)).to.deep.equal(['DoctorReady', 'ArrivedThanks']);
    } finally {
      world.remove();
    }
  });
});
