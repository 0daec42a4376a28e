import { expect } from 'chai';
import twilio from 'twilio';
import { validTwilioSignature } from './twilio-signature.js';

const TOKEN = '0123456789abcdef0123456789abcdef';
const PARAMS = { AccountSid: 'AC' + 'a'.repeat(32), MessageSid: 'SM' + 'b'.repeat(32), From: '+61412345678', To: '+61299990000', Body: 'Yes ünïcode & more' };

describe('proxy: X-Twilio-Signature check', () => {
  const params = (extra: Record<string, string> = {}) => Object.assign(Object.create(null) as Record<string, string>, PARAMS, extra);

  it('accepts what the Twilio library signs for the configured URL, with and without a query', () => {
    for (const url of ['https://replies.example.org/twilio', 'https://replies.example.org/base/twilio?x=1&y=%27']) {
      const signature = twilio.getExpectedTwilioSignature(TOKEN, url, params());
      expect(validTwilioSignature(TOKEN, signature, url, params())).to.equal(true);
    }
  });

  it('still accepts the forms the library accepts: default port added or removed', () => {
    const withPort = twilio.getExpectedTwilioSignature(TOKEN, 'https://replies.example.org:443/twilio', params());
    expect(validTwilioSignature(TOKEN, withPort, 'https://replies.example.org/twilio', params())).to.equal(true);
    const withoutPort = twilio.getExpectedTwilioSignature(TOKEN, 'https://replies.example.org/twilio', params());
    expect(validTwilioSignature(TOKEN, withoutPort, 'https://replies.example.org:443/twilio', params())).to.equal(true);
  });

  it('refuses a changed parameter, another URL, another token, and signatures of the wrong shape', () => {
    const url = 'https://replies.example.org/twilio';
    const signature = twilio.getExpectedTwilioSignature(TOKEN, url, params());
    expect(validTwilioSignature(TOKEN, signature, url, params({ Body: 'No' }))).to.equal(false);
    expect(validTwilioSignature(TOKEN, signature, url, params({ Extra: '' }))).to.equal(false);
    expect(validTwilioSignature(TOKEN, signature, 'https://replies.example.org/twilio/status', params())).to.equal(false);
    expect(validTwilioSignature('f'.repeat(32), signature, url, params())).to.equal(false);
    expect(validTwilioSignature(TOKEN, '', url, params())).to.equal(false);
    expect(validTwilioSignature(TOKEN, signature + '=', url, params())).to.equal(false);
    expect(validTwilioSignature(TOKEN, signature.slice(0, -1) + (signature.endsWith('A') ? 'B' : 'A'), url, params())).to.equal(false);
    expect(validTwilioSignature(TOKEN, signature, 'not a url', params())).to.equal(false);
  });
});
