import { expect } from 'chai';
import { createLogger, REDACTED } from './logger.js';

function capture() {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(line) } };
}

describe('createLogger', () => {
  const number = '+61411012345';

  it('never prints phone numbers, bodies or patient names at info level', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: 'info', destination });
    logger.info({ to: number, body: 'hi', patient: { name: 'Xavier Q' }, key: 'appt-1:screening' }, 'sent');
    expect(lines).to.have.length(1);
    const line = lines[0]!;
    expect(line).to.not.contain(number).and.not.contain('"hi"').and.not.contain('Xavier');
    const entry = JSON.parse(line);
    expect(entry).to.include({ to: REDACTED, body: REDACTED, patient: REDACTED, key: 'appt-1:screening', msg: 'sent' });
  });

  it('redacts nested fields, arrays and child-logger bindings', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: 'debug', destination });
    logger.child({ from: number }).debug(
      {
        message: { from: number, text: 'YES' },
        recipients: [{ mobile: number }],
        err: { config: { headers: { authorization: 'Basic c2VjcmV0' } } },
        credentials: { token: 'tk-123', password: 'pw-456', secret: 'sc-789' },
      },
      'received',
    );
    const line = lines.join('');
    for (const value of [number, 'YES', 'c2VjcmV0', 'tk-123', 'pw-456', 'sc-789']) expect(line).to.not.contain(value);
    const entry = JSON.parse(line);
    expect(entry.from).to.equal(REDACTED);
    expect(entry.message).to.deep.equal({ from: REDACTED, text: REDACTED });
    expect(entry.err.config.headers.authorization).to.equal(REDACTED);
  });

  it('writes only at or above the configured level', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: 'warn', destination });
    logger.info('quiet');
    logger.warn('loud');
    expect(lines.map((line) => JSON.parse(line).msg)).to.deep.equal(['loud']);
    createLogger({ level: 'silent', destination }).fatal('nothing');
    expect(lines).to.have.length(1);
  });
});
