import { expect } from 'chai';
import type { Appointment } from '@clinic-arrivals/plugin-kit';
import type { AppointmentProgress } from '../../core/engine/progress.js';
import { DEFAULT_RUNNING_LATE } from '../../core/engine/workflow-settings.js';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import { HostProcess, untilKilled, World } from './cut-host.js';

/*
 * Crash cuts for issue 18's texts on the day: a running-late text (outbox intent, provider,
 * outbox result, progress) and the answer to a WAIT (the reply's recorded plan, the text,
 * progress, the message's state, the inbox acknowledgement). Each runs once uncut, then cut
 * after every effect boundary the uncut run passed and restarted a minute later: the patient
 * gets the same texts, none twice; a text whose fate cannot be known is reported unknown and
 * never sent again.
 */

const PHONE = '+61412345678';
const START = '2026-11-23T09:00:00+11:00';
const MINUTE = 60_000;

/** The only patient of the morning, arrived, 40 minutes past their start and not yet called in. */
const APPOINTMENT: Appointment = {
  id: 'appt-1',
  start: START,
  end: '2026-11-23T09:15:00+11:00',
  status: 'arrived',
  isVideo: false,
  patient: { id: 'pat-1', name: 'Alex Citizen', firstName: 'Alex', mobile: '0412 345 678' },
  practitioner: { id: 'prac-1', name: 'Dr Lee' },
};

const PROGRESS: AppointmentProgress = {
  appointmentId: 'appt-1',
  plannedStart: START,
  lastStatus: 'arrived',
  screening: 'in-person',
  screeningSentAt: 1,
  arrivedAt: Date.parse('2026-11-23T08:50:00+11:00'),
  arrivedBy: 'text',
};

interface Outcome {
  texts: string[];
  lateTexts: number | undefined;
  waitAnswered: boolean;
  incomingState: string | undefined;
  outbox: Array<[string, string]>;
}

async function newWorld(body: string, lateTexts: boolean): Promise<World> {
  const world = new World('2026-11-23T09:40:00+11:00', { id: 'SM-wait-1', from: PHONE, body, receivedAt: '2026-11-22T22:40:00Z' });
  world.settings.workflow.runningLate = { ...DEFAULT_RUNNING_LATE, texts: lateTexts };
  world.pms.add(APPOINTMENT);
  await world.seedProgress(PROGRESS);
  return world;
}

async function outcomeOf(world: World): Promise<Outcome> {
  const store = await openSqliteStore(world.storePath, { clock: world.clock });
  try {
    const progress = (await store.loadProgress(['appt-1'])).get('appt-1');
    return {
      texts: world.textsTo(PHONE),
      lateTexts: progress?.lateTexts,
      waitAnswered: progress?.waitAnsweredAt !== undefined,
      incomingState: (await store.getIncoming('SM-wait-1'))?.state,
      outbox: (await store.listOutbox()).map((e) => [e.template, e.status] as [string, string]).sort(),
    };
  } finally {
    await store.close();
  }
}

/**
 * Delay texts: a process runs one today pass and is cut after `cutAfter` effects; a minute
 * later a new one runs a pass; then, 25 minutes on (the delay a step further), two more passes.
 */
async function runDelayText(cutAfter?: number): Promise<{ outcome: Outcome; effects: number; log: string[] }> {
  const world = await newWorld('unused', true);
  try {
    const first = await HostProcess.start(world, cutAfter);
    await untilKilled(() => first.todayPass());
    await first.exit();

    world.clock.advance(MINUTE);
    const second = await HostProcess.start(world);
    await second.todayPass();
    world.clock.advance(25 * MINUTE);
    await second.todayPass();
    world.clock.advance(MINUTE);
    await second.todayPass();
    await second.exit();
    return { outcome: await outcomeOf(world), effects: first.cutter.effects, log: first.cutter.log };
  } finally {
    world.remove();
  }
}

/** WAIT: a process takes the reply and is cut; a minute later a new one takes what the inbox redelivers, runs a pass, and hears WAIT again. */
async function runWait(cutAfter?: number): Promise<{ outcome: Outcome; effects: number; log: string[]; again: string | undefined }> {
  const world = await newWorld('WAIT', false);
  try {
    const first = await HostProcess.start(world, cutAfter);
    await untilKilled(() => first.pullReplies());
    await first.exit();

    world.clock.advance(MINUTE);
    const second = await HostProcess.start(world);
    await second.pullReplies();
    await second.todayPass();
    // Asked again within 5 minutes of the answer: nothing new.
    await second.pump.receive({ id: 'SM-wait-2', from: PHONE, body: 'wait', receivedAt: new Date(world.clock.now()).toISOString() });
    const again = (await second.store.getIncoming('SM-wait-2'))?.reason;
    await second.exit();
    return { outcome: await outcomeOf(world), effects: first.cutter.effects, log: first.cutter.log, again };
  } finally {
    world.remove();
  }
}

describe('crash-exact running-late texts and WAIT answers: cut at every effect boundary', function () {
  this.timeout(120_000);

  it('uncut: one delay text, then one more a step later', async () => {
    const { outcome, log } = await runDelayText();
    expect(outcome.texts).to.deep.equal(['RunningLate', 'RunningLate']);
    expect(outcome.lateTexts).to.equal(2);
    expect(log).to.include.members(['store.beginSend', 'sms.send', 'store.finishSend', 'store.saveProgress']);
  });

  it('delay text cut after each effect and restarted: the same texts, never twice', async () => {
    const reference = await runDelayText();
    expect(reference.effects, 'boundaries in the uncut run').to.be.greaterThan(3);
    for (let cut = 0; cut <= reference.effects; cut++) {
      const { outcome, log } = await runDelayText(cut);
      const where = `cut after effect ${cut} (${log.at(-1) ?? 'before any'})`;
      expect(outcome.lateTexts, where).to.equal(2);
      if (outcome.outbox.some(([, status]) => status === 'unknown')) {
        // Cut after recording the intent, before the result: whether the first went out cannot
        // be known; it is reported, never sent again, and the second still follows.
        expect(outcome.outbox, where).to.deep.equal([
          ['RunningLate', 'sent'],
          ['RunningLate', 'unknown'],
        ]);
        const delivered = log.at(-1) === 'sms.send';
        if (!delivered) expect(log.at(-1), where).to.equal('store.beginSend');
        expect(outcome.texts, where).to.deep.equal(delivered ? reference.outcome.texts : ['RunningLate']);
      } else {
        expect(outcome.texts, where).to.deep.equal(reference.outcome.texts);
        expect(outcome.outbox, where).to.deep.equal(reference.outcome.outbox);
      }
    }
  });

  it('uncut WAIT: one answer with the estimate, the message handled; a second WAIT within 5 minutes gets nothing new', async () => {
    const { outcome, again } = await runWait();
    expect(outcome).to.deep.include({ texts: ['WaitEstimate'], waitAnswered: true, incomingState: 'handled', lateTexts: undefined });
    expect(again).to.equal('wait-answered-recently');
  });

  it('WAIT cut after each effect and restarted: one answer, never two', async () => {
    const reference = await runWait();
    expect(reference.effects, 'boundaries in the uncut run').to.be.greaterThan(4);
    for (let cut = 0; cut <= reference.effects; cut++) {
      const { outcome, log, again } = await runWait(cut);
      const where = `cut after effect ${cut} (${log.at(-1) ?? 'before any'})`;
      expect(outcome.incomingState, where).to.equal('handled');
      expect(outcome.waitAnswered, where).to.equal(true);
      expect(again, where).to.equal('wait-answered-recently');
      if (outcome.outbox.some(([, status]) => status === 'unknown') && log.at(-1) !== 'sms.send') {
        // Cut between recording the intent and the provider call: reported unknown, never sent again.
        expect(log.at(-1), where).to.equal('store.beginSend');
        expect(outcome.texts, where).to.deep.equal([]);
      } else {
        expect(outcome.texts, where).to.deep.equal(['WaitEstimate']);
      }
    }
  });
});
