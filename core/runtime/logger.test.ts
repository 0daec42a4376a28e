import { expect } from 'chai';
import { withRemoteDetail } from '@clinic-arrivals/plugin-kit';
import { ClinicArrivalsError } from '@clinic-arrivals/plugin-kit';
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

  it('writes an Error logged as err or error without its cause, its properties or its remote text', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: 'debug', destination });
    const diagnostics = 'Appointment for Jane Citizen (mobile 0412 345 678, DOB 1957-03-14) is locked by user reception2';
    // What an HTTP client throws: the server's OperationOutcome on an enumerable property.
    const raw = Object.assign(new Error('HTTP 409: PUT https://pms.example/fhir/Appointment/a1'), {
      response: { status: 409, data: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'lock-error', diagnostics }] } },
    });
    const typed = withRemoteDetail(
      new ClinicArrivalsError('CA_ERR_PMS_REJECTED', 'FHIR server answered 409 (update Appointment)', { cause: raw }),
      diagnostics,
    );
    logger.warn({ err: typed }, 'arrival not written');
    logger.error({ error: raw }, 'request failed');
    logger.warn({ err: new Error(`could not text ${'0412 345 678'}`) }, 'plain');
    const text = lines.join('');
    for (const value of ['Jane', 'Citizen', '1957-03-14', 'reception2', '0412 345 678']) expect(text).to.not.contain(value);
    const [first, second, third] = lines.map((line) => JSON.parse(line));
    expect(JSON.stringify(first), 'not the cause').to.not.contain('HTTP 409: PUT');
    expect(first.err).to.deep.include({
      type: 'ClinicArrivalsError',
      code: 'CA_ERR_PMS_REJECTED',
      message: 'CA_ERR_PMS_REJECTED: FHIR server answered 409 (update Appointment)',
    });
    expect(first.err.stack).to.match(/^\s+at /);
    expect(Object.keys(first.err).sort()).to.deep.equal(['code', 'message', 'stack', 'type']);
    expect(second.error).to.deep.include({ type: 'Error', message: 'Error: HTTP 409: PUT https://pms.example/fhir/Appointment/a1' });
    expect(second.error, 'not the response').to.not.have.property('response');
    expect(third.err.message).to.equal('Error: could not text [number]');
  });

  it('leaves err values that are not errors (the host logs described strings) as they are', () => {
    const { lines, destination } = capture();
    createLogger({ level: 'info', destination }).warn({ err: 'CA_ERR_UNAVAILABLE: down', error: { message: 'plain object' } }, 'x');
    expect(JSON.parse(lines[0]!)).to.deep.include({ err: 'CA_ERR_UNAVAILABLE: down', error: { message: 'plain object' } });
  });
});
