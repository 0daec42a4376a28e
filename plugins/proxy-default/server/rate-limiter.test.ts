import { expect } from 'chai';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { TokenBucketLimiter } from './rate-limiter.js';

describe('proxy: token-bucket rate limiter', () => {
  it('allows a burst, then answers how long until the next token, refilling at the rate', () => {
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    const limiter = new TokenBucketLimiter({ perSecond: 2, burst: 3 }, clock);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).to.deep.equal([0, 0, 0]);
    expect(limiter.take('a')).to.equal(500);
    expect(limiter.take('b')).to.equal(0);
    clock.advance(500);
    expect(limiter.take('a')).to.equal(0);
    expect(limiter.take('a')).to.equal(500);
    clock.advance(10_000);
    expect(limiter.waitFor('a')).to.equal(0);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a'), limiter.take('a')]).to.deep.equal([0, 0, 0, 500]);
  });

  it('keeps memory bounded under a flood of keys, dropping full buckets first, then the least recently used', () => {
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    // Refills so slowly that no bucket fills up again: eviction has to pick by use.
    const limiter = new TokenBucketLimiter({ perSecond: 0.001, burst: 2 }, clock, 10);
    limiter.take('attacker');
    limiter.take('attacker');
    for (let i = 0; i < 100; i++) {
      limiter.take(`passer-${i}`);
      if (i % 3 === 0) {
        clock.advance(1000);
        // Refused, but in use: it must stay, or the flood would hand it a fresh burst.
        expect(limiter.take('attacker')).to.be.greaterThan(0);
      }
      expect(limiter.size).to.be.at.most(10);
    }
    // The first passers were dropped (least recently used), so they start over with a full burst.
    expect(limiter.take('passer-0')).to.equal(0);
  });

  it('drops full buckets before anything else', () => {
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    const limiter = new TokenBucketLimiter({ perSecond: 1, burst: 2 }, clock, 4);
    for (const key of ['a', 'b', 'c']) limiter.take(key);
    limiter.take('d');
    limiter.take('d');
    clock.advance(1000); // a, b and c are full again; d still has one token to get back
    limiter.take('e');
    expect(limiter.size).to.equal(2);
    expect(limiter.take('d')).to.equal(0);
    expect(limiter.take('d')).to.be.greaterThan(0);
  });
});
