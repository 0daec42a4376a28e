import { expect } from 'chai';
import { describeError, maskNumbers } from './describe-error.js';
import { InvalidNumberError, UnavailableError } from './errors.js';

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
});
