import { expect } from 'chai';
import { effectTypes, incomingState, only, OTHER_PHONE, PHONE, savedPatch, Scenario, sends, suppressed, templates } from './fixtures.js';

describe('workflow policies: quiet hours', () => {
  it('Registration waits for the sending window; imminent-visit texts do not', () => {
    const s = Scenario.at('07:30').appointment('tomorrow', { at: '09:00', day: 1 }).appointment('soon', { at: '09:00' });
    expect(templates(s.scheduled())).to.deep.equal(['ConsiderTeleHealth']);
    s.setTime('08:00');
    expect(templates(s.scheduled())).to.include('Registration');
    s.setTime('20:00');
    expect(templates(s.scheduled())).to.not.include('Registration');
  });

  it('a window across midnight is honoured', () => {
    const s = Scenario.at('23:00').appointment('tomorrow', { at: '09:00', day: 1 });
    s.workflow.quietHours = { start: '22:00', end: '06:00' };
    expect(templates(s.scheduled())).to.deep.equal(['Registration']);
  });
});

describe('workflow policies: whitelist (test mode)', () => {
  it('only whitelisted numbers get texts; others are suppressed with no progress change', () => {
    const s = Scenario.at('10:00').appointment('listed', { at: '09:00', day: 1 }).appointment('not-listed', { at: '09:00', day: 1, phone: OTHER_PHONE });
    s.whitelist = new Set([PHONE]);
    const decisions = s.scheduled();
    expect(sends(decisions).map((e) => e.appointment?.id)).to.deep.equal(['listed']);
    const other = decisions.filter((d) => d.appointmentId === 'not-listed');
    expect(effectTypes(other)).to.deep.equal(['suppressed']);
    expect(only(suppressed(other))).to.deep.equal({
      type: 'suppressed',
      reason: 'whitelist',
      key: `not-listed:registration:${s.find('not-listed').start}`,
      appointmentId: 'not-listed',
    });
  });

  it('a reply from a number outside the whitelist changes nothing and is kept for a person', () => {
    const s = Scenario.at('10:55').appointment('a1', { at: '11:00', phone: OTHER_PHONE });
    s.whitelist = new Set([PHONE]);
    const decisions = s.incoming('arrived', OTHER_PHONE);
    expect(effectTypes(decisions)).to.deep.equal(['suppressed', 'setIncomingState']);
    expect(incomingState(decisions)).to.include({ state: 'unprocessed', reason: 'whitelist' });
  });

  it('in whitelist mode an unknown number keeps its own reason', () => {
    const s = Scenario.at('10:55');
    s.whitelist = new Set([PHONE]);
    const decisions = s.incoming('hello', OTHER_PHONE);
    expect(only(suppressed(decisions)).reason).to.equal('whitelist');
    expect(incomingState(decisions)).to.include({ state: 'unprocessed', reason: 'unknown-phone' });
  });
});

describe('workflow policies: daily cap per number', () => {
  it('the send that reaches the cap is flagged lastToday; later ones are suppressed', () => {
    const s = Scenario.at('10:00')
      .appointment('d1', { at: '09:00', day: 1 })
      .appointment('d2', { at: '10:00', day: 1 })
      .appointment('d3', { at: '11:00', day: 1 });
    s.workflow.dailyCapPerNumber = 3;
    s.sentToday.set(PHONE, 1);
    const decisions = s.scheduled();
    const [first, second] = sends(decisions);
    expect(first!.lastToday).to.equal(undefined);
    expect(second!.lastToday).to.equal(true);
    expect(sends(decisions)).to.have.length(2);
    expect(only(suppressed(decisions))).to.include({ reason: 'daily-cap', appointmentId: 'd3' });
    expect(savedPatch(decisions, 'd3')).to.equal(undefined);
  });

  it('one pass context counts scheduled and incoming sends together', () => {
    const s = Scenario.at('10:55')
      .appointment('a1', { at: '11:00' })
      .withProgress('a1', { screening: 'in-person' })
      .appointment('tomorrow', { at: '09:00', day: 1 });
    s.workflow.dailyCapPerNumber = 1;
    const pass = s.pass();
    expect(only(sends(s.scheduled(pass))).lastToday).to.equal(true);
    const reply = s.incoming('arrived', PHONE, pass);
    // Still arrived: the cap stops the text, not the arrival.
    expect(effectTypes(reply)).to.deep.equal(['saveProgress', 'markArrived', 'suppressed', 'saveProgress', 'setIncomingState']);
    expect(only(suppressed(reply)).reason).to.equal('daily-cap');
  });
});

describe('workflow policies: opt-out, opt-in, help (step 12)', () => {
  it('STOP (and the other carrier words) opt out without a reply', () => {
    for (const word of ['STOP', 'stop all', 'Unsubscribe', 'cancel', 'end', 'quit']) {
      const s = Scenario.at('10:00').appointment('a1', { at: '11:00' }).withProgress('a1', { screening: 'asked' });
      const decisions = s.incoming(word);
      expect(only(decisions).step).to.equal('opt-out');
      expect(decisions[0]!.effects).to.deep.equal([
        { type: 'setOptOut', phone: PHONE, optedOut: true },
        { type: 'setIncomingState', messageId: 'SM1', state: 'handled' },
      ]);
    }
  });

  it('START / UNSTOP opt back in without a reply', () => {
    const s = Scenario.at('10:00');
    s.optedOut.add(PHONE);
    for (const word of ['start', 'UNSTOP']) {
      expect(effectTypes(s.incoming(word))).to.deep.equal(['setOptOut', 'setIncomingState']);
      expect(s.incoming(word)[0]!.effects[0]).to.deep.equal({ type: 'setOptOut', phone: PHONE, optedOut: false });
    }
  });

  it('YES from an opted-out number is an opt-in, not a screening answer', () => {
    const s = Scenario.at('10:00').appointment('a1', { at: '11:00' }).withProgress('a1', { screening: 'asked' });
    s.optedOut.add(PHONE);
    const decisions = s.incoming('Yes');
    expect(only(decisions).step).to.equal('opt-in');
    expect(sends(decisions)).to.deep.equal([]);
    s.apply(decisions);
    expect(templates(s.incoming('yes'))).to.deep.equal(['ScreeningYesToVideo']);
  });

  it('HELP / INFO → Help, even from an unknown number', () => {
    const s = Scenario.at('10:00');
    const decisions = s.incoming('help', OTHER_PHONE);
    expect(only(sends(decisions))).to.include({ template: 'Help', key: 'help:SM1', to: OTHER_PHONE });
    expect(incomingState(decisions)?.state).to.equal('handled');
    expect(templates(s.incoming('Info'))).to.deep.equal(['Help']);
  });

  it('opted-out numbers get nothing: sends become suppressed effects', () => {
    const s = Scenario.at('10:00').appointment('tomorrow', { at: '09:00', day: 1 }).appointment('today', { at: '11:00' });
    s.optedOut.add(PHONE);
    const decisions = s.scheduled();
    expect(sends(decisions)).to.deep.equal([]);
    expect(suppressed(decisions).map((e) => e.reason)).to.deep.equal(['opted-out', 'opted-out']);
  });

  it('an opted-out patient who texts ARRIVED is still arrived, silently', () => {
    const s = Scenario.at('10:55').appointment('a1', { at: '11:00' });
    s.optedOut.add(PHONE);
    const decisions = s.incoming('arrived');
    expect(effectTypes(decisions)).to.deep.equal(['saveProgress', 'markArrived', 'suppressed', 'saveProgress', 'setIncomingState']);
  });
});
