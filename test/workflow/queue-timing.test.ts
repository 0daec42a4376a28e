import { expect } from 'chai';
import { savedPatch, Scenario, sends } from './fixtures.js';

/** What the wait estimate reads: when the host saw each visit called in and finished. */
describe('workflow: call and finish times for the wait estimate', () => {
  it('records calledAt when the visit moves from arrived to the in-progress status, once', () => {
    const s = Scenario.at('09:00').appointment('a1', { at: '09:00', status: 'arrived' }).withProgress('a1', { screening: 'in-person', arrivedAt: 1 });
    s.setTime('09:20').update('a1', { status: 'fulfilled' });
    const decisions = s.scheduled();
    expect(savedPatch(decisions, 'a1')).to.include({ calledAt: s.now, lastStatus: 'fulfilled' });
    // The default in-progress status is `fulfilled`: no finish time then.
    expect(savedPatch(decisions, 'a1')).to.not.have.property('doneAt');
    s.apply(decisions).setTime('09:40');
    expect(s.scheduled()).to.deep.equal([]);
    expect(s.progress.get('a1')?.calledAt).to.equal(s.now - 20 * 60_000);
  });

  it('with a separate in-progress status, records doneAt when the visit becomes fulfilled', () => {
    const s = Scenario.at('09:00').appointment('a1', { at: '09:00', status: 'arrived' }).withProgress('a1', { screening: 'in-person', arrivedAt: 1 });
    s.workflow.inProgressStatus = 'checked-in';
    s.setTime('09:05').update('a1', { status: 'checked-in' });
    s.apply(s.scheduled());
    expect(s.progress.get('a1')).to.include({ calledAt: s.now });
    s.setTime('09:25').update('a1', { status: 'fulfilled' });
    const decisions = s.scheduled();
    expect(savedPatch(decisions, 'a1')).to.include({ doneAt: s.now, lastStatus: 'fulfilled' });
    s.apply(decisions);
    expect(s.scheduled()).to.deep.equal([]);
  });

  it('a visit first seen already in progress gets no calledAt', () => {
    const s = Scenario.at('09:30').appointment('a1', { at: '09:00', status: 'fulfilled' });
    expect(savedPatch(s.scheduled(), 'a1')?.calledAt).to.equal(undefined);
    const stored = Scenario.at('09:30').appointment('a1', { at: '09:00', status: 'fulfilled' }).withProgress('a1', { screening: 'in-person' });
    expect(stored.scheduled()).to.deep.equal([]);
  });

  it('a booked visit with nothing stored is recorded once inside the screening window, so its call is seen', () => {
    const s = Scenario.at('08:00').appointment('a1', { at: '12:00' });
    s.optedOut.add(s.find('a1').mobileE164!);
    const early = s.scheduled();
    expect(sends(early)).to.deep.equal([]);
    expect(savedPatch(early, 'a1'), 'hours away: nothing written').to.equal(undefined);
    s.setTime('09:00');
    const first = s.scheduled();
    expect(savedPatch(first, 'a1')).to.deep.equal({ lastStatus: 'booked', plannedStart: s.find('a1').start });
    s.apply(first);
    expect(savedPatch(s.scheduled(), 'a1'), 'written once').to.equal(undefined);
    s.setTime('12:10').update('a1', { status: 'fulfilled' });
    expect(savedPatch(s.scheduled(), 'a1')).to.include({ calledAt: s.now });
  });

  it("today's visits without a mobile are in the queue too: their status and call time are recorded, other days' are not", () => {
    const s = Scenario.at('09:00').appointment('walk-in', { at: '09:30', phone: null }).appointment('tomorrow', { at: '09:30', day: 1, phone: null });
    const first = s.scheduled();
    expect(first.map((d) => [d.step, d.appointmentId])).to.deep.equal([['status-sync', 'walk-in']]);
    s.apply(first).setTime('09:40').update('walk-in', { status: 'arrived' });
    s.apply(s.scheduled()).setTime('09:50').update('walk-in', { status: 'fulfilled' });
    const called = s.scheduled();
    expect(sends(called)).to.deep.equal([]);
    expect(savedPatch(called, 'walk-in')).to.include({ calledAt: s.now });
  });
});
