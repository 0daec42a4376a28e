import { expect } from 'chai';
import { ManualClock } from './manual-clock.js';

describe('ManualClock', function () {
  it('starts where it is told and moves only when told', function () {
    const clock = new ManualClock('2026-11-23T08:00:00+11:00');
    expect(clock.now()).to.equal(Date.parse('2026-11-22T21:00:00Z'));
    clock.advance(90_000);
    expect(clock.now()).to.equal(Date.parse('2026-11-22T21:01:30Z'));
    clock.set(0);
    expect(clock.now()).to.equal(0);
    clock.set('2026-11-23T09:00:00Z');
    expect(clock.now()).to.equal(Date.parse('2026-11-23T09:00:00Z'));
  });

  it('rejects instants and steps that are not times', function () {
    const clock = new ManualClock();
    expect(() => clock.set('next tuesday')).to.throw(RangeError);
    expect(() => clock.advance(Number.NaN)).to.throw(RangeError);
    expect(() => new ManualClock('soon')).to.throw(RangeError);
  });
});
