import { expect } from 'chai';
import { createLogger, REDACTED } from '../../core/runtime/logger.js';
import { parseLogLines } from './strict-json.js';

function capture(level: 'debug' | 'info' = 'debug') {
  let log = '';
  const logger = createLogger({ level, destination: { write: (line: string) => void (log += line) } });
  return { logger, entries: () => parseLogLines(log) };
}

describe('the host logger never writes a key twice', function () {
  it('binds a key once when a child binds it again (the plugin and loop cases)', function () {
    const { logger, entries } = capture();
    logger.child({ plugin: 'sms-twilio' }).child({ plugin: 'sms-twilio' }).info('sent');
    logger.child({ loop: 'today' }).warn({ loop: 'today', failuresInARow: 2 }, 'loop run failed');
    expect(entries()).to.have.length(2);
    expect(entries()[0]).to.include({ plugin: 'sms-twilio', msg: 'sent' });
    expect(entries()[1]).to.include({ loop: 'today', failuresInARow: 2, msg: 'loop run failed' });
  });

  it('lets the nearer value win: a child over its parent, a call over its bindings', function () {
    const { logger, entries } = capture();
    const api = logger.child({ component: 'api', route: '/a' });
    api.child({ route: '/b' }).info('x');
    api.info({ route: '/c' }, 'y');
    api.info('z');
    expect(entries().map((entry) => [entry.component, entry.route])).to.deep.equal([
      ['api', '/b'],
      ['api', '/c'],
      ['api', '/a'],
    ]);
  });

  it("moves a field named like one of pino's own keys aside instead of repeating it", function () {
    const { logger, entries } = capture();
    logger.child({ time: 'bound' }).info({ level: 'high', pid: 7, hostname: 'h', msg: 'field', msg_: 'taken' }, 'message');
    logger.info({ msg: 'the message itself' });
    const [first, second] = entries();
    expect(first).to.include({ level: 30, msg: 'message', level_: 'high', time_: 'bound', pid_: 7, hostname_: 'h', msg__: 'field', msg_: 'taken' });
    expect(second).to.include({ msg: 'the message itself' });
  });

  it('still redacts bound fields and reduces an Error passed the pino way', function () {
    const { logger, entries } = capture();
    logger.child({ to: '+61491570156' }).error(new Error('boom') as unknown as Record<string, unknown>, 'failed');
    const [entry] = entries();
    expect(entry).to.include({ to: REDACTED, msg: 'failed' });
    expect(entry!.err).to.include({ type: 'Error', message: 'Error: boom' });
  });

  it('writes nothing below the level, bindings or not', function () {
    const { logger, entries } = capture('info');
    logger.child({ plugin: 'x' }).debug({ a: 1 }, 'quiet');
    logger.debug('quiet');
    expect(entries()).to.deep.equal([]);
  });
});
