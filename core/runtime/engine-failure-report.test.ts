import { expect } from 'chai';
import type { EngineFailure } from '../engine/failures.js';
import { reportEngineFailures } from './engine-failure-report.js';
import { createLogger } from './logger.js';
import { StatusBoard } from './status-board.js';

function failure(index: number, extra: Partial<EngineFailure> = {}): EngineFailure {
  const cause = new TypeError(`Cannot read 'trim' of the record of Robin Example (${index})`);
  return { phase: 'scheduled', appointmentId: `a${index}`, step: 'plan-step', error: 'TypeError', cause, ...extra };
}

function capture(level: 'info' | 'debug') {
  let text = '';
  const logger = createLogger({ level, destination: { write: (line: string) => void (text += line) } });
  return {
    logger,
    lines: () =>
      text
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('reportEngineFailures', () => {
  it('nothing to report: no log, no error, no count', () => {
    const { logger, lines } = capture('debug');
    const board = new StatusBoard(() => 0);
    let counted = 0;
    reportEngineFailures([], {
      logger,
      board,
      counters: {
        engineFailed: () => {
          counted += 1;
        },
      },
    });
    expect(lines()).to.deep.equal([]);
    expect(board.recentErrors).to.deep.equal([]);
    expect(counted).to.equal(0);
  });

  it('a reply: logged at error with the message id, the stack only at debug', () => {
    const { logger, lines } = capture('debug');
    const board = new StatusBoard(() => 0);
    const counted: string[] = [];
    reportEngineFailures([failure(1, { phase: 'incoming', messageId: 'SM1', step: 'pms-sync' })], {
      logger,
      board,
      counters: { engineFailed: (phase) => counted.push(phase) },
    });
    const [error, debug] = lines();
    expect(error).to.include({ level: 50, appointmentId: 'a1', messageId: 'SM1', step: 'pms-sync', err: 'TypeError' });
    expect(JSON.stringify(error)).to.not.contain('Robin');
    expect(debug).to.include({ level: 20, appointmentId: 'a1' });
    expect(debug!.stack).to.be.a('string').that.contains('TypeError');
    expect(board.recentErrors.map(({ where, error: e, count }) => ({ where, error: e, count }))).to.deep.equal([
      { where: 'engine incoming pms-sync', error: 'TypeError for appointment a1', count: 1 },
    ]);
    expect(counted).to.deep.equal(['incoming']);
  });

  it('a planner bug failing every appointment: ten lines and a summary, one status entry per step and error, every one counted', () => {
    const { logger, lines } = capture('info');
    const board = new StatusBoard(() => 0);
    let counted = 0;
    const failures = Array.from({ length: 25 }, (_, index) => failure(index));
    reportEngineFailures(failures, {
      logger,
      board,
      counters: {
        engineFailed: () => {
          counted += 1;
        },
      },
    });
    const logged = lines();
    expect(logged.filter((line) => line.appointmentId !== undefined)).to.have.length(10);
    expect(logged.at(-1)).to.include({ level: 50, failures: 25, logged: 10 });
    expect(logged.every((line) => line.stack === undefined)).to.equal(true);
    expect(board.recentErrors.map((e) => [e.where, e.error])).to.deep.equal([['engine scheduled plan-step', 'TypeError for appointment a0 and 24 more']]);
    expect(counted).to.equal(25);
  });
});
