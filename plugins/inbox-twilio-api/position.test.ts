import { expect } from 'chai';
import { acknowledge, initialPosition, isInboxPosition, OVERLAP_MS, pollFrom } from './position.js';

const T = Date.parse('2026-11-23T00:00:00Z');

describe('inbox-twilio-api position', function () {
  it('starts lookback before now, on a whole second', function () {
    expect(initialPosition(T + 1234, 60 * 60_000)).to.deep.equal({ since: T + 1000 - 60 * 60_000, acked: {} });
    expect(pollFrom({ since: T, acked: {} })).to.equal(T - OVERLAP_MS);
  });

  it('does not move past a message that is still unacknowledged', function () {
    const position = acknowledge({ since: T, acked: {} }, 'SMb', T + 20_000, [T + 10_000]);
    expect(position).to.deep.equal({ since: T + 10_000, acked: { SMb: T + 20_000 } });
  });

  it('moves to the newest acknowledged message when nothing is open, and keeps SIDs of the same second', function () {
    let position = acknowledge({ since: T, acked: {} }, 'SMa', T + 5_000, [T + 5_000]);
    position = acknowledge(position, 'SMb', T + 5_000, []);
    expect(position).to.deep.equal({ since: T + 5_000, acked: { SMa: T + 5_000, SMb: T + 5_000 } });
  });

  it('forgets acknowledged SIDs once they fall out of the overlap window', function () {
    let position = acknowledge({ since: T, acked: {} }, 'SMold', T, []);
    position = acknowledge(position, 'SMnew', T + OVERLAP_MS + 1000, []);
    expect(position.acked).to.deep.equal({ SMnew: T + OVERLAP_MS + 1000 });
  });

  it('never moves back', function () {
    expect(acknowledge({ since: T, acked: {} }, 'SMlate', T - 30_000, []).since).to.equal(T);
  });

  it('recognises stored positions', function () {
    expect(isInboxPosition({ since: T, acked: {} })).to.equal(true);
    expect(isInboxPosition({ since: 'yesterday', acked: {} })).to.equal(false);
    expect(isInboxPosition(undefined)).to.equal(false);
  });
});
