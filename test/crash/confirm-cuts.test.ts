import { expect } from 'chai';
import type { Appointment } from '@clinic-arrivals/plugin-kit';
import type { AppointmentProgress } from '../../core/engine/progress.js';
import type { ConfirmSettings } from '../../core/engine/workflow-settings.js';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import { cutThenRestart, type HostProcess, World } from './cut-host.js';

/*
 * Confirm or cancel by reply (issue 18), cut after every effect boundary and restarted: a YES
 * (store, PMS confirmation, thanks), a NO the host carries out (store, PMS cancel, Cancellation
 * text, store) and reception's one-click cancel on the scheduled pass. Nothing is lost and
 * nothing happens twice: one thanks or Cancellation text, one confirmation in the PMS.
 */

const PHONE = '+61412345678';
const NOW = '2026-11-23T10:00:00+11:00';
const START = '2026-11-24T09:30:00+11:00';
const MESSAGE_ID = 'SM-confirm-1';

const appointment: Appointment = {
  id: 'appt-c',
  start: START,
  end: '2026-11-24T09:45:00+11:00',
  status: 'booked',
  isVideo: false,
  patient: { id: 'pat-c', name: 'Alex Citizen', firstName: 'Alex', mobile: '0412 345 678' },
  practitioner: { id: 'prac-1', name: 'Dr Lee' },
};

interface ConfirmScenario {
  name: string;
  confirm: ConfirmSettings;
  /** The reply the patient sends; undefined: no reply (reception's cancel). */
  body?: string;
  progress: Partial<AppointmentProgress>;
  /** What the first process does before it may be cut, and what a restarted one does. */
  work: (host: HostProcess) => Promise<void>;
  resume: (host: HostProcess) => Promise<void>;
  /** The one text the patient must get. */
  text: 'ConfirmThanks' | 'Cancellation';
  status: string;
  confirmed: 'confirmed' | 'cancelled';
}

const replies = (host: HostProcess) => host.pullReplies();
const repliesThenUpcoming = async (host: HostProcess) => {
  await host.pullReplies();
  await host.upcomingPass();
};
const upcomingThenReplies = async (host: HostProcess) => {
  await host.upcomingPass();
  await host.pullReplies();
};
const upcoming = async (host: HostProcess) => {
  await host.upcomingPass();
  await host.upcomingPass();
};

const SCENARIOS: ConfirmScenario[] = [
  {
    name: 'YES to the confirm question',
    confirm: { ask: true, onNo: 'reception' },
    body: 'Yes',
    progress: { registrationSentAt: 1, confirm: 'asked' },
    work: replies,
    resume: repliesThenUpcoming,
    text: 'ConfirmThanks',
    status: 'booked',
    confirmed: 'confirmed',
  },
  {
    name: 'NO with onNo cancel (the reply finished first)',
    confirm: { ask: true, onNo: 'cancel' },
    body: 'no',
    progress: { registrationSentAt: 1, confirm: 'asked' },
    work: replies,
    resume: repliesThenUpcoming,
    text: 'Cancellation',
    status: 'cancelled',
    confirmed: 'cancelled',
  },
  {
    name: 'NO with onNo cancel (the scheduled pass first after the restart)',
    confirm: { ask: true, onNo: 'cancel' },
    body: 'NO',
    progress: { registrationSentAt: 1, confirm: 'asked' },
    work: replies,
    resume: upcomingThenReplies,
    text: 'Cancellation',
    status: 'cancelled',
    confirmed: 'cancelled',
  },
  {
    name: "reception's one-click cancel",
    confirm: { ask: true, onNo: 'reception' },
    progress: { registrationSentAt: 1, confirm: 'cancel', confirmAnsweredAt: 1 },
    work: upcoming,
    resume: upcoming,
    text: 'Cancellation',
    status: 'cancelled',
    confirmed: 'cancelled',
  },
];

interface Outcome {
  texts: string[];
  status: string | undefined;
  confirm: string | undefined;
  confirmations: number;
  incomingState: string | undefined;
  outbox: string[];
}

async function newWorld(scenario: ConfirmScenario): Promise<World> {
  const world = new World(
    NOW,
    { id: MESSAGE_ID, from: PHONE, body: scenario.body ?? 'unused', receivedAt: '2026-11-22T23:00:00Z' },
    { confirm: scenario.confirm },
  );
  // Cancellation texts on: the scheduled cancellation must not add a second one.
  world.settings.workflow.cancellationMessages = true;
  if (scenario.body === undefined) world.inbox.acked.add(MESSAGE_ID);
  world.pms.add(appointment);
  await world.seedProgress({ appointmentId: appointment.id, plannedStart: START, lastStatus: 'booked', ...scenario.progress });
  return world;
}

async function outcomeOf(world: World): Promise<Outcome> {
  const store = await openSqliteStore(world.storePath, { clock: world.clock });
  try {
    const progress = (await store.loadProgress([appointment.id])).get(appointment.id);
    return {
      texts: world.textsTo(PHONE),
      status: world.pms.status(appointment.id),
      confirm: progress?.confirm,
      confirmations: world.pms.confirmations.size,
      incomingState: (await store.getIncoming(MESSAGE_ID))?.state,
      outbox: (await store.listOutbox()).map((e) => `${e.template}:${e.status}`),
    };
  } finally {
    await store.close();
  }
}

async function run(scenario: ConfirmScenario, cutAfter?: number): Promise<{ outcome: Outcome; effects: number; log: string[] }> {
  const world = await newWorld(scenario);
  try {
    const { first } = await cutThenRestart(world, cutAfter, scenario.work, scenario.resume);
    return { outcome: await outcomeOf(world), effects: first.cutter.effects, log: first.cutter.log };
  } finally {
    world.remove();
  }
}

describe('crash-exact confirm and cancel: cut at every effect boundary', function () {
  this.timeout(120_000);

  for (const scenario of SCENARIOS) {
    describe(scenario.name, () => {
      it('uncut: one text, the PMS written once, the answer recorded', async () => {
        const { outcome, log } = await run(scenario);
        expect(outcome).to.deep.include({
          texts: [scenario.text],
          status: scenario.status,
          confirm: scenario.confirmed,
          confirmations: scenario.text === 'ConfirmThanks' ? 1 : 0,
          outbox: [`${scenario.text}:sent`],
        });
        if (scenario.body !== undefined) {
          expect(outcome.incomingState).to.equal('handled');
          // The answer is in the store before the PMS hears of it.
          const pmsWrite = log.findIndex((line) => line === 'pms.confirmAppointment' || line === 'pms.cancelAppointment');
          expect(log.indexOf('store.saveProgress')).to.be.within(0, pmsWrite);
        }
      });

      it('cut after each effect and restarted: the same outcome, never twice', async () => {
        const reference = await run(scenario);
        expect(reference.effects, 'boundaries in the uncut run').to.be.greaterThan(3);
        for (let cut = 0; cut <= reference.effects; cut++) {
          const { outcome, log } = await run(scenario, cut);
          const where = `cut after effect ${cut} (${log.at(-1) ?? 'before any'})`;
          expect(outcome.status, where).to.equal(scenario.status);
          expect(outcome.confirm, where).to.equal(scenario.confirmed);
          expect(outcome.confirmations, where).to.equal(reference.outcome.confirmations);
          if (scenario.body !== undefined) expect(outcome.incomingState, where).to.equal('handled');
          expect(outcome.outbox.length, `${where}: one entry for the one text`).to.equal(1);
          if (outcome.outbox[0] === `${scenario.text}:unknown`) {
            // Cut between recording the text's intent and recording the provider's answer: whether
            // it went out cannot be known, so it is reported as unknown and never sent a second time.
            expect(log.at(-1), where).to.be.oneOf(['store.beginSend', 'sms.send']);
            expect(outcome.texts, where).to.deep.equal(log.at(-1) === 'sms.send' ? [scenario.text] : []);
          } else {
            expect(outcome.texts, where).to.deep.equal([scenario.text]);
          }
        }
      });
    });
  }
});
