import { expect } from 'chai';
import twilio from 'twilio';
import {
  AuthError,
  ClinicArrivalsError,
  ConfigError,
  InvalidNumberError,
  OptedOutError,
  RateLimitedError,
  UnavailableError,
} from '@clinic-arrivals/plugin-kit';
import { classify, describeError, remoteDetailOf } from '@clinic-arrivals/plugin-kit';
import { mapTwilioError, retryAfterMs } from './error-mapping.js';

/** A RestException exactly as the twilio library builds it from an answer. */
function restException(status: number, code?: number): InstanceType<typeof twilio.RestException> {
  const body =
    code === undefined ? '' : { code, message: "The 'To' number +61412345678 is not valid", more_info: `https://www.twilio.com/docs/errors/${code}`, status };
  return new twilio.RestException({ statusCode: status, body });
}

describe('sms-twilio error mapping', function () {
  const cases: Array<[number, number | undefined, abstract new (...args: never[]) => ClinicArrivalsError]> = [
    [400, 21211, InvalidNumberError],
    [400, 21408, InvalidNumberError],
    [400, 21614, InvalidNumberError],
    [400, 21635, InvalidNumberError],
    [400, 21610, OptedOutError],
    [429, 20429, RateLimitedError],
    [429, undefined, RateLimitedError],
    [401, 20003, AuthError],
    [403, 20005, AuthError],
    [400, 21212, ConfigError],
    [400, 21606, ConfigError],
    [404, 20404, ConfigError],
    [500, 20500, UnavailableError],
    [503, undefined, UnavailableError],
  ];
  for (const [status, code, type] of cases) {
    it(`HTTP ${status}${code ? ` / ${code}` : ''} → ${type.name}`, function () {
      const mapped = mapTwilioError(restException(status, code), 'send');
      expect(mapped).to.be.instanceOf(type);
      expect(mapped.message, "never quotes the number from Twilio's message").to.not.contain('412345678');
    });
  }

  it("names the status, the code and our own description; Twilio's text only in remoteDetail", function () {
    const invalid = mapTwilioError(restException(400, 21211), 'send');
    expect(invalid.message).to.equal("Twilio answered HTTP 400 with error 21211 (invalid 'To' number): the destination cannot receive SMS from this account");
    expect(remoteDetailOf(invalid)).to.equal("The 'To' number +61412345678 is not valid");
    expect(JSON.stringify(invalid) + describeError(invalid)).to.not.contain('412345678');
    // A code we have no description for is named by number only.
    expect(mapTwilioError(restException(400, 21999), 'send').message).to.equal('Twilio answered HTTP 400 with error 21999 while sending an SMS');
    expect(mapTwilioError(restException(503), 'send').message).to.equal('Twilio answered HTTP 503 while sending an SMS');
  });

  it("repeats neither a network error's text nor an unparseable answer, only a validated error code", function () {
    const odd = mapTwilioError(new Error('request to +61412345678 failed'), 'send');
    expect(odd.message).to.equal('Twilio could not be reached while sending an SMS (network error)');
    expect(remoteDetailOf(odd)).to.equal('request to +61412345678 failed');
    const weirdCode = mapTwilioError(Object.assign(new Error('x'), { code: 'to +61412345678' }), 'send');
    expect(weirdCode.message).to.equal('Twilio could not be reached while sending an SMS (network error)');
    let syntax: unknown;
    try {
      JSON.parse('<html>Message to +61412345678 queued</html>');
    } catch (error) {
      syntax = error;
    }
    const garbled = mapTwilioError(syntax, 'send');
    expect(garbled.message + String((garbled.cause as Error).message))
      .to.not.contain('412345678')
      .and.not.contain('html');
    expect(remoteDetailOf(garbled)).to.contain('<html>');
  });

  it('keeps other 4xx as a permanent CA_ERR_TWILIO_REJECTED', function () {
    const mapped = mapTwilioError(restException(400, 21617), 'send');
    expect([mapped.constructor, mapped.code, mapped.retryable]).to.deep.equal([ClinicArrivalsError, 'CA_ERR_TWILIO_REJECTED', false]);
  });

  it('treats refused connections as never delivered, resets and timeouts as outcome unknown', function () {
    const refused = mapTwilioError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), 'send');
    const reset = mapTwilioError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'send');
    const timeout = mapTwilioError(Object.assign(new Error('timeout of 15000ms exceeded'), { code: 'ECONNABORTED' }), 'send');
    expect([refused, reset, timeout].map((e) => e instanceof UnavailableError)).to.deep.equal([true, true, true]);
    expect([refused, reset, timeout].map((e) => classify(e).kind)).to.deep.equal(['not-ready', 'outcome-unknown', 'outcome-unknown']);
  });

  it('reads Retry-After as seconds or as an HTTP date', function () {
    const now = Date.parse('2026-11-23T00:00:00Z');
    expect(retryAfterMs({ 'retry-after': '12' }, now)).to.equal(12_000);
    expect(retryAfterMs({ 'retry-after': 'Mon, 23 Nov 2026 00:00:30 GMT' }, now)).to.equal(30_000);
    expect(retryAfterMs({ 'retry-after': 'soon' }, now)).to.equal(undefined);
    expect(retryAfterMs(undefined, now)).to.equal(undefined);
  });
});
