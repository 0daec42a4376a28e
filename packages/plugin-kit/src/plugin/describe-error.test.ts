import { expect } from 'chai';
import { describeError, maskNumbers, remoteDetailOf, withRemoteDetail } from './describe-error.js';
import { ClinicArrivalsError, InvalidNumberError, UnavailableError } from './errors.js';

describe('describeError: one log-safe description of anything thrown', () => {
  it('masks phone numbers however a provider wrote them, in typed and plain errors alike', () => {
    expect(describeError(new InvalidNumberError("The 'To' number +61412345678 is not a valid phone number"))).to.equal(
      "CA_ERR_INVALID_NUMBER: The 'To' number [number] is not a valid phone number",
    );
    expect(describeError(new Error('cannot text 0412 345 678 or +61-412-345-679'))).to.equal('Error: cannot text [number] or [number]');
    expect(describeError('refused 61412345678')).to.equal('refused [number]');
  });

  it('describes a typed error from another copy of the core by its code, not its class', () => {
    const foreign = Object.assign(new Error('Twilio said 503 for +61412345678'), { name: 'UnavailableError', code: 'CA_ERR_UNAVAILABLE' });
    expect(describeError(foreign)).to.equal('CA_ERR_UNAVAILABLE: Twilio said 503 for [number]');
    expect(describeError(new UnavailableError('down'))).to.equal('CA_ERR_UNAVAILABLE: down');
  });

  it('keeps what is not a phone number: error codes, ports, short numbers, ISO dates', () => {
    const text = 'Twilio 21211 at 127.0.0.1:5432, room 7, appointment 2026-11-23T08:00:00+11:00';
    expect(maskNumbers(text)).to.equal(text);
  });

  it('adds no stack and no properties of the error', () => {
    const error = Object.assign(new Error('failed'), { patient: 'Jane Citizen', to: '+61412345678' });
    expect(describeError(error)).to.equal('Error: failed');
  });

  const DIAGNOSTICS = 'Appointment for Jane Citizen (mobile 0412 345 678, DOB 1957-03-14) is locked by user reception2';

  it("never includes the cause's message, however deep", () => {
    const raw = Object.assign(new Error(`HTTP 409: ${DIAGNOSTICS}`), { response: { status: 409, data: DIAGNOSTICS } });
    const typed = new ClinicArrivalsError('CA_ERR_PMS_REJECTED', 'FHIR server answered 409 (update Appointment)', { cause: raw });
    expect(describeError(typed)).to.equal('CA_ERR_PMS_REJECTED: FHIR server answered 409 (update Appointment)');
    expect(describeError(new Error('wrapped', { cause: typed }))).to.equal('Error: wrapped');
  });

  it('never includes the remote detail, not even when a plugin also put it into the message', () => {
    const kept = withRemoteDetail(new ClinicArrivalsError('CA_ERR_PMS_REJECTED', 'FHIR server answered 409 (update Appointment)'), DIAGNOSTICS);
    expect(remoteDetailOf(kept)).to.equal(DIAGNOSTICS);
    expect(describeError(kept)).to.equal('CA_ERR_PMS_REJECTED: FHIR server answered 409 (update Appointment)');
    const careless = withRemoteDetail(new Error(`PMS said: ${DIAGNOSTICS}`), DIAGNOSTICS);
    expect(describeError(careless)).to.equal('Error: PMS said: [remote text withheld]');
  });

  it('attaches the remote detail where no serialiser looks: not enumerable, not in JSON', () => {
    const error = withRemoteDetail(new Error('failed'), `  ${DIAGNOSTICS}  `);
    expect(remoteDetailOf(error)).to.equal(DIAGNOSTICS);
    expect(Object.keys(error)).to.not.include('remoteDetail');
    expect(JSON.stringify({ error, spread: { ...error } })).to.not.contain('Jane');
    expect(remoteDetailOf(withRemoteDetail(new Error('x'), '   '))).to.equal(undefined);
    expect(remoteDetailOf(withRemoteDetail(new Error('x'), 'y'.repeat(900)))).to.have.length(500);
    expect(remoteDetailOf({ remoteDetail: 42 })).to.equal(undefined);
  });
});
