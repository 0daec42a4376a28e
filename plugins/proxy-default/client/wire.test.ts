import { expect } from 'chai';
import { fromLegacy, legacyMessageId, parsePollAnswer, parseWireMessage } from './wire.js';
import { RecentIds } from './recent-ids.js';

describe('proxy-default client: what the proxy sends', function () {
  const message = {
    id: 'SM' + 'a'.repeat(32),
    kind: 'sms',
    messageSid: 'SM' + 'a'.repeat(32),
    from: '+61412345678',
    to: '+61480000000',
    body: 'YES',
    receivedAt: '2026-11-23T08:00:00.000Z',
    deliveries: 1,
  };

  it('accepts client API messages and refuses anything else', function () {
    expect(parseWireMessage(message)).to.deep.include({ id: message.id, kind: 'sms', from: '+61412345678', body: 'YES' });
    for (const bad of [
      null,
      'x',
      { ...message, id: '' },
      { ...message, id: 'x'.repeat(101) },
      { ...message, kind: 'mms' },
      { ...message, body: 3 },
      { ...message, receivedAt: 'yesterday' },
    ]) {
      expect(parseWireMessage(bad), JSON.stringify(bad)).to.equal(undefined);
    }
    expect(parsePollAnswer({ messages: [message, { nope: 1 }] })).to.deep.include({ malformed: 1 });
    expect(parsePollAnswer({ items: [] })).to.equal(undefined);
  });

  it('gives a legacy message a stable id from sender, date and text', function () {
    const legacy = { from: '+61412345678', date: '2026-11-23T08:00:00.000Z', body: 'YES' };
    expect(legacyMessageId(legacy)).to.equal(legacyMessageId({ ...legacy }));
    expect(legacyMessageId(legacy)).to.not.equal(legacyMessageId({ ...legacy, body: 'YES ' }));
    expect(legacyMessageId(legacy)).to.not.equal(legacyMessageId({ ...legacy, date: '2026-11-23T08:00:01.000Z' }));
    expect(fromLegacy({ ...legacy, date: 'not a date' }, Date.UTC(2026, 10, 23)).receivedAt).to.equal('2026-11-23T00:00:00.000Z');
  });

  it('remembers a bounded number of ids, forgetting the oldest', function () {
    const ids = new RecentIds(2);
    ids.add('a');
    ids.add('b');
    ids.add('a'); // refreshed
    ids.add('c');
    expect([ids.has('a'), ids.has('b'), ids.has('c'), ids.size]).to.deep.equal([true, false, true, 2]);
  });
});
